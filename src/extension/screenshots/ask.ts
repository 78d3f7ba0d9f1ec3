import * as vscode from 'vscode';
import { pathProblem, roomUuidProblem, sizeProblem } from '../../core/api/validate';
import { acceptedPath } from './acceptedPath';
import { baseName, directoryChoices } from '../rooms/sceneTree';
import { roomLabel, type RoomSetting } from '../../core/rooms/roomSettings';
import { askNewRoom, pickRegion } from '../rooms/roomCommands';
import type { SceneCatalog } from '../rooms/sceneCatalog';
import { findRoom, readSettings } from '../settings';
import { problemOrNothing } from '../../core/api/problems';
import type { ChoiceMemory } from './choiceMemory';
import { parentDirectory, type ScreenshotArgs } from '../../core/api/resolveRequest';
import type { ShotKind } from './screenshotService';
import type { RegionFinder } from '../rooms/regionFinder';

// The palette flows: ask, in order, for what a command was not given. Every step can be dismissed with
// Escape, which ends the flow with undefined and sends nothing.

/** Configured rooms, plus free entry of any room uuid (which then uses the defaults and the SDK token). */
export async function pickRoom(title: string): Promise<string | undefined> {
  const rooms = readSettings().rooms;
  type Item = vscode.QuickPickItem & { uuid?: string };
  const items: Item[] = rooms.map((r) => ({
    label: roomLabel(r),
    description: [r.name ? r.uuid : undefined, r.region, r.source === 'workspace' ? vscode.l10n.t('workspace') : undefined].filter(Boolean).join(' · '),
    uuid: r.uuid,
  }));
  items.push({ label: `$(edit) ${vscode.l10n.t('Enter a room uuid…')}`, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Pick a whiteboard room'), matchOnDescription: true, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.uuid) return picked.uuid;
  return askRoomUuid(title);
}

export function askRoomUuid(title: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('The room uuid (letters, digits, - and _)'),
    placeHolder: vscode.l10n.t('e.g. {0}', '2c6f0a30b9a111ef8d2c9b2f1e1e1e1e'),
    ignoreFocusOut: true,
    validateInput: (value) => problemOrNothing(roomUuidProblem(value.trim())),
  }).then((v) => v?.trim());
}

/** The scene listing failed: a screenshot of that room would fail the same way, so the flow stops there. */
export interface ListingFailure {
  listingFailed: unknown;
}

/** The directory a directory screenshot of `room` takes by default: the one that holds its own scene (DESIGN.md). */
export function roomDirectory(room: RoomSetting): string {
  return room.path ? parentDirectory(room.path) : '/';
}

function scenesText(count: number): string {
  return count === 1 ? vscode.l10n.t('1 scene') : vscode.l10n.t('{0} scenes', count);
}

/** A directory row: how many scenes a screenshot of it takes, and why it leads the list. */
function directoryItem(path: string, scenes: number | undefined, last: string | undefined, own: string): vscode.QuickPickItem {
  const why = [path === own ? vscode.l10n.t("the room's own directory") : undefined, path === last ? vscode.l10n.t('last used') : undefined];
  return { label: path, description: [scenes === undefined ? undefined : scenesText(scenes), ...why].filter(Boolean).join(' · ') };
}

/**
 * A scene (or a directory) of the room: its listed scenes as suggestions, while anything typed that
 * starts with / can be taken as it is. The listing loads while the picker is already open; when it fails,
 * the picker closes and resolves to that failure. Directories come with their scene counts, the room's own
 * (the one that holds its `path`) first, focused, then the last used one (issue 25: the last used one led,
 * so a room's directory shot offered whatever was shot last rather than the room's own directory).
 */
export function pickPath(kind: ShotKind, room: RoomSetting, catalog: SceneCatalog, last: string | undefined, title: string): Promise<string | ListingFailure | undefined> {
  const own = roomDirectory(room);
  const leading = [own, last].filter((d): d is string => d !== undefined);
  const field = kind === 'scene' ? 'path' : 'directory';
  const picker = vscode.window.createQuickPick<vscode.QuickPickItem>();
  picker.title = title;
  picker.placeholder = kind === 'scene' ? vscode.l10n.t('Pick a scene, or type its path (starts with /)') : vscode.l10n.t('Pick a scene directory, or type its path (starts with /)');
  picker.ignoreFocusOut = true;
  picker.matchOnDescription = true;
  picker.busy = true;
  let suggestions: vscode.QuickPickItem[] = [];
  let result: string | ListingFailure | undefined;
  let closed = false;
  // What was typed is offered as the first item, or, while it breaks a rule, the rule in its place
  // (QuickPick has no validation message in VS Code 1.100).
  const typedItem = (value: string): vscode.QuickPickItem => {
    const problem = problemOrNothing(pathProblem(value, field));
    return problem ? { label: `$(warning) ${problem}`, alwaysShow: true } : { label: value, description: vscode.l10n.t('use this path'), alwaysShow: true };
  };
  const render = () => {
    const typed = picker.value.trim();
    const exists = suggestions.some((s) => s.label === typed);
    picker.items = typed && !exists ? [typedItem(typed), ...suggestions] : suggestions;
  };
  catalog.scenes(room).then(
    (scenes) => {
      if (kind === 'scene') {
        suggestions = scenes.map((p) => ({ label: p, description: p === last ? vscode.l10n.t('last used') : baseName(p) }));
        if (last && !scenes.includes(last)) suggestions.unshift({ label: last, description: vscode.l10n.t('last used') });
        else if (last) suggestions.sort((a, b) => Number(b.label === last) - Number(a.label === last));
      } else {
        suggestions = directoryChoices(scenes, leading).map((d) => directoryItem(d.path, d.scenes, last, own));
      }
      picker.busy = false;
      render();
    },
    (err: unknown) => {
      if (closed || result !== undefined) return; // dismissed, or a typed path was taken already
      result = { listingFailed: err };
      picker.hide();
    },
  );
  if (kind === 'directory') suggestions = leading.filter((d, i) => leading.indexOf(d) === i).map((d) => directoryItem(d, undefined, last, own));
  else if (last) suggestions = [{ label: last, description: vscode.l10n.t('last used') }];
  render();
  return new Promise((resolve) => {
    picker.onDidChangeValue(render);
    picker.onDidAccept(() => {
      const listed = suggestions.map((item) => item.label);
      const chosen = acceptedPath(picker.value, picker.selectedItems[0]?.label, (p) => !pathProblem(p, field), listed);
      if (chosen === undefined) return; // the rule is on screen; keep the picker open
      result = chosen;
      picker.hide();
    });
    picker.onDidHide(() => {
      closed = true;
      picker.dispose();
      resolve(result);
    });
    picker.show();
  });
}

const SIZE_PRESETS: ReadonlyArray<[number, number]> = [
  [640, 480],
  [1280, 720],
  [1920, 1080],
];

/** Parses `1280x720`, `1280×720` or `1280 720`; returns the first problem or the size. */
export function parseSize(text: string): { width: number; height: number } | string {
  const match = /^\s*(\S+)\s*(?:[x×*,]|\s)\s*(\S+)\s*$/i.exec(text);
  if (!match) return vscode.l10n.t('Type the size as WIDTHxHEIGHT, for example 1280x720.');
  const [, w, h] = match as unknown as [string, string, string];
  const problem = problemOrNothing(sizeProblem(w, 'width') ?? sizeProblem(h, 'height'));
  return problem ?? { width: Number(w), height: Number(h) };
}

export async function pickSize(last: { width?: number; height?: number }, defaults: { width: number; height: number }, title: string): Promise<{ width: number; height: number } | undefined> {
  type Item = vscode.QuickPickItem & { size?: [number, number] };
  const seen = new Set<string>();
  const items: Item[] = [];
  const add = (size: [number, number], description?: string) => {
    const label = `${size[0]}×${size[1]}`;
    if (seen.has(label)) return;
    seen.add(label);
    items.push({ label, ...(description ? { description } : {}), size });
  };
  if (last.width && last.height) add([last.width, last.height], vscode.l10n.t('last used'));
  add([defaults.width, defaults.height], vscode.l10n.t('default'));
  for (const preset of SIZE_PRESETS) add(preset);
  items.push({ label: `$(edit) ${vscode.l10n.t('Custom size…')}`, alwaysShow: true });
  const picked = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Screenshot size in pixels'), ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.size) return { width: picked.size[0], height: picked.size[1] };
  const typed = await vscode.window.showInputBox({
    title,
    prompt: vscode.l10n.t('Width × height in pixels, each 1 to {0}', 10000),
    placeHolder: '1280x720',
    ignoreFocusOut: true,
    validateInput: (value) => {
      const parsed = parseSize(value);
      return typeof parsed === 'string' ? parsed : undefined;
    },
  });
  if (typed === undefined) return undefined;
  const parsed = parseSize(typed);
  return typeof parsed === 'string' ? undefined : parsed;
}

/**
 * The scene listing of `room` failed: says why, in a message of its own, with what helps. For a room that
 * is not configured: Add Room (with this uuid), another region, Set Token; for a configured one: Edit Room,
 * Set Token. Resolves to the region picked to try again, or undefined when the flow ends here.
 */
export async function listingFailed(err: unknown, room: RoomSetting, configured: boolean, title: string, finder?: RegionFinder): Promise<string | undefined> {
  const region = room.region ?? readSettings().defaultRegion;
  const addRoom = vscode.l10n.t('Add Room');
  const editRoom = vscode.l10n.t('Edit Room');
  const otherRegion = vscode.l10n.t('Pick Another Region');
  const setToken = vscode.l10n.t('Set Token');
  const findRegion = vscode.l10n.t('Find Region');
  const notFound = (err as { code?: string } | undefined)?.code === 'notFound';
  const actions = [...(notFound && finder ? [findRegion] : []), ...(configured ? [editRoom, setToken] : [addRoom, otherRegion, setToken])];
  const choice = await vscode.window.showErrorMessage(
    vscode.l10n.t('The scenes of room {0} could not be listed (region {1}): {2}', roomLabel(room), region, err instanceof Error ? err.message : String(err)),
    ...actions,
  );
  if (choice === addRoom) {
    const added = await askNewRoom({ uuid: room.uuid, region });
    if (added) await vscode.commands.executeCommand('sceneSnap.addRoom', added);
  } else if (choice === findRegion && finder) {
    try {
      const found = await finder.findWithProgress(room.uuid, { fresh: true });
      if (found !== region && (await finder.offer(room.uuid, found))) return found;
    } catch (searchFailed) {
      finder.showFailure(room.uuid, searchFailed);
    }
  } else if (choice === editRoom) {
    // Opens on the field the error is about: a 404 is about the region; once fixed, the listing is tried in it.
    const edited = await vscode.commands.executeCommand<{ region?: string } | undefined>('sceneSnap.editRoom', { uuid: room.uuid, ...(notFound ? { field: 'region' } : {}) });
    if (edited && notFound) return edited.region ?? readSettings().defaultRegion;
  } else if (choice === setToken) {
    await vscode.commands.executeCommand('sceneSnap.setToken', configured ? { room: room.uuid } : undefined);
  } else if (choice === otherRegion) {
    // The region that just failed is not offered again (it was the first item, or the default's).
    const picked = await pickRegion(title, undefined, region);
    return picked === undefined ? undefined : (picked ?? readSettings().defaultRegion);
  }
  return undefined;
}

/**
 * The path step of a flow: the picker, and on a listing failure the message of `listingFailed`, which may
 * send the user round again with another region. Resolves to the path and the region it was listed in.
 */
export async function askPath(
  kind: ShotKind,
  room: RoomSetting,
  configured: boolean,
  catalog: SceneCatalog,
  last: string | undefined,
  title: string,
  finder?: RegionFinder,
): Promise<{ path: string; region: string | undefined } | undefined> {
  let region = room.region;
  for (;;) {
    const picked = await pickPath(kind, { ...room, ...(region ? { region } : {}) }, catalog, last, title);
    if (picked === undefined) return undefined;
    if (typeof picked === 'string') return { path: picked, region };
    const again = await listingFailed(picked.listingFailed, { ...room, ...(region ? { region } : {}) }, configured, title, finder);
    if (again === undefined) return undefined;
    region = again;
  }
}

/**
 * The region of a typed room uuid: the one found before at this API origin, else the data centres are asked
 * and the answer offered ("This room is in Singapore (sg): use sg for it?"; Use It goes on with it).
 * 'pick' when they could not be asked (the network) and the user may still know; undefined ends the flow.
 */
async function regionOfTypedRoom(room: string, finder: RegionFinder): Promise<string | 'pick' | undefined> {
  const known = finder.known(room);
  if (known) return known;
  try {
    const region = await finder.findWithProgress(room);
    return (await finder.offer(room, region)) ? region : undefined;
  } catch (err) {
    finder.showFailure(room, err);
    const code = (err as { code?: string } | undefined)?.code;
    return code === 'network' || code === 'timeout' || code === 'serverError' ? 'pick' : undefined;
  }
}

/**
 * The whole flow for a palette command: room (unless given) → its region when the room is not configured
 * → path → size; remembers the choices.
 */
export async function askScreenshotArgs(kind: ShotKind, catalog: SceneCatalog, memory: ChoiceMemory, given: { room?: string } = {}, finder?: RegionFinder): Promise<ScreenshotArgs | undefined> {
  const title = kind === 'scene' ? vscode.l10n.t('Screenshot a Scene') : vscode.l10n.t('Screenshot Every Scene of a Directory');
  const room = given.room ?? (await pickRoom(title));
  if (!room) return undefined;
  const settings = readSettings();
  const configured = findRoom(settings, room);
  let region = configured?.region;
  if (!configured) {
    // A typed uuid has no region of its own; a room is found only in its own region, which the data
    // centres tell (#22), or the user picks when they cannot be asked.
    const found = finder ? await regionOfTypedRoom(room, finder) : 'pick';
    if (found === undefined) return undefined;
    if (found === 'pick') {
      const picked = await pickRegion(title, undefined);
      if (picked === undefined) return undefined;
      region = picked ?? undefined;
    } else region = found;
  }
  const last = memory.get(room);
  const chosen = await askPath(kind, { ...(configured ?? { uuid: room }), ...(region ? { region } : {}) }, Boolean(configured), catalog, kind === 'scene' ? (last.scene ?? configured?.path) : last.directory, title, finder);
  if (!chosen) return undefined;
  const { path } = chosen;
  region = chosen.region;
  const size = await pickSize(last, { width: configured?.width ?? settings.defaultWidth, height: configured?.height ?? settings.defaultHeight }, title);
  if (!size) return undefined;
  await memory.remember(room, { ...(kind === 'scene' ? { scene: path } : { directory: path }), ...size });
  return { room, path, ...size, ...(region && region !== configured?.region ? { region } : {}) };
}
