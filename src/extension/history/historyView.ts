import * as vscode from 'vscode';
import { SceneSnapError } from '../../core/api/errors';
import { confirm } from '../confirm';
import { Disposable } from '../disposable';
import { roomLabel } from '../../core/rooms/roomSettings';
import type { PreviewOpener } from '../screenshots/screenshotService';
import type { HistoryEntry } from './historyEntries';
import type { HistoryStore } from './historyStore';

/** What the History view shows of the snapshot store (src/extension/snapshots/snapshotService.ts). */
export interface HistorySnapshots {
  afterClear(cleared: readonly HistoryEntry[]): Promise<void>;
  usageText(): string | undefined;
  usage(): Promise<unknown>;
  readonly onDidChangeUsage: vscode.Event<void>;
  /** Why a kept snapshot left the store, when this window removed it (SnapshotService.goneReason). */
  goneReason?(hash: string): 'freed' | 'cap' | undefined;
}

/** What the rows need to know of the store: which kept images are gone, and why. */
export interface GoneImages {
  goneReason?(hash: string): 'freed' | 'cap' | undefined;
}

/**
 * The row's mark and tooltip line for kept images no longer in the store (freed by the user or removed by
 * the cap): the preview then shows the bucket URL, which may hold a newer picture.
 */
function goneNotes(entry: HistoryEntry, gone: GoneImages | undefined): { badge?: string; lines: string[] } {
  if (!gone?.goneReason) return { lines: [] };
  const reasons = (entry.snapshots ?? []).flatMap((r) => (r.kind === 'kept' ? [gone.goneReason!(r.hash)] : []));
  const freed = reasons.filter((r) => r === 'freed').length;
  const cap = reasons.filter((r) => r === 'cap').length;
  if (freed + cap === 0) return { lines: [] };
  const one = entry.results.length === 1;
  const badge = one ? (freed ? vscode.l10n.t('image freed') : vscode.l10n.t('image removed (cap)')) : vscode.l10n.t('{0} images freed', freed + cap);
  const lines = [
    ...(freed ? [vscode.l10n.t('{0} kept image(s) freed with Free Kept Snapshots…: the preview shows the bucket URL, which may hold a newer picture.', freed)] : []),
    ...(cap ? [vscode.l10n.t('{0} kept image(s) removed to stay within sceneSnap.snapshots.maxMegabytes: the preview shows the bucket URL, which may hold a newer picture.', cap)] : []),
  ];
  return { badge, lines };
}

/** The line each entry's snapshots add to its row and tooltip: blank ones, and why some were not kept. */
function snapshotNotes(entry: HistoryEntry): { badge?: string; lines: string[] } {
  const refs = entry.snapshots ?? [];
  const blank = refs.filter((r) => r.kind === 'kept' && r.blank).length;
  const failed = refs.filter((r) => r.kind === 'failed');
  const lines: string[] = [];
  if (blank > 0) {
    lines.push(
      refs.length === 1
        ? vscode.l10n.t('Blank: the picture is one colour (an empty scene, or a room that draws with the appliance plugin, whose strokes server-side screenshots leave out).')
        : vscode.l10n.t('{0} blank: one colour (an empty scene, or a room that draws with the appliance plugin, whose strokes server-side screenshots leave out).', blank),
    );
  }
  if (failed.length > 0) {
    const reasons = [...new Set(failed.map((f) => f.reason))].join(' ');
    lines.push(refs.length === 1 ? vscode.l10n.t('Not kept: {0} The preview shows the URL.', reasons) : vscode.l10n.t('{0} not kept: {1} Their preview shows the URL.', failed.length, reasons));
  }
  const badge = blank > 0 ? (refs.length === 1 ? vscode.l10n.t('Blank') : vscode.l10n.t('{0} blank', blank)) : failed.length > 0 ? vscode.l10n.t('not kept') : undefined;
  return { ...(badge ? { badge } : {}), lines };
}

function ago(time: number, now: number): string {
  const s = Math.max(0, Math.round((now - time) / 1000));
  if (s < 60) return vscode.l10n.t('just now');
  if (s < 3600) return vscode.l10n.t('{0} min ago', Math.round(s / 60));
  if (s < 86_400) return vscode.l10n.t('{0} h ago', Math.round(s / 3600));
  return new Date(time).toLocaleDateString(vscode.env.language);
}

export class HistoryProvider extends Disposable implements vscode.TreeDataProvider<HistoryEntry> {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly history: HistoryStore, private readonly gone?: GoneImages) {
    super();
    this.register(history.onDidChange(() => this.changed.fire()));
  }

  /** The rows again (kept images were freed or evicted: their marks change). */
  refresh(): void {
    this.changed.fire();
  }

  getChildren(entry?: HistoryEntry): HistoryEntry[] {
    return entry ? [] : this.history.list();
  }

  getTreeItem(entry: HistoryEntry): vscode.TreeItem {
    // The room by its name where it has one, in the row, its tooltip and what a screen reader says.
    const room = roomLabel({ uuid: entry.room, name: entry.roomName });
    const item = new vscode.TreeItem(`${room} · ${entry.path}`);
    item.id = `history:${entry.id}`;
    const images = entry.results.length === 1 ? vscode.l10n.t('1 image') : vscode.l10n.t('{0} images', entry.results.length);
    const when = ago(entry.time, Date.now());
    const notes = snapshotNotes(entry);
    const freed = goneNotes(entry, this.gone);
    // The time first: at the default width the rows of one scene differ only there.
    item.description = [when, `${entry.width}×${entry.height}`, images, ...(freed.badge ? [freed.badge] : []), ...(notes.badge ? [notes.badge] : []), ...(entry.pinned ? [vscode.l10n.t('pinned')] : [])].join(' · ');
    const what = entry.kind === 'scene' ? vscode.l10n.t('Scene {0} of room {1}', entry.path, room) : entry.kind === 'room' ? vscode.l10n.t('Every scene of room {0}', room) : vscode.l10n.t('Scene directory {0} of room {1}', entry.path, room);
    item.tooltip = [
      what,
      vscode.l10n.t('{0}×{1} px, region {2}', entry.width, entry.height, entry.region),
      vscode.l10n.t('{0} ({1} ms)', new Date(entry.time).toLocaleString(vscode.env.language), entry.durationMs),
      ...notes.lines,
      ...freed.lines,
      ...(entry.pinned ? [vscode.l10n.t('Pinned: its kept snapshots stay whatever sceneSnap.snapshots.maxMegabytes says.')] : []),
    ].join('\n');
    item.accessibilityInformation = { label: [what, vscode.l10n.t('{0}×{1} px, region {2}', entry.width, entry.height, entry.region), images, when].join(', ') };
    item.iconPath = new vscode.ThemeIcon(entry.pinned ? 'pinned' : entry.kind === 'scene' ? 'file-media' : entry.kind === 'room' ? 'layers' : 'folder-library');
    item.contextValue = entry.pinned ? 'historyEntry.pinned' : 'historyEntry';
    item.command = { command: 'sceneSnap.openHistoryEntry', title: vscode.l10n.t('Open Preview'), arguments: [entry.id] };
    return item;
  }
}

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
 * rows). Anything else, or an id the history does not hold, is invalidInput, as DESIGN.md's contract says.
 * An id the history no longer holds (a row or a hover link drawn before its entry was removed) is also told
 * to the user here: a command link's rejection goes to VS Code's console only, and the user saw nothing.
 */
function namedEntry(history: HistoryStore, arg: unknown): HistoryEntry {
  const id = typeof arg === 'string' ? arg : typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'string' ? (arg as { id: string }).id : undefined;
  if (id === undefined) throw new SceneSnapError('invalidInput', vscode.l10n.t('sceneSnap.openHistoryEntry takes {0} naming a screenshot of the history.', '{id}'));
  const entry = history.get(id);
  if (!entry) {
    const message = vscode.l10n.t('No screenshot in the history has the id {0}: it may have been removed from the history (Remove, Clear History) or rotated out.', JSON.stringify(id.slice(0, 80)));
    void vscode.window.showWarningMessage(message);
    throw new SceneSnapError('invalidInput', message);
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

export function registerHistory(history: HistoryStore, preview: PreviewOpener, log: vscode.LogOutputChannel, snapshots?: HistorySnapshots): { disposable: vscode.Disposable; view: vscode.TreeView<HistoryEntry> } {
  const provider = new HistoryProvider(history, snapshots);
  const view = vscode.window.createTreeView('sceneSnap.history', { treeDataProvider: provider });
  // How much the store keeps, beside the view's title; read from the disk once the view is first seen.
  const describe = (): void => {
    view.description = snapshots?.usageText();
  };
  const subscriptions: vscode.Disposable[] = [];
  if (snapshots) {
    // An eviction changes the usage figure, and which rows' images are freed.
    subscriptions.push(snapshots.onDidChangeUsage(() => {
      describe();
      provider.refresh();
    }));
    let asked = false;
    const ask = (): void => {
      if (asked || !view.visible) return;
      asked = true;
      snapshots.usage().catch((err: unknown) => log.warn(`Could not read the snapshot store's size: ${err instanceof Error ? err.message : String(err)}`));
    };
    subscriptions.push(view.onDidChangeVisibility(ask));
    ask();
  }
  const disposable = vscode.Disposable.from(
    ...subscriptions,
    provider,
    view,
    vscode.commands.registerCommand('sceneSnap.showHistory', () => vscode.commands.executeCommand('sceneSnap.history.focus')),
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
  return { disposable, view };
}
