import * as vscode from 'vscode';
import { RoomNode } from '../rooms/roomsView';
import { roomLabel } from '../../core/rooms/roomSettings';
import { readSettings } from '../settings';
import { pickRoom } from './ask';
import { reportFailure } from './reportFailure';
import type { RoomItem, RoomShooter } from './roomShot';

/** The request a command was given: a Rooms view node, a request object, or nothing (the palette asks for the room). */
async function requestFrom(arg: unknown): Promise<unknown> {
  if (arg instanceof RoomNode) return { room: arg.room.uuid };
  if (arg === undefined) {
    const room = await pickRoom(vscode.l10n.t('Screenshot Every Scene of the Room'));
    return room === undefined ? undefined : { room };
  }
  return arg;
}

/**
 * "Screenshot Every Scene of the Room…": a progress notification from the start (a room is many calls)
 * that says "directory 3 of 12" and whose Cancel stops the directories not started yet. Resolves to the
 * items (DESIGN.md), or to undefined after showing the error.
 */
async function run(shooter: RoomShooter, request: unknown, log: vscode.LogOutputChannel): Promise<RoomItem[] | undefined> {
  const uuid = (request as { room?: unknown } | undefined)?.room;
  const configured = typeof uuid === 'string' ? readSettings().rooms.find((r) => r.uuid === uuid) : undefined;
  const label = typeof uuid === 'string' ? roomLabel({ uuid, name: configured?.name }) : '';
  try {
    const { items } = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scene Snap: every scene of {0}', label), cancellable: true },
      (progress, cancellation) =>
        shooter.take(request, {
          cancellation,
          preview: readSettings().openPreview,
          onProgress: (started, total, directory) => progress.report({ message: vscode.l10n.t('directory {0} of {1} ({2})', started, total, directory) }),
        }),
    );
    const failed = items.filter((i) => 'error' in i);
    if (failed.length > 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('{0} of {1} directories of {2} failed: {3}', failed.length, items.length, label, failed.map((f) => `${f.directory} (${'error' in f ? f.error.message : ''})`).join('; ')));
    } else if (items.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Room {0} has no scenes.', label));
    }
    return items;
  } catch (err) {
    reportFailure(err, { what: vscode.l10n.t('Screenshots of every scene of {0}', label), ...(typeof uuid === 'string' ? { room: uuid } : {}), ...(configured?.region ? { region: configured.region } : {}), retry: () => run(shooter, request, log) }, log);
    return undefined;
  }
}

export function registerWholeRoomCommand(shooter: RoomShooter, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.screenshotRoom', async (arg?: unknown) => {
    const request = await requestFrom(arg);
    return request === undefined ? undefined : run(shooter, request, log);
  });
}
