import * as l10n from '@vscode/l10n';
import type { RoomSetting } from '../rooms/roomSettings';

/**
 * What a caller may pass to the screenshot commands and the exported API (DESIGN.md). Anything may arrive
 * here (a keybinding's `args`, another extension), so the shape is checked, not assumed.
 */
export interface ScreenshotArgs {
  room: string;
  path?: string;
  width?: number;
  height?: number;
  region?: string;
}

export interface Defaults {
  region: string;
  width: number;
  height: number;
}

export interface ResolvedRequest {
  room: string;
  path: string;
  width: number;
  height: number;
  region: string;
}

/** What is wrong with the shape of a request, as data; `problem` says it in the user's language. */
export type ArgsProblem =
  | { id: 'notObject' }
  | { id: 'room' }
  | { id: 'notString'; key: 'path' | 'region' }
  | { id: 'notNumber'; key: 'width' | 'height' };

export type ArgsCheck = { ok: true; args: ScreenshotArgs } | { ok: false; problem: string; reason: ArgsProblem };

function argsProblemText(p: ArgsProblem): string {
  switch (p.id) {
    case 'notObject':
      return l10n.t('the request must be an object like {"room": "<room uuid>"}');
    case 'room':
      return l10n.t('"room" must be the room uuid, a string');
    case 'notString':
      return l10n.t('"{0}" must be a string', p.key);
    case 'notNumber':
      return l10n.t('"{0}" must be a number of pixels', p.key);
  }
}

const fail = (reason: ArgsProblem): ArgsCheck => ({ ok: false, problem: argsProblemText(reason), reason });

/** Checks the types of a request object; the values themselves are checked by the client's rules. */
export function checkArgs(raw: unknown): ArgsCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail({ id: 'notObject' });
  const r = raw as Record<string, unknown>;
  if (typeof r.room !== 'string') return fail({ id: 'room' });
  for (const key of ['path', 'region'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'string') return fail({ id: 'notString', key });
  }
  for (const key of ['width', 'height'] as const) {
    if (r[key] !== undefined && typeof r[key] !== 'number') return fail({ id: 'notNumber', key });
  }
  return { ok: true, args: { room: r.room.trim(), path: r.path as string | undefined, width: r.width as number | undefined, height: r.height as number | undefined, region: r.region as string | undefined } };
}

/** The scene directory that holds a scene path: `/a/b` → `/a`, `/init` → `/`. */
export function parentDirectory(scenePath: string): string {
  const cut = scenePath.replace(/\/+$/, '').lastIndexOf('/');
  return cut <= 0 ? '/' : scenePath.slice(0, cut);
}

/** Field by field: the request, then the room's setting, then the defaults (DESIGN.md, "Precedence"). */
function resolveCommon(args: ScreenshotArgs, room: RoomSetting | undefined, defaults: Defaults): Omit<ResolvedRequest, 'path'> {
  return {
    room: args.room,
    region: args.region ?? room?.region ?? defaults.region,
    width: args.width ?? room?.width ?? defaults.width,
    height: args.height ?? room?.height ?? defaults.height,
  };
}

export function resolveSceneRequest(args: ScreenshotArgs, room: RoomSetting | undefined, defaults: Defaults): ResolvedRequest {
  return { ...resolveCommon(args, room, defaults), path: args.path ?? room?.path ?? '/init' };
}

export function resolveDirectoryRequest(args: ScreenshotArgs, room: RoomSetting | undefined, defaults: Defaults): ResolvedRequest {
  return { ...resolveCommon(args, room, defaults), path: args.path ?? (room?.path ? parentDirectory(room.path) : '/') };
}
