import * as vscode from 'vscode';
import { RoomNode } from '../rooms/roomsView';
import { roomLabel } from '../../core/rooms/roomSettings';
import { readSettings } from '../settings';
import { pickRoom } from './ask';
import { readRegion } from '../../core/api/regions';
import type { RegionFinder } from '../rooms/regionFinder';
import { reportShotFailure } from './regionFlows';
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
async function run(shooter: RoomShooter, request: unknown, log: vscode.LogOutputChannel, finder?: RegionFinder): Promise<RoomItem[] | undefined> {
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
    const what = vscode.l10n.t('Screenshots of every scene of {0}', label);
    // After a region is found and used (or fixed with Edit Room), the room again in that region.
    const retryIn = (region?: string) => run(shooter, region && typeof request === 'object' && request !== null ? { ...request, region } : request, log, finder);
    // As for a scene or a directory (#22): a 404 of a room without a region of its own is followed by the search.
    const room = typeof uuid === 'string' ? { room: uuid, region: regionSentTo(request, configured?.region) } : {};
    await reportShotFailure(err, { what, ...room, request }, retryIn, log, finder);
    return undefined;
  }
}

/** The region the room's calls went to: the request's, else the room's, else the default (gb-lon is eu). */
function regionSentTo(request: unknown, own: string | undefined): string {
  const asked = (request as { region?: unknown } | null | undefined)?.region;
  return readRegion(typeof asked === 'string' ? asked : (own ?? readSettings().defaultRegion)).region;
}

export function registerWholeRoomCommand(shooter: RoomShooter, log: vscode.LogOutputChannel, finder?: RegionFinder): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.screenshotRoom', async (arg?: unknown) => {
    const request = await requestFrom(arg);
    return request === undefined ? undefined : run(shooter, request, log, finder);
  });
}
