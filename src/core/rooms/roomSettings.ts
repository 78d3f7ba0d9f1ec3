import { readRegion } from '../api/regions';

/**
 * Rooms as configured in `sceneSnap.rooms`, merged from user and workspace settings. Pure: no `vscode`.
 * No tokens live here (a team shares this setting in .vscode/settings.json); they are in SecretStorage.
 */
export interface RoomSetting {
  uuid: string;
  name?: string;
  region?: string;
  path?: string;
  width?: number;
  height?: number;
}

export interface Room extends RoomSetting {
  /** Where the entry comes from: the workspace entry wins over a user entry of the same uuid. */
  source: 'user' | 'workspace';
}

export interface MergedRooms {
  rooms: Room[];
  /** Entries that were left out, each with the reason, for the log. */
  problems: string[];
}

const OPTIONAL_STRINGS = ['name', 'region', 'path'] as const;
const OPTIONAL_NUMBERS = ['width', 'height'] as const;

/** Keeps the fields of one entry that have the right type; anything else is reported, not guessed at. */
function readEntry(raw: unknown, where: string, problems: string[]): RoomSetting | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where}: a room must be an object like {"uuid": "…"}`);
    return undefined;
  }
  const entry = raw as Record<string, unknown>;
  const uuid = typeof entry.uuid === 'string' ? entry.uuid.trim() : '';
  if (!uuid) {
    problems.push(`${where}: a room needs a "uuid" string`);
    return undefined;
  }
  const room: RoomSetting = { uuid };
  for (const key of OPTIONAL_STRINGS) {
    const value = entry[key];
    if (typeof value === 'string' && value.trim() !== '') room[key] = value.trim();
    else if (value !== undefined) problems.push(`${where} (${uuid}): "${key}" must be a non-empty string; ignored`);
  }
  if (room.region !== undefined) {
    // gb-lon was the service's name for what is now eu: an old setting keeps working, and says so.
    const { region, retired } = readRegion(room.region);
    if (retired) problems.push(`${where} (${uuid}): region "${retired}" is the old name of ${region}; read as ${region}`);
    room.region = region;
  }
  for (const key of OPTIONAL_NUMBERS) {
    const value = entry[key];
    if (typeof value === 'number' && Number.isFinite(value)) room[key] = value;
    else if (value !== undefined) problems.push(`${where} (${uuid}): "${key}" must be a number; ignored`);
  }
  return room;
}

function readList(value: unknown, scope: 'user' | 'workspace', problems: string[]): Room[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${scope} settings: sceneSnap.rooms must be an array`);
    return [];
  }
  const rooms: Room[] = [];
  value.forEach((raw, i) => {
    const room = readEntry(raw, `${scope} settings, sceneSnap.rooms[${i}]`, problems);
    if (room) rooms.push({ ...room, source: scope });
  });
  return rooms;
}

/**
 * User rooms first, in their order, then workspace rooms; the same uuid in both keeps the user entry's
 * place but takes the workspace entry (the workspace is the more specific scope, as in VS Code itself).
 */
export function mergeRooms(userValue: unknown, workspaceValue: unknown): MergedRooms {
  const problems: string[] = [];
  const byUuid = new Map<string, Room>();
  for (const room of [...readList(userValue, 'user', problems), ...readList(workspaceValue, 'workspace', problems)]) {
    byUuid.set(room.uuid, room);
  }
  return { rooms: [...byUuid.values()], problems };
}

export function roomLabel(room: Pick<RoomSetting, 'uuid' | 'name'>): string {
  return room.name ?? room.uuid;
}
