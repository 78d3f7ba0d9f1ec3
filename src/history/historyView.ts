import * as vscode from 'vscode';
import { confirm } from '../confirm';
import { Disposable } from '../disposable';
import { roomLabel } from '../rooms/roomSettings';
import type { PreviewOpener } from '../screenshots/screenshotService';
import type { HistoryEntry } from './historyEntries';
import type { HistoryStore } from './historyStore';

/** What the History view shows of the snapshot store (src/snapshots/snapshotService.ts). */
export interface HistorySnapshots {
  afterClear(cleared: readonly HistoryEntry[]): Promise<void>;
  usageText(): string | undefined;
  usage(): Promise<unknown>;
  readonly onDidChangeUsage: vscode.Event<void>;
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

  constructor(private readonly history: HistoryStore) {
    super();
    this.register(history.onDidChange(() => this.changed.fire()));
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
    item.description = [`${entry.width}×${entry.height}`, images, when, ...(notes.badge ? [notes.badge] : []), ...(entry.pinned ? [vscode.l10n.t('pinned')] : [])].join(' · ');
    const what = entry.kind === 'scene' ? vscode.l10n.t('Scene {0} of room {1}', entry.path, room) : vscode.l10n.t('Scene directory {0} of room {1}', entry.path, room);
    item.tooltip = [
      what,
      vscode.l10n.t('{0}×{1} px, region {2}', entry.width, entry.height, entry.region),
      vscode.l10n.t('{0} ({1} ms)', new Date(entry.time).toLocaleString(vscode.env.language), entry.durationMs),
      ...notes.lines,
      ...(entry.pinned ? [vscode.l10n.t('Pinned: its kept snapshots stay whatever sceneSnap.snapshots.maxMegabytes says.')] : []),
    ].join('\n');
    item.accessibilityInformation = { label: [what, vscode.l10n.t('{0}×{1} px, region {2}', entry.width, entry.height, entry.region), images, when].join(', ') };
    item.iconPath = new vscode.ThemeIcon(entry.pinned ? 'pinned' : entry.kind === 'scene' ? 'file-media' : 'folder-library');
    item.contextValue = entry.pinned ? 'historyEntry.pinned' : 'historyEntry';
    item.command = { command: 'sceneSnap.openHistoryEntry', title: vscode.l10n.t('Open Preview'), arguments: [entry.id] };
    return item;
  }
}

export function registerHistory(history: HistoryStore, preview: PreviewOpener, log: vscode.LogOutputChannel, snapshots?: HistorySnapshots): { disposable: vscode.Disposable; view: vscode.TreeView<HistoryEntry> } {
  const provider = new HistoryProvider(history);
  const view = vscode.window.createTreeView('sceneSnap.history', { treeDataProvider: provider });
  // How much the store keeps, beside the view's title; read from the disk once the view is first seen.
  const describe = (): void => {
    view.description = snapshots?.usageText();
  };
  const subscriptions: vscode.Disposable[] = [];
  if (snapshots) {
    subscriptions.push(snapshots.onDidChangeUsage(describe));
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
      const clear = vscode.l10n.t('Clear History');
      const choice = await confirm(
        count === 1 ? vscode.l10n.t('Clear the one screenshot from the history?') : vscode.l10n.t('Clear all {0} screenshots from the history?', count),
        vscode.l10n.t('The images stay in your storage bucket; the list and the kept snapshots no other workspace uses are removed'),
        clear,
      );
      if (choice !== clear) return;
      const cleared = history.list();
      await history.clear();
      log.info(`Cleared ${count} history entries`);
      await snapshots?.afterClear(cleared);
    }),
    vscode.commands.registerCommand('sceneSnap.openHistoryEntry', async (arg?: unknown) => {
      const id = typeof arg === 'string' ? arg : (arg as HistoryEntry | undefined)?.id;
      const entry = id ? history.get(id) : undefined;
      if (!entry) return void vscode.window.showWarningMessage(vscode.l10n.t('That screenshot is no longer in the history.'));
      await preview.show(entry);
    }),
  );
  return { disposable, view };
}
