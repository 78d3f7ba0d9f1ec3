/**
 * Whose references a window writes in the snapshot store (src/core/snapshots/snapshotStore.ts: one refs file per
 * owner, written by that owner only). A workspace is its storage URI. A folderless window has none: it gets
 * an id of its own, kept in its workspaceState beside the history it describes, so that two such windows
 * never overwrite each other's references (they all wrote as `global`, last writer winning) and a reloaded
 * window writes the same file again. Pure: no `vscode`.
 */
import { randomBytes } from 'node:crypto';

export const OWNER_STATE_KEY = 'sceneSnap.snapshots.owner';
const WINDOW_OWNER = /^window:[0-9a-f]{32}$/;

/** The part of a vscode.Memento this needs. */
export interface OwnerState {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export function snapshotOwner(storageUri: string | undefined, state: OwnerState): string {
  if (storageUri) return storageUri;
  const stored = state.get<unknown>(OWNER_STATE_KEY);
  if (typeof stored === 'string' && WINDOW_OWNER.test(stored)) return stored;
  const owner = `window:${randomBytes(16).toString('hex')}`;
  // Not awaited: the id is good for this session at once; a failed write only means a new id next time
  // (the old refs file then expires after 30 days).
  void Promise.resolve(state.update(OWNER_STATE_KEY, owner)).catch(() => {});
  return owner;
}
