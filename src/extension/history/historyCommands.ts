import * as vscode from 'vscode';
import { SceneSnapError } from '../../core/api/errors';
import { confirm } from '../confirm';
import { roomLabel } from '../../core/rooms/roomSettings';
import type { PreviewOpener } from '../screenshots/screenshotService';
import { ago } from './ago';
import type { HistoryEntry } from './historyEntries';
import type { HistoryStore } from './historyStore';
import type { HistorySnapshots } from './historyView';

// The History view's commands (Clear History…, Open, Copy URL, Remove): part of dist/commands.js, loaded on
// the first of the rarely used commands (src/extension/lazyCommands.ts); the view itself is registered at
// activation (historyView.ts).

/**
 * Clear History's question. With pinned entries its first answer (what Enter picks) keeps them: pins mean
 * kept, and clearing them too is a choice of its own. Resolves to what to clear, or undefined (cancelled).
 */
async function askClear(entries: readonly HistoryEntry[]): Promise<'unpinned' | 'all' | undefined> {
  const count = entries.length;
  const pinned = entries.filter((e) => e.pinned).length;
  const detail = vscode.l10n.t('The images stay in your storage bucket; the list and the kept snapshots no other workspace uses are removed');
  if (pinned === 0) {
    const clear = vscode.l10n.t('Clear History');
    const question = count === 1 ? vscode.l10n.t('Clear the one screenshot from the history?') : vscode.l10n.t('Clear all {0} screenshots from the history?', count);
    return (await confirm(question, detail, clear)) === clear ? 'all' : undefined;
  }
  const unpinned = vscode.l10n.t('Clear Unpinned');
  const all = vscode.l10n.t('Clear All Including Pinned');
  const question =
    pinned === count
      ? vscode.l10n.t('Every screenshot in the history is pinned ({0}). Clear them all?', count)
      : vscode.l10n.t('Clear {0} screenshots from the history? The {1} pinned ones stay, with their kept snapshots.', count - pinned, pinned);
  // Every one pinned: the first answer still keeps them (Clear History, Enter, twice must not clear the pins).
  const keep = vscode.l10n.t('Keep Pinned Screenshots');
  const choice = await confirm(question, detail, pinned < count ? unpinned : keep, all);
  return choice === unpinned ? 'unpinned' : choice === all ? 'all' : undefined;
}

/**
 * The entry an argument names: `{id}` (keybindings, other extensions) or the id itself (the History view's
 * rows). Anything else is invalidInput, as for the exported API. An id the history no longer holds (a row
 * or a hover link drawn before its entry was removed) is told to the user here and gives undefined: as a
 * rejection, a command link's failure went to VS Code's console only, and the user saw nothing.
 */
function namedEntry(history: HistoryStore, arg: unknown): HistoryEntry | undefined {
  const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string' ? (arg as { id: string }).id : undefined;
  if (id === undefined) throw new SceneSnapError('invalidInput', vscode.l10n.t('sceneSnap.openHistoryEntry takes {0} naming a screenshot of the history.', '{id}'));
  const entry = history.get(id);
  if (!entry) {
    void vscode.window.showWarningMessage(
      vscode.l10n.t('No screenshot in the history has the id {0}: it may have been removed from the history (Remove, Clear History) or rotated out.', JSON.stringify(id.slice(0, 80))),
    );
  }
  return entry;
}

/** The palette: the user picks a screenshot of the history, newest first. */
async function pickEntry(entries: readonly HistoryEntry[], placeHolder = vscode.l10n.t('Pick a screenshot of the history to open')): Promise<HistoryEntry | undefined> {
  if (entries.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('The screenshot history is empty: take a screenshot first.'));
    return undefined;
  }
  const now = Date.now();
  const picked = await vscode.window.showQuickPick(
    entries.map((e) => ({
      label: `${e.pinned ? '$(pinned) ' : ''}${roomLabel({ uuid: e.room, name: e.roomName })} · ${e.path}`,
      description: ago(e.time, now),
      detail: `${e.width}×${e.height} · ${e.results.length === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', e.results.length)} · ${e.region}`,
      entry: e,
    })),
    { placeHolder, matchOnDescription: true, matchOnDetail: true },
  );
  return picked?.entry;
}

export function registerHistoryCommands(history: HistoryStore, preview: PreviewOpener, log: vscode.LogOutputChannel, snapshots?: Pick<HistorySnapshots, 'afterClear'>): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sceneSnap.clearHistory', async () => {
      const count = history.list().length;
      if (count === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('The screenshot history is already empty.'));
      const choice = await askClear(history.list());
      if (!choice) return;
      const before = history.list();
      await history.clear({ keepPinned: choice === 'unpinned' });
      const after = new Set(history.list().map((e) => e.id));
      const cleared = before.filter((e) => !after.has(e.id));
      log.info(`Cleared ${cleared.length} history entries${after.size > 0 ? `; ${after.size} pinned stay` : ''}`);
      await snapshots?.afterClear(cleared);
    }),
    vscode.commands.registerCommand('sceneSnap.openHistoryEntry', async (arg?: unknown) => {
      const entry = arg === undefined ? await pickEntry(history.list()) : namedEntry(history, arg);
      if (entry) await preview.show(entry);
    }),
    vscode.commands.registerCommand('sceneSnap.copyHistoryEntryUrl', async (arg?: unknown) => {
      const entry = arg === undefined ? await pickEntry(history.list(), vscode.l10n.t('Pick the screenshot whose URL to copy')) : namedEntry(history, arg);
      if (!entry) return;
      // A directory: every scene's URL, one per line (as the gallery's Copy all URLs).
      await vscode.env.clipboard.writeText(entry.results.map((r) => r.url).join('\n'));
      void vscode.window.setStatusBarMessage(entry.results.length === 1 ? vscode.l10n.t('Copied the URL') : vscode.l10n.t('Copied {0} URLs', entry.results.length), 3000);
    }),
    vscode.commands.registerCommand('sceneSnap.removeHistoryEntry', async (arg?: unknown) => {
      const entry = arg === undefined ? await pickEntry(history.list(), vscode.l10n.t('Pick the screenshot to remove from the history')) : namedEntry(history, arg);
      if (!entry) return;
      const removed = await history.remove(entry.id);
      if (!removed) return;
      log.info(`Removed history entry ${entry.id} (${entry.room} ${entry.path})`);
      // Its kept snapshots no other entry or workspace uses go, as after Clear History.
      await snapshots?.afterClear([removed]);
    }),
  );
}
