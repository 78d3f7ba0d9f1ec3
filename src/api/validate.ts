import { SceneSnapError, quote } from './errors';
import { REGIONS, RETIRED_REGIONS, REGION_NAMES, isRegion, type Region } from './regions';

// Each check* returns a message for people (naming the field and the rule) or undefined; input boxes
// use them as they are, and the client turns them into invalidInput / noToken errors.

export const MAX_SIZE = 10000;
const UUID = /^[A-Za-z0-9_-]+$/;
// C0, DEL and C1 controls; the service keys objects by path, so these would make unreadable keys.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A token travels in an HTTP header: printable ASCII, no spaces.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function checkRoomUuid(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0) {
    return 'Room uuid is missing: give the uuid of a whiteboard room (letters, digits, - and _).';
  }
  if (!UUID.test(value)) {
    const bad = Array.from(value).find((ch) => !UUID.test(ch)) ?? '';
    const shown = /\s/.test(bad) || CONTROL.test(bad) ? codePoint(bad) : `"${bad}"`;
    return `Room uuid ${quote(value)} may contain only letters, digits, - and _ (it has ${shown}).`;
  }
  return undefined;
}

/** `field` picks the words: a scene path for one screenshot, a directory path for a scene directory. */
export function checkPath(value: unknown, field: 'path' | 'directory' = 'path'): string | undefined {
  const [name, example] = field === 'path' ? ['Scene path', '/init'] : ['Directory path', '/ or /test'];
  if (typeof value !== 'string' || value.length === 0) {
    return `${name} is missing: it must start with / (for example ${example}).`;
  }
  if (!value.startsWith('/')) {
    return `${name} ${quote(value)} must start with / (for example ${example}).`;
  }
  const chars = Array.from(value);
  const at = chars.findIndex((ch) => CONTROL.test(ch));
  if (at >= 0) {
    return `${name} must not contain control characters (${codePoint(chars[at]!)} at position ${at + 1}).`;
  }
  return undefined;
}

/** Accepts the number itself or the text of an input box. */
export function checkSize(value: unknown, field: 'width' | 'height'): string | undefined {
  const name = field === 'width' ? 'Width' : 'Height';
  const rule = `must be a whole number of pixels from 1 to ${MAX_SIZE}`;
  const n = toSize(value);
  if (n === undefined) {
    const shown = typeof value === 'string' ? quote(value) : String(value);
    return `${name} ${rule} (got ${shown}).`;
  }
  if (n < 1 || n > MAX_SIZE) return `${name} ${rule} (got ${n}).`;
  return undefined;
}

function toSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

export function checkRegion(value: unknown): string | undefined {
  const valid = REGIONS.join(', ');
  if (typeof value !== 'string' || value.length === 0) {
    return `Region is missing: use the room's data centre, one of ${valid}.`;
  }
  if (isRegion(value)) return undefined;
  const replacement = RETIRED_REGIONS[value];
  if (replacement) {
    return `Region "${value}" was retired; use ${replacement} (${REGION_NAMES[replacement]}) instead. Valid regions: ${valid}.`;
  }
  if (isRegion(value.trim().toLowerCase())) {
    return `Region ${quote(value)} must be written exactly ${value.trim().toLowerCase()}. Valid regions: ${valid}.`;
  }
  return `Region ${quote(value)} is not one of ${valid}.`;
}

/** Only the shape is checked here; describeToken/tokenWarnings say more about what the token allows. */
export function checkToken(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) {
    return 'No token: set an SDK token or a room token with the writer or admin role.';
  }
  if (!TOKEN_CHARS.test(value.trim())) {
    return 'Token must be a single line of printable ASCII characters without spaces; copy it again in full.';
  }
  return undefined;
}

/** Base URL of the API: https, or plain http for a server on this machine only. */
export function checkBaseUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) {
    return 'API base URL is missing: use https://api.netless.link, or http://127.0.0.1:<port> for a local server.';
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `API base URL ${quote(value)} is not a valid URL (for example https://api.netless.link).`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `API base URL ${quote(value)} must start with https://.`;
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return `API base URL ${quote(value)} must use https: plain http: is accepted only for this machine (localhost, 127.0.0.1, [::1]).`;
  }
  if (url.username || url.password) {
    return 'API base URL must not contain a user name or password.';
  }
  if (url.search || url.hash) {
    return `API base URL ${quote(value)} must not have a query or a fragment.`;
  }
  return undefined;
}

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return (
    host === 'localhost' ||
    host.endsWith('.localhost') ||
    host === '[::1]' ||
    /^127(?:\.\d{1,3}){3}$/.test(host)
  );
}

export function invalid(message: string): SceneSnapError {
  return new SceneSnapError('invalidInput', message);
}

/** Throws invalidInput (or noToken) for the first rule the access fields break. */
export function assertAccess(room: unknown, token: unknown, region: unknown): { room: string; token: string; region: Region } {
  const roomProblem = checkRoomUuid(room);
  if (roomProblem) throw invalid(roomProblem);
  const regionProblem = checkRegion(region);
  if (regionProblem) throw invalid(regionProblem);
  const tokenProblem = checkToken(token);
  if (tokenProblem) {
    const missing = typeof token !== 'string' || token.trim().length === 0;
    throw new SceneSnapError(missing ? 'noToken' : 'invalidInput', tokenProblem);
  }
  return { room: room as string, token: (token as string).trim(), region: region as Region };
}

export function assertPath(value: unknown, field: 'path' | 'directory'): string {
  const problem = checkPath(value, field);
  if (problem) throw invalid(problem);
  return value as string;
}

export function assertSize(value: unknown, field: 'width' | 'height'): number {
  const problem = checkSize(value, field);
  if (problem) throw invalid(problem);
  return Number(value);
}
