import * as vscode from 'vscode';
import { confirmSafeFirst } from '../confirm';
import type { HistoryEntry } from '../history/historyEntries';
import type { HistoryStore } from '../history/historyStore';
import { roomLabel } from '../../core/rooms/roomSettings';
import { FREED_BY_USER, maxBytesSetting, megabytes, type SnapshotService } from './snapshotService';

/** A History row passes its entry; the palette passes nothing, and the user picks one. */
async function entryOf(arg: unknown, history: HistoryStore, wanted: boolean): Promise<HistoryEntry | undefined> {
  const id = typeof arg === 'string' ? arg : (arg as HistoryEntry | undefined)?.id;
  if (id) return history.get(id);
  const candidates = history.list().filter((e) => Boolean(e.pinned) !== wanted);
  if (candidates.length === 0) {
    void vscode.window.showInformationMessage(wanted ? vscode.l10n.t('Every screenshot in the history is already pinned.') : vscode.l10n.t('No screenshot in the history is pinned.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    candidates.map((e) => ({ label: `${roomLabel({ uuid: e.room, name: e.roomName })} · ${e.path}`, description: new Date(e.time).toLocaleString(vscode.env.language), entry: e })),
    { title: wanted ? vscode.l10n.t('Pin a screenshot') : vscode.l10n.t('Unpin a screenshot') },
  );
  return picked?.entry;
}

export function registerSnapshotCommands(snapshots: SnapshotService, history: HistoryStore, log: vscode.LogOutputChannel): vscode.Disposable {
  const pin = (wanted: boolean) => async (arg?: unknown) => {
    const entry = await entryOf(arg, history, wanted);
    if (!entry) return false;
    const changed = await snapshots.setPinned(entry.id, wanted);
    if (!changed) void vscode.window.showWarningMessage(vscode.l10n.t('That screenshot is no longer in the history.'));
    else log.info(`${wanted ? 'Pinned' : 'Unpinned'} history entry ${entry.id} (${entry.room} ${entry.path})`);
    return changed;
  };
  const free = async (): Promise<number | undefined> => {
    const usage = await snapshots.usage();
    if (usage.count === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No snapshots are kept.'));
      return 0;
    }
    const action = vscode.l10n.t('Remove Kept Snapshots');
    // Cancel first (Enter keeps everything), the explanation whole on the action's own line.
    const choice = await confirmSafeFirst(
      vscode.l10n.t('Remove the kept snapshots ({0} MB)?', megabytes(usage.bytes)),
      action,
      vscode.l10n.t('Pinned screenshots keep theirs; the others then show their bucket URL, which may show a newer picture'),
    );
    if (choice !== action) return undefined;
    const report = await snapshots.evict(FREED_BY_USER, 0);
    void vscode.window.showInformationMessage(vscode.l10n.t('Freed {0} MB; {1} pinned snapshots stay.', megabytes(report.freedBytes), usage.count - report.removed));
    return report.freedBytes;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sceneSnap.pinHistoryEntry', pin(true)),
    vscode.commands.registerCommand('sceneSnap.unpinHistoryEntry', pin(false)),
    vscode.commands.registerCommand('sceneSnap.cancelKeepingSnapshots', () => {
      const count = snapshots.cancelAll();
      if (count > 0) log.info('Keeping snapshots was cancelled by the user');
      return count;
    }),
    vscode.commands.registerCommand('sceneSnap.freeSnapshots', free),
    vscode.commands.registerCommand('sceneSnap.showSnapshotStorage', async () => {
      const usage = await snapshots.usage();
      const cap = maxBytesSetting();
      const text =
        cap === 0
          ? vscode.l10n.t('Scene Snap keeps no snapshots (sceneSnap.snapshots.maxMegabytes is 0); {0} kept earlier, {1} MB, in {2}.', usage.count, megabytes(usage.bytes), snapshots.folderUri.fsPath)
          : vscode.l10n.t('{0} snapshots kept, {1} MB of {2} MB (sceneSnap.snapshots.maxMegabytes), in {3}.', usage.count, megabytes(usage.bytes), megabytes(cap), snapshots.folderUri.fsPath);
      const freeLabel = vscode.l10n.t('Free Space…');
      const settings = vscode.l10n.t('Change the Cap');
      const choice = await vscode.window.showInformationMessage(text, ...(usage.count > 0 ? [freeLabel] : []), settings);
      if (choice === freeLabel) await free();
      else if (choice === settings) await vscode.commands.executeCommand('workbench.action.openSettings', 'sceneSnap.snapshots.maxMegabytes');
      return text;
    }),
  );
}
