import * as vscode from 'vscode';
import { confirm } from '../confirm';
import { Disposable } from '../disposable';
import { roomLabel } from '../rooms/roomSettings';
import type { PreviewOpener } from '../screenshots/screenshotService';
import type { HistoryEntry } from './historyEntries';
import type { HistoryStore } from './historyStore';

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
    item.description = `${entry.width}×${entry.height} · ${images} · ${when}`;
    const what = entry.kind === 'scene' ? vscode.l10n.t('Scene {0} of room {1}', entry.path, room) : vscode.l10n.t('Scene directory {0} of room {1}', entry.path, room);
    item.tooltip = [
      what,
      vscode.l10n.t('{0}×{1} px, region {2}', entry.width, entry.height, entry.region),
      vscode.l10n.t('{0} ({1} ms)', new Date(entry.time).toLocaleString(vscode.env.language), entry.durationMs),
    ].join('\n');
    item.accessibilityInformation = { label: [what, vscode.l10n.t('{0}×{1} px, region {2}', entry.width, entry.height, entry.region), images, when].join(', ') };
    item.iconPath = new vscode.ThemeIcon(entry.kind === 'scene' ? 'file-media' : 'folder-library');
    item.contextValue = 'historyEntry';
    item.command = { command: 'sceneSnap.openHistoryEntry', title: vscode.l10n.t('Open Preview'), arguments: [entry.id] };
    return item;
  }
}

export function registerHistory(history: HistoryStore, preview: PreviewOpener, log: vscode.LogOutputChannel): vscode.Disposable {
  const provider = new HistoryProvider(history);
  return vscode.Disposable.from(
    provider,
    vscode.window.createTreeView('sceneSnap.history', { treeDataProvider: provider }),
    vscode.commands.registerCommand('sceneSnap.showHistory', () => vscode.commands.executeCommand('sceneSnap.history.focus')),
    vscode.commands.registerCommand('sceneSnap.clearHistory', async () => {
      const count = history.list().length;
      if (count === 0) return void vscode.window.showInformationMessage(vscode.l10n.t('The screenshot history is already empty.'));
      const clear = vscode.l10n.t('Clear History');
      const choice = await confirm(
        count === 1 ? vscode.l10n.t('Clear the one screenshot from the history?') : vscode.l10n.t('Clear all {0} screenshots from the history?', count),
        vscode.l10n.t('The images stay in your storage bucket; only this list is cleared'),
        clear,
      );
      if (choice !== clear) return;
      await history.clear();
      log.info(`Cleared ${count} history entries`);
    }),
    vscode.commands.registerCommand('sceneSnap.openHistoryEntry', async (arg?: unknown) => {
      const id = typeof arg === 'string' ? arg : (arg as HistoryEntry | undefined)?.id;
      const entry = id ? history.get(id) : undefined;
      if (!entry) return void vscode.window.showWarningMessage(vscode.l10n.t('That screenshot is no longer in the history.'));
      await preview.show(entry);
    }),
  );
}
