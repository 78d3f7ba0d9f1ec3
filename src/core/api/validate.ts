import { SceneSnapError, quote } from './errors';
import { isLoopbackHost } from './loopback';
import { problemText, type PathField, type Problem, type SizeField } from './problems';
import { REGIONS, REGION_NAMES, isRegion, replacementOf, type Region } from './regions';

// Each *Problem returns what is wrong as data (problems.ts) or undefined. The client turns problems into
// invalidInput / noToken errors that carry them and their sentence (problemText).

export const MAX_SIZE = 10000;
const UUID = /^[A-Za-z0-9_-]+$/;
// C0, DEL and C1 controls; the service keys objects by path, so these would make unreadable keys.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// A token travels in an HTTP header: printable ASCII, no spaces.
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

function codePoint(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

export function roomUuidProblem(value: unknown): Problem | undefined {
  if (typeof value !== 'string' || value.length === 0) return { id: 'roomUuidMissing' };
  if (!UUID.test(value)) {
    const bad = Array.from(value).find((ch) => !UUID.test(ch)) ?? '';
    const shown = /\s/.test(bad) || CONTROL.test(bad) ? codePoint(bad) : `"${bad}"`;
    return { id: 'roomUuidChars', value: quote(value), char: shown };
  }
  return undefined;
}

/** `field` picks the words: a scene path for one screenshot, a directory path for a scene directory. */
export function pathProblem(value: unknown, field: PathField = 'path'): Problem | undefined {
  if (typeof value !== 'string' || value.length === 0) return { id: 'pathMissing', field };
  if (!value.startsWith('/')) return { id: 'pathNoSlash', field, value: quote(value) };
  const chars = Array.from(value);
  const at = chars.findIndex((ch) => CONTROL.test(ch));
  if (at >= 0) return { id: 'pathControl', field, char: codePoint(chars[at]!), position: at + 1 };
  return undefined;
}

/** Accepts the number itself or the text of an input box. */
export function sizeProblem(value: unknown, field: SizeField): Problem | undefined {
  const n = toSize(value);
  if (n === undefined) return { id: 'size', field, got: typeof value === 'string' ? quote(value) : String(value), max: MAX_SIZE };
  if (n < 1 || n > MAX_SIZE) return { id: 'size', field, got: String(n), max: MAX_SIZE };
  return undefined;
}

function toSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) return Number(value);
  return undefined;
}

export function regionProblem(value: unknown): Problem | undefined {
  const valid = REGIONS.join(', ');
  if (typeof value !== 'string' || value.length === 0) return { id: 'regionMissing', valid };
  if (isRegion(value)) return undefined;
  const replacement = replacementOf(value);
  if (replacement) return { id: 'regionRetired', value, replacement, replacementName: REGION_NAMES[replacement], valid };
  const exact = value.trim().toLowerCase();
  if (isRegion(exact)) return { id: 'regionCase', value: quote(value), exact, valid };
  return { id: 'regionUnknown', value: quote(value), valid };
}

/** Only the shape is checked here; describeToken/tokenWarnings say more about what the token allows. */
export function tokenProblem(value: unknown): Problem | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) return { id: 'tokenMissing' };
  if (!TOKEN_CHARS.test(value.trim())) return { id: 'tokenChars' };
  return undefined;
}

/** Base URL of the API: https, or plain http for a server on this machine only. */
export function baseUrlProblem(value: unknown): Problem | undefined {
  if (typeof value !== 'string' || value.trim().length === 0) return { id: 'baseUrlMissing' };
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return { id: 'baseUrlInvalid', value: quote(value) };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { id: 'baseUrlScheme', value: quote(value) };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) return { id: 'baseUrlHttp', value: quote(value) };
  if (url.username || url.password) return { id: 'baseUrlCredentials' };
  if (url.search || url.hash) return { id: 'baseUrlQuery', value: quote(value) };
  return undefined;
}

/** An invalidInput error: for a problem, its sentence and the problem itself (code branches on its id). */
export function invalid(problem: Problem | string): SceneSnapError {
  if (typeof problem === 'string') return new SceneSnapError('invalidInput', problem);
  return new SceneSnapError('invalidInput', problemText(problem), { problem });
}

/** Throws invalidInput (or noToken) for the first rule the access fields break. */
export function assertAccess(room: unknown, token: unknown, region: unknown): { room: string; token: string; region: Region } {
  const roomProblem = roomUuidProblem(room);
  if (roomProblem) throw invalid(roomProblem);
  const regionProblemFound = regionProblem(region);
  if (regionProblemFound) throw invalid(regionProblemFound);
  const tokenProblemFound = tokenProblem(token);
  if (tokenProblemFound) {
    const code = tokenProblemFound.id === 'tokenMissing' ? 'noToken' : 'invalidInput';
    throw new SceneSnapError(code, problemText(tokenProblemFound), { problem: tokenProblemFound });
  }
  return { room: room as string, token: (token as string).trim(), region: region as Region };
}

export function assertPath(value: unknown, field: PathField): string {
  const problem = pathProblem(value, field);
  if (problem) throw invalid(problem);
  return value as string;
}

export function assertSize(value: unknown, field: SizeField): number {
  const problem = sizeProblem(value, field);
  if (problem) throw invalid(problem);
  return Number(value);
}
