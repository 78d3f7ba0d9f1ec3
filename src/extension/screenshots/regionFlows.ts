import * as vscode from 'vscode';
import { isSceneSnapError } from '../../core/api/errors';
import { askRoomName } from '../rooms/roomCommands';
import type { RegionFinder } from '../rooms/regionFinder';
import { findRoom, readSettings } from '../settings';
import { reportFailure } from './reportFailure';

// The screenshot commands' part of finding rooms (#22): a 404 of a room without a region of its own is
// followed by the search at once; a typed uuid that worked is offered for the rooms.

/** The region a request or the room's setting gives; undefined when only sceneSnap.defaultRegion does. */
function ownRegion(request: unknown, room: string): string | undefined {
  const asked = (request as { region?: unknown } | null | undefined)?.region;
  return typeof asked === 'string' ? asked : findRoom(readSettings(), room)?.region;
}

/**
 * A 404 for a room that has no region of its own was sent to the default region, a guess: the data
 * centres are asked without asking the user. Resolves true when that took over from the error message
 * (the region was offered, or the search said why it failed); false when the error is to be shown as usual.
 */
export async function afterFailure(
  err: unknown,
  shot: { room: string; region: string; request: unknown },
  finder: RegionFinder,
  retryIn: (region: string) => unknown,
): Promise<boolean> {
  if (!isSceneSnapError(err) || err.code !== 'notFound' || ownRegion(shot.request, shot.room) !== undefined) return false;
  return (await finder.afterNotFound(shot.room, shot.region, retryIn)) !== 'same';
}

/**
 * How every screenshot command answers a failure (a scene, a directory, a whole room): a 404 of a room
 * without a region of its own is followed by the search (afterFailure); any other failure is shown with
 * Retry, and with Find Region when the room is known. `retryIn` runs the same shot again, in a region.
 */
export async function reportShotFailure(
  err: unknown,
  shot: { what: string; room?: string; region?: string; request: unknown },
  retryIn: (region?: string) => unknown,
  log: vscode.LogOutputChannel,
  finder?: RegionFinder,
): Promise<void> {
  const { what, room, region } = shot;
  if (room === undefined || region === undefined) {
    reportFailure(err, { what, retry: retryIn }, log);
    return;
  }
  if (finder && (await afterFailure(err, { room, region, request: shot.request }, finder, retryIn))) return;
  const findRegion = finder && (() => finder.afterNotFound(room, region, retryIn).then((r) => r === 'same' && reportFailure(err, { what, room, region }, log)));
  reportFailure(err, { what, room, region, retry: retryIn, ...(findRegion ? { findRegion } : {}) }, log);
}

/** After a typed room uuid worked: Add Room, with the region it worked in. Never awaited. */
export function offerToAddRoom(request: unknown): void {
  const r = request as { room?: unknown; region?: unknown } | null | undefined;
  if (typeof r?.room !== 'string' || findRoom(readSettings(), r.room)) return;
  const uuid = r.room;
  const region = typeof r.region === 'string' ? r.region : readSettings().defaultRegion;
  const addRoom = vscode.l10n.t('Add Room');
  void vscode.window.showInformationMessage(vscode.l10n.t('Room {0} worked in region {1}: add it to your rooms?', uuid, region), addRoom).then(async (choice) => {
    if (choice !== addRoom) return;
    // The uuid and the region are the ones that just worked: only the name is left to ask.
    const name = await askRoomName(vscode.l10n.t('Add Room {0}', uuid));
    if (name === undefined) return;
    await vscode.commands.executeCommand('sceneSnap.addRoom', { uuid, ...(name.trim() ? { name: name.trim() } : {}), region });
  });
}
