/**
 * The history as the exported API's `history()` hands it out (DESIGN.md): what another extension or a
 * keybinding needs to name an entry (to sceneSnap.compare or sceneSnap.openHistoryEntry) and to know what
 * it showed. Each field is copied by name, so nothing else an entry holds (bucket keys, timings) leaks
 * into the contract; a token is never in an entry to begin with. Pure: no `vscode`.
 */
import type { HistoryEntry } from './historyEntries';

/** One picture of an entry. */
export interface HistoryResult {
  url: string;
  /** A copy of the PNG is in the snapshot store now (it shows what the URL showed when it was taken). */
  kept: boolean;
  /** The picture was one colour when it was taken (an empty scene, or strokes the service leaves out). */
  blank: boolean;
}

/**
 * One screenshot in this workspace's history. Spelled out rather than picked from HistoryEntry: this is the
 * public contract, which must not change when the stored shape does.
 */
export interface HistoryItem {
  /** What sceneSnap.openHistoryEntry {id} and sceneSnap.compare {a, b} take. */
  id: string;
  kind: 'scene' | 'directory' | 'room';
  room: string;
  roomName?: string;
  path: string;
  width: number;
  height: number;
  region: string;
  /** When it was taken, epoch ms. */
  time: number;
  /** Kept through the history's rotation, Clear History and the snapshot cap. */
  pinned: boolean;
  results: HistoryResult[];
}

/**
 * Newest first, as the history lists them. `inStore(hash)` says whether a kept PNG is still in the snapshot
 * store (the cap may have removed an unpinned one since).
 */
export function publicHistory(entries: readonly HistoryEntry[], inStore: (hash: string) => boolean): HistoryItem[] {
  return entries.map((e) => ({
    id: e.id,
    kind: e.kind,
    room: e.room,
    ...(e.roomName === undefined ? {} : { roomName: e.roomName }),
    path: e.path,
    width: e.width,
    height: e.height,
    region: e.region,
    time: e.time,
    pinned: e.pinned === true,
    results: e.results.map((r, i) => {
      const ref = e.snapshots?.[i];
      const kept = ref?.kind === 'kept' ? ref : undefined;
      return { url: r.url, kept: kept !== undefined && inStore(kept.hash), blank: kept?.blank === true };
    }),
  }));
}
