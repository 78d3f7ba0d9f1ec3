import * as vscode from 'vscode';
import { REGIONS } from '../../core/api/regions';
import { describeToken } from '../../core/api/token';
import type { ProjectRoom } from '../../core/api/roomList';
import { roomLabel, type RoomSetting } from '../../core/rooms/roomSettings';
import type { ClientProvider } from '../clientProvider';
import { apiOrigin, type TokenStore } from '../secrets/tokenStore';
import { readSettings, roomsInScope } from '../settings';
import { reportFailure } from '../screenshots/reportFailure';

type Scope = 'user' | 'workspace';

interface Args {
  rooms?: string[];
  target?: Scope;
}

function argsOf(raw: unknown): Args | string {
  if (raw === undefined) return {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return vscode.l10n.t('the argument must be an object like {"rooms": ["<room uuid>"], "target": "workspace"}');
  const r = raw as Record<string, unknown>;
  if (r.rooms !== undefined && (!Array.isArray(r.rooms) || !r.rooms.every((u) => typeof u === 'string'))) return vscode.l10n.t('"rooms" must be an array of room uuids');
  if (r.target !== undefined && r.target !== 'user' && r.target !== 'workspace') return vscode.l10n.t('"target" must be "user" or "workspace"');
  return { ...(r.rooms ? { rooms: r.rooms as string[] } : {}), ...(r.target ? { target: r.target as Scope } : {}) };
}

/** The list needs the project's SDK token: say why, with Set Token. */
function needSdkToken(why: string): void {
  const setToken = vscode.l10n.t('Set Token');
  void vscode.window.showWarningMessage(why, setToken).then((choice) => {
    if (choice) void vscode.commands.executeCommand('sceneSnap.setToken', {});
  });
}

/** Adds `picked` to `sceneSnap.rooms` of `scope`, keeping entries already there (and those we do not understand). */
async function addToSettings(scope: Scope, picked: ProjectRoom[]): Promise<RoomSetting[]> {
  const list = roomsInScope(scope);
  const there = new Set(list.map((r) => (r as { uuid?: unknown })?.uuid));
  const added: RoomSetting[] = [];
  for (const room of picked) {
    if (there.has(room.uuid)) continue;
    const setting: RoomSetting = { uuid: room.uuid, ...(room.name ? { name: room.name } : {}), region: room.region };
    list.push(setting);
    added.push(setting);
  }
  const target = scope === 'workspace' ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  if (added.length) await vscode.workspace.getConfiguration('sceneSnap').update('rooms', list, target);
  return added;
}

async function pickScope(): Promise<Scope | undefined> {
  if (!vscode.workspace.workspaceFolders?.length) return 'user';
  const items: Array<vscode.QuickPickItem & { scope: Scope }> = [
    { label: vscode.l10n.t('Workspace settings'), description: vscode.l10n.t('shared with the project in .vscode/settings.json'), scope: 'workspace' },
    { label: vscode.l10n.t('User settings'), description: vscode.l10n.t('only on this machine'), scope: 'user' },
  ];
  return (await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add Rooms from the Project'), placeHolder: vscode.l10n.t('Where should the rooms be saved?'), ignoreFocusOut: true }))?.scope;
}

async function pickRooms(rooms: ProjectRoom[], locale: string): Promise<ProjectRoom[] | undefined> {
  const configured = new Set(readSettings().rooms.map((r) => r.uuid));
  const dates = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  type Item = vscode.QuickPickItem & { room: ProjectRoom };
  const items: Item[] = rooms.map((room) => {
    const created = room.createdAt && !Number.isNaN(Date.parse(room.createdAt)) ? dates.format(new Date(room.createdAt)) : undefined;
    return {
      label: `${configured.has(room.uuid) ? '$(check) ' : ''}${room.name || room.uuid}`,
      description: [room.name ? room.uuid : undefined, room.region, configured.has(room.uuid) ? vscode.l10n.t('configured') : undefined].filter(Boolean).join(' · '),
      ...(created ? { detail: vscode.l10n.t('created {0}', created) } : {}),
      room,
    };
  });
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Add Rooms from the Project'), placeHolder: vscode.l10n.t('Pick the rooms to add ({0} found)', rooms.length), canPickMany: true, matchOnDescription: true, ignoreFocusOut: true });
  return picked?.map((i) => i.room);
}

/**
 * "Add Rooms from the Project…": the rooms the SDK token sees, every region asked at once (each paged),
 * picked several at a time and written to the settings target chosen. Given `{rooms, target}` it adds
 * those without asking (with the region that listed each). Resolves to the room settings added.
 */
export function registerProjectRooms(tokens: TokenStore, clients: ClientProvider, log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.addRoomsFromProject', async (raw?: unknown): Promise<RoomSetting[] | undefined> => {
    const args = argsOf(raw);
    if (typeof args === 'string') {
      void vscode.window.showErrorMessage(vscode.l10n.t('Add Rooms from the Project: {0}.', args));
      return undefined;
    }
    const settings = readSettings();
    const origin = apiOrigin(settings.apiBaseUrl);
    const token = await tokens.get(undefined, origin);
    if (!token) {
      needSdkToken(vscode.l10n.t("Listing the project's rooms needs the project's SDK token for {0}: a room token can only use its own room.", origin));
      return undefined;
    }
    const kind = describeToken(token).kind;
    if (kind === 'room' || kind === 'task') {
      needSdkToken(vscode.l10n.t("The token stored as the SDK token is a {0} token: listing the project's rooms needs the project's SDK token (NETLESSSDK_…).", kind));
      return undefined;
    }
    let listed: ProjectRoom[];
    try {
      const client = clients.get(settings);
      const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t("Scene Snap: listing the project's rooms"), cancellable: true }, (progress, cancellation) => {
        const abort = new AbortController();
        cancellation.onCancellationRequested(() => abort.abort());
        return clients.api().listProjectRooms(REGIONS, (region, beginUUID, limit) => client.listRooms({ token, region }, { beginUUID, limit }, { signal: abort.signal }), {
          signal: abort.signal,
          onPage: (count) => progress.report({ message: vscode.l10n.t('{0} rooms found', count) }),
        });
      });
      for (const f of result.failures) log.warn(`Room list of region ${f.region} failed [${f.code}]: ${f.message}`);
      if (result.failures.length) void vscode.window.showWarningMessage(vscode.l10n.t('Rooms of {0} could not be listed: {1}', result.failures.map((f) => f.region).join(', '), result.failures[0]!.message));
      listed = result.rooms;
    } catch (err) {
      log.error(`Room list failed [${(err as { code?: string }).code ?? 'error'}]: ${err instanceof Error ? err.message : String(err)}`);
      reportFailure(err, { what: vscode.l10n.t("Listing the project's rooms") }, log);
      return undefined;
    }
    let picked: ProjectRoom[] | undefined;
    if (args.rooms) {
      const wanted = new Set(args.rooms);
      picked = listed.filter((r) => wanted.has(r.uuid));
      const missing = args.rooms.filter((u) => !picked!.some((r) => r.uuid === u));
      if (missing.length) void vscode.window.showWarningMessage(vscode.l10n.t('Not among the project\'s rooms, not added: {0}', missing.join(', ')));
    } else {
      if (listed.length === 0) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The SDK token sees no rooms in any data centre.'));
        return [];
      }
      picked = await pickRooms(listed, vscode.env.language);
      if (!picked?.length) return undefined;
    }
    const scope = args.target ?? (args.rooms ? 'user' : await pickScope());
    if (!scope) return undefined;
    const added = await addToSettings(scope, picked);
    log.info(`Added ${added.length} room(s) from the project to the ${scope} settings: ${added.map((r) => `${r.uuid} (${r.region})`).join(', ')}`);
    if (!args.rooms && added.length) void vscode.window.showInformationMessage(vscode.l10n.t('Added {0}.', added.map((r) => roomLabel(r)).join(', ')));
    return added;
  });
}
