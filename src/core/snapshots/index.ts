// The snapshot store's working parts, bundled on their own as dist/snapshots.js and loaded after the first
// screenshot (src/extension/snapshots/snapshotService.ts), as dist/api.js is on the first request: the store, the
// downloads into it and the blank check (with its PNG decoder) stay out of activation. No `vscode` here.
export { SnapshotStore, isSnapshotHash, type StoredSnapshot, type StoreUsage, type RemovalReport } from './snapshotStore';
export { keepSnapshots, type KeepOutcome, type KeepProgress, type FetchPng } from './keepSnapshots';
export { checkBlankPng, isBlankPng, mayBeBlank, type BlankCheck } from '../images/blankPng';
export { MAX_PIXELS, withinPixelBudget } from '../images/pngHeader';
export { useWords } from '../api/words';
