import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { roomLabel } from '../../core/rooms/roomSettings';
import { ago } from './ago';
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

/** The History view, its usage figure and Show History; its other commands are historyCommands.ts (loaded lazily). */
export function registerHistory(history: HistoryStore, log: vscode.LogOutputChannel, snapshots?: HistorySnapshots): { disposable: vscode.Disposable; view: vscode.TreeView<HistoryEntry> } {
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
  );
  return { disposable, view };
}
