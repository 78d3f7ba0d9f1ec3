import type * as vscode from 'vscode';
import { hasKeptSnapshot } from './historyEntries';
import type { HistoryStore } from './historyStore';
import { publicHistory, type HistoryItem } from './publicHistory';

/** What history() asks of the snapshot store: the hashes of every PNG kept now. */
export interface KeptHashes {
  store(): { hashes(): Promise<string[]> };
}

/**
 * The exported API's history(): this workspace's entries, newest first, each result saying whether its
 * kept copy is still in the store. The store is listed once per call, and only when an entry kept a copy
 * (so a window that never kept one loads no snapshot code for it).
 */
export async function historyForApi(history: HistoryStore, snapshots: KeptHashes, log: vscode.LogOutputChannel): Promise<HistoryItem[]> {
  const entries = history.list();
  if (!entries.some(hasKeptSnapshot)) return publicHistory(entries, () => false);
  try {
    const inStore = new Set(await snapshots.store().hashes());
    return publicHistory(entries, (hash) => inStore.has(hash));
  } catch (err) {
    // The list is still worth having: say what each entry recorded as kept.
    log.warn(`history(): could not list the snapshot store, so kept says what each entry recorded: ${err instanceof Error ? err.message : String(err)}`);
    return publicHistory(entries, () => true);
  }
}
