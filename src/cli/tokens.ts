/**
 * Where the command line finds tokens (DESIGN.md): the environment only, or a file named by --token-file;
 * never argv (every process on the machine can read another's arguments), never printed, never in a report.
 *   SCENE_SNAP_ROOM_TOKEN_<uuid>  the room's own token (a `-` in the uuid may be written `_`, as shells need)
 *   SCENE_SNAP_SDK_TOKEN          the project-wide SDK token
 *   --token-file <file>           a file holding the SDK token alone, or JSON {"sdk"?: "…", "rooms"?: {"<uuid>": "…"}}
 * Precedence: the room's token, then the SDK token (as in the extension); the environment before the file.
 */
import { readFileSync } from 'node:fs';
import { parseJsonc } from '../core/checks/jsonc';
import { usageError } from './io';

export interface TokenSource {
  tokenFor(room: string): string | undefined;
  /** Every token known, to keep them out of anything printed. */
  secrets(): string[];
}

export const SDK_TOKEN_VAR = 'SCENE_SNAP_SDK_TOKEN';
export const ROOM_TOKEN_PREFIX = 'SCENE_SNAP_ROOM_TOKEN_';

/** What the command line says when a room has no token: where it looks for one. */
export function noTokenMessage(room: string): string {
  return `no token for room ${room}: set ${SDK_TOKEN_VAR} (or ${ROOM_TOKEN_PREFIX}${room}) in the environment, or name a token file with --token-file.`;
}

interface FileTokens {
  sdk?: string;
  rooms: Record<string, string>;
}

const clean = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() ? value.trim() : undefined);

/** The tokens of a token file; a usage error (never quoting the content) when it cannot be read. */
export function readTokenFile(file: string): FileTokens {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw usageError(`cannot read the token file ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}.`);
  }
  const trimmed = text.trim();
  if (!trimmed.startsWith('{')) {
    if (!trimmed || /\s/.test(trimmed)) throw usageError(`the token file ${file} must hold one SDK token, or JSON {"sdk": "…", "rooms": {"<room uuid>": "…"}}.`);
    return { sdk: trimmed, rooms: {} };
  }
  let value: unknown;
  try {
    value = parseJsonc(trimmed);
  } catch {
    throw usageError(`the token file ${file} is not valid JSON (its content is not shown: it holds tokens).`);
  }
  const v = value as { sdk?: unknown; rooms?: unknown };
  const rooms: Record<string, string> = {};
  if (v.rooms !== undefined) {
    if (typeof v.rooms !== 'object' || v.rooms === null || Array.isArray(v.rooms)) throw usageError(`"rooms" in the token file ${file} must map room uuids to tokens.`);
    for (const [room, token] of Object.entries(v.rooms)) {
      const t = clean(token);
      if (t) rooms[room.trim()] = t;
    }
  }
  const sdk = clean(v.sdk);
  return { ...(sdk ? { sdk } : {}), rooms };
}

export function tokenSource(env: Record<string, string | undefined>, tokenFile?: string): TokenSource {
  const file = tokenFile ? readTokenFile(tokenFile) : { rooms: {} as Record<string, string> };
  const roomVar = (room: string): string | undefined => clean(env[`${ROOM_TOKEN_PREFIX}${room}`]) ?? clean(env[`${ROOM_TOKEN_PREFIX}${room.replace(/[^A-Za-z0-9_]/g, '_')}`]);
  return {
    tokenFor: (room) => roomVar(room) ?? file.rooms[room] ?? clean(env[SDK_TOKEN_VAR]) ?? file.sdk,
    secrets: () => {
      const fromEnv = Object.entries(env)
        .filter(([k]) => k === SDK_TOKEN_VAR || k.startsWith(ROOM_TOKEN_PREFIX))
        .map(([, v]) => clean(v));
      return [...fromEnv, file.sdk, ...Object.values(file.rooms)].filter((t): t is string => !!t);
    },
  };
}
