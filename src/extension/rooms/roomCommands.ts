import * as vscode from 'vscode';
import { pathProblem, regionProblem, roomUuidProblem, sizeProblem } from '../../core/api/validate';
import { REGIONS, readRegion } from '../../core/api/regions';
import { confirm } from '../confirm';
import { problemOrNothing } from '../../core/api/problems';
import { readSettings, roomsInScope } from '../settings';
import { roomLabel, type Room, type RoomSetting } from '../../core/rooms/roomSettings';
import type { SceneCatalog } from './sceneCatalog';
import type { RegionFinder } from './regionFinder';

type Scope = 'user' | 'workspace';

function target(scope: Scope): vscode.ConfigurationTarget {
  return scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** Writes one room's entry (added, or replacing the entry of the same uuid) into the settings of `scope`. */
export async function writeRoom(scope: Scope, room: RoomSetting): Promise<void> {
  const list = roomsInScope(scope);
  const at = list.findIndex((r) => (r as { uuid?: unknown })?.uuid === room.uuid);
  if (at >= 0) list[at] = room;
  else list.push(room);
  await vscode.workspace.getConfiguration('sceneSnap').update('rooms', list, target(scope));
}

async function deleteRoom(scope: Scope, uuid: string): Promise<void> {
  const list = roomsInScope(scope).filter((r) => (r as { uuid?: unknown })?.uuid !== uuid);
  await vscode.workspace.getConfiguration('sceneSnap').update('rooms', list.length ? list : undefined, target(scope));
}

/** Checks a room entry with the client's rules; the first problem, in words, or undefined. */
export function roomProblem(room: Partial<RoomSetting>): string | undefined {
  if (room.name !== undefined && typeof room.name !== 'string') return problemOrNothing(roomUuidProblem(room.uuid)) ?? vscode.l10n.t('Name must be a string.');
  return problemOrNothing(
    roomUuidProblem(room.uuid) ??
      (room.region !== undefined ? regionProblem(room.region) : undefined) ??
      (room.path !== undefined ? pathProblem(room.path) : undefined) ??
      (room.width !== undefined ? sizeProblem(room.width, 'width') : undefined) ??
      (room.height !== undefined ? sizeProblem(room.height, 'height') : undefined),
  );
}

/** `{uuid}` as an object argument or a tree node's room. */
function uuidOf(arg: unknown): string | undefined {
  const a = arg as { uuid?: unknown; room?: { uuid?: unknown } } | undefined;
  if (typeof a?.uuid === 'string') return a.uuid;
  return typeof a?.room?.uuid === 'string' ? a.room.uuid : undefined;
}

function scopeText(scope: Scope): string {
  return scope === 'workspace' ? vscode.l10n.t('workspace') : vscode.l10n.t('user');
}

/** Where a data centre is, in the user's language (the client's REGION_NAMES are English). */
export function regionName(region: string): string {
  switch (region) {
    case 'us-sv':
      return vscode.l10n.t('Silicon Valley, US');
    case 'sg':
      return vscode.l10n.t('Singapore');
    case 'in-mum':
      return vscode.l10n.t('Mumbai, India');
    case 'eu':
      return vscode.l10n.t('Frankfurt, Europe');
    case 'cn-hz':
      return vscode.l10n.t('Hangzhou, China');
    default:
      return region;
  }
}

async function pickConfiguredRoom(title: string): Promise<Room | undefined> {
  const rooms = readSettings().rooms;
  if (rooms.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No rooms are configured yet: add one with Scene Snap: Add Room.'));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    rooms.map((r) => ({ label: roomLabel(r), description: [r.name ? r.uuid : undefined, scopeText(r.source)].filter(Boolean).join(' · '), room: r })),
    { title, placeHolder: vscode.l10n.t('Pick a room'), ignoreFocusOut: true },
  );
  return picked?.room;
}

/** A region, or null for sceneSnap.defaultRegion; undefined when dismissed. */
export async function pickRegion(title: string, current: string | undefined, failed?: string): Promise<string | null | undefined> {
  // `failed`: the region that just answered 404 is left out, and so is Default when it names that region.
  const defaultRegion = readSettings().defaultRegion;
  const items = [
    ...(failed !== undefined && failed === defaultRegion ? [] : [{ label: vscode.l10n.t('Default'), description: `sceneSnap.defaultRegion (${defaultRegion})`, region: null as string | null }]),
    ...REGIONS.filter((r) => r !== failed).map((r) => ({ label: r, description: r === current ? vscode.l10n.t('{0} · current', regionName(r)) : regionName(r), region: r as string | null })),
  ];
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t("The room's data centre"), ignoreFocusOut: true });
  return picked ? picked.region : undefined;
}

/** The optional name of a room being added: '' to use the uuid, undefined when dismissed. */
export async function askRoomName(title: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('A name to show (optional: Enter to use the uuid)'),
    placeHolder: vscode.l10n.t('Name (optional)'),
    ignoreFocusOut: true,
  });
}

/**
 * The palette flow of Add Room: uuid → name → region, each step prefilled from `prefill` (a room uuid that
 * was just typed elsewhere). Undefined when dismissed; nothing is written here.
 */
export async function askNewRoom(prefill: { uuid?: string; region?: string } = {}): Promise<RoomSetting | undefined> {
  const uuid = await vscode.window.showInputBox({
    title: vscode.l10n.t('Add Room ({0}/{1})', 1, 3),
    prompt: vscode.l10n.t('The room uuid'),
    placeHolder: vscode.l10n.t('Room uuid (letters, digits, - and _)'),
    ...(prefill.uuid ? { value: prefill.uuid } : {}),
    ignoreFocusOut: true,
    validateInput: (v) => problemOrNothing(roomUuidProblem(v.trim())),
  });
  if (!uuid) return undefined;
  const name = await askRoomName(vscode.l10n.t('Add Room ({0}/{1})', 2, 3));
  if (name === undefined) return undefined;
  const region = await pickRegion(vscode.l10n.t('Add Room ({0}/{1})', 3, 3), prefill.region);
  if (region === undefined) return undefined;
  return { uuid: uuid.trim(), ...(name.trim() ? { name: name.trim() } : {}), ...(region ? { region } : {}) };
}

/** gb-lon, the old name of eu, given as a room's region: read as eu, with a warning (#22). */
function withCurrentRegionName(room: RoomSetting): RoomSetting {
  const { region, retired } = readRegion(room.region);
  if (!retired) return room;
  void vscode.window.showWarningMessage(vscode.l10n.t('Region "{0}" is the old name of {1}: room {2} is added with {1}.', retired, region as string, String(room.uuid)));
  return { ...room, region };
}

function registerAddRoom(catalog: SceneCatalog, log: vscode.LogOutputChannel, finder?: RegionFinder): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.addRoom', async (arg?: unknown) => {
    const scope: Scope = vscode.workspace.workspaceFolders?.length ? 'workspace' : 'user';
    let room: RoomSetting;
    if (arg !== undefined) {
      const given = typeof arg === 'object' && arg !== null ? withCurrentRegionName(arg as RoomSetting) : undefined;
      const problem = given ? roomProblem(given) : vscode.l10n.t('Add Room takes {uuid, name?, region?, path?, width?, height?}.');
      if (problem !== undefined || given === undefined) return void vscode.window.showErrorMessage(vscode.l10n.t('Add Room: {0}', problem ?? ''));
      const { uuid, name, region, path, width, height } = given;
      const entry = Object.fromEntries(Object.entries({ uuid, name, region, path, width, height }).filter(([, v]) => v !== undefined)) as unknown as RoomSetting;
      // Checked (or found) before saving, as in the palette, without asking anything (#22).
      const checked = finder ? await finder.checkGivenRoom(entry) : entry;
      if (!checked) return undefined;
      room = checked;
    } else {
      const asked = await askNewRoom();
      // The region is checked (or found) before anything is saved (#22).
      const checked = asked && finder ? await finder.checkNewRoom(asked) : asked;
      if (!checked) return;
      room = checked;
    }
    await writeRoom(scope, room);
    catalog.invalidate(room.uuid);
    log.info(`Added room ${room.uuid} to the ${scope} settings`);
    vscode.window.setStatusBarMessage(`$(add) ${vscode.l10n.t('Scene Snap: added room {0}', roomLabel(room))}`, 4000);
    return room;
  });
}

function registerEditRoom(catalog: SceneCatalog, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.editRoom', async (arg?: unknown) => {
    const uuid = uuidOf(arg);
    const room = uuid ? readSettings().rooms.find((r) => r.uuid === uuid) : await pickConfiguredRoom(vscode.l10n.t('Edit Room'));
    if (!room) {
      // A room that is not configured has nothing to edit: adding it is what helps.
      if (uuid) {
        const added = await askNewRoom({ uuid });
        if (added) await vscode.commands.executeCommand('sceneSnap.addRoom', added);
      }
      return;
    }
    const title = vscode.l10n.t('Edit Room {0}', roomLabel(room));
    const byDefault = vscode.l10n.t('(default)');
    const fields = [
      { label: vscode.l10n.t('Name'), description: room.name ?? vscode.l10n.t('(the uuid)'), field: 'name' as const },
      { label: vscode.l10n.t('Region'), description: room.region ?? vscode.l10n.t('(default: {0})', readSettings().defaultRegion), field: 'region' as const },
      { label: vscode.l10n.t('Default scene'), description: room.path ?? '(/init)', field: 'path' as const },
      { label: vscode.l10n.t('Width'), description: room.width === undefined ? byDefault : String(room.width), field: 'width' as const },
      { label: vscode.l10n.t('Height'), description: room.height === undefined ? byDefault : String(room.height), field: 'height' as const },
    ];
    // {uuid, field}: opened from an error, on the field it is about.
    const asked = (arg as { field?: unknown } | undefined)?.field;
    const picked = fields.find((f) => f.field === asked) ?? (await vscode.window.showQuickPick(fields, { title, placeHolder: vscode.l10n.t('What to change'), ignoreFocusOut: true }));
    if (!picked) return;
    const { source, ...updated } = room;
    if (picked.field === 'region') {
      const region = await pickRegion(title, room.region);
      if (region === undefined) return;
      if (region === null) delete updated.region;
      else updated.region = region;
    } else {
      const numeric = picked.field === 'width' || picked.field === 'height';
      const value = await vscode.window.showInputBox({
        title,
        prompt: vscode.l10n.t('{0} (empty to remove it and use the default)', picked.label),
        placeHolder: picked.label,
        value: String(updated[picked.field] ?? ''),
        ignoreFocusOut: true,
        validateInput: (v) => {
          if (!v.trim()) return undefined;
          if (picked.field === 'path') return problemOrNothing(pathProblem(v.trim()));
          if (numeric) return problemOrNothing(sizeProblem(v.trim(), picked.field as 'width' | 'height'));
          return undefined;
        },
      });
      if (value === undefined) return;
      if (!value.trim()) delete updated[picked.field];
      else if (numeric) (updated as Record<string, unknown>)[picked.field] = Number(value.trim());
      else (updated as Record<string, unknown>)[picked.field] = value.trim();
    }
    await writeRoom(source, updated);
    catalog.invalidate(room.uuid);
    log.info(`Edited room ${room.uuid} (${picked.field}) in the ${source} settings`);
    // The entry written, so that the flow that opened it (an error) can try again with it.
    return updated;
  });
}

function registerRemoveRoom(catalog: SceneCatalog, tokens: { clear(room?: string): Promise<void> }, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.removeRoom', async (arg?: unknown) => {
    const uuid = uuidOf(arg);
    const room = uuid ? readSettings().rooms.find((r) => r.uuid === uuid) : await pickConfiguredRoom(vscode.l10n.t('Remove Room'));
    if (!room) {
      if (uuid) void vscode.window.showWarningMessage(vscode.l10n.t('Room {0} is not in sceneSnap.rooms.', uuid));
      return;
    }
    const remove = vscode.l10n.t('Remove');
    const removeAll = vscode.l10n.t('Remove and Clear Its Token');
    const choice = await confirm(
      room.source === 'workspace'
        ? vscode.l10n.t('Remove room {0} from the workspace settings?', roomLabel(room))
        : vscode.l10n.t('Remove room {0} from the user settings?', roomLabel(room)),
      vscode.l10n.t('Its screenshots in history stay; its room token stays stored unless you clear it too'),
      remove,
      removeAll,
    );
    if (choice !== remove && choice !== removeAll) return;
    await deleteRoom(room.source, room.uuid);
    catalog.invalidate(room.uuid);
    log.info(`Removed room ${room.uuid} from the ${room.source} settings`);
    if (choice === removeAll) {
      try {
        await tokens.clear(room.uuid);
        log.info(`Cleared the token of room ${room.uuid}`);
      } catch (err) {
        // The room is gone from the settings; only its token stayed (SecretStorage refused).
        const message = err instanceof Error ? err.message : String(err);
        log.error(`Remove Room: ${message}`);
        void vscode.window.showErrorMessage(message);
      }
    }
  });
}

export function registerRoomCommands(catalog: SceneCatalog, tokens: { clear(room?: string): Promise<void> }, log: vscode.LogOutputChannel, finder?: RegionFinder): vscode.Disposable {
  return vscode.Disposable.from(
    registerAddRoom(catalog, log, finder),
    registerEditRoom(catalog, log),
    registerRemoveRoom(catalog, tokens, log),
    vscode.commands.registerCommand('sceneSnap.refreshRooms', () => catalog.invalidate()),
  );
}
