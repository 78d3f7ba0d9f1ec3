import * as l10n from '@vscode/l10n';
import { SceneSnapError, excerpt, looksLikeHtml, redact, serverText, withoutCredentials } from './errors';
import type { RoomInfo, ScreenshotResult } from './types';

/** A body that parsed as JSON but is not what the API documents; the message says where and how. */
export class ShapeError extends Error {}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(where: string, name: string): string {
  return where ? `${where}.${name}` : name;
}

function stringField(obj: Record<string, unknown>, name: string, where: string): string {
  const value = obj[name];
  if (value === undefined) throw new ShapeError(l10n.t('field "{0}" is missing', field(where, name)));
  if (typeof value !== 'string') throw new ShapeError(l10n.t('field "{0}" is not a string', field(where, name)));
  return value;
}

// The url is shown, opened and downloaded: anything but an absolute http(s) URL is refused.
function isWebUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export function parseScreenshotResult(value: unknown, where = ''): ScreenshotResult {
  if (!isObject(value)) {
    throw new ShapeError(where ? l10n.t('item {0} is not an object {url, key, bucket, region}', where) : l10n.t('the body is not an object {url, key, bucket, region}'));
  }
  const url = stringField(value, 'url', where);
  if (!isWebUrl(url)) throw new ShapeError(l10n.t('field "{0}" is not an absolute http(s) URL', field(where, 'url')));
  return {
    url,
    key: stringField(value, 'key', where),
    bucket: stringField(value, 'bucket', where),
    region: stringField(value, 'region', where),
  };
}

export function parseScreenshotList(value: unknown): ScreenshotResult[] {
  if (!Array.isArray(value)) throw new ShapeError(l10n.t('the body is not an array of {url, key, bucket, region}'));
  const results = new Array<ScreenshotResult>(value.length);
  for (let i = 0; i < value.length; i++) results[i] = parseScreenshotResult(value[i], `[${i}]`);
  return results;
}

export function parseSceneList(value: unknown): string[] {
  if (!Array.isArray(value)) throw new ShapeError(l10n.t('the body is not an array of scene paths'));
  for (let i = 0; i < value.length; i++) {
    const item: unknown = value[i];
    if (typeof item !== 'string' || !item.startsWith('/')) {
      throw new ShapeError(l10n.t('item [{0}] is not a scene path starting with /', i));
    }
  }
  return value as string[];
}

const ROOM_FIELDS = {
  teamUUID: 'string',
  appUUID: 'string',
  isRecord: 'boolean',
  isBan: 'boolean',
  createdAt: 'string',
  limit: 'number',
} as const;

export function parseRoomInfo(value: unknown): RoomInfo {
  if (!isObject(value)) throw new ShapeError(l10n.t('the body is not a room object'));
  const room: RoomInfo = { uuid: stringField(value, 'uuid', '') };
  for (const [name, type] of Object.entries(ROOM_FIELDS)) {
    const v = value[name];
    if (v === undefined || v === null) continue;
    if (typeof v !== type) throw new ShapeError(l10n.t('field "{0}" is not a {1}', name, type));
    (room as unknown as Record<string, unknown>)[name] = v;
  }
  return room;
}

/** What the transport hands over: one complete answer. */
export interface Answer {
  status: number;
  statusText: string;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  attempts: number;
}

/** Turns a 2xx answer into the documented value, or an invalidResponse error that shows what came. */
export function readSuccess<T>(answer: Answer, parse: (value: unknown) => T, secrets: readonly string[]): T {
  const shown = (): string => (answer.text.trim() ? `"${excerpt(answer.text, secrets)}"` : l10n.t('an empty body'));
  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch {
    throw new SceneSnapError(
      'invalidResponse',
      l10n.t('The whiteboard API answered {0} but not with JSON: {1}. Check that sceneSnap.apiBaseUrl points at the whiteboard API and not at a web page or a gateway.', answer.status, shown()),
      { status: answer.status, attempts: answer.attempts },
    );
  }
  try {
    return parse(json);
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    throw new SceneSnapError(
      'invalidResponse',
      l10n.t('The whiteboard API answered {0} with a body it does not document: {1}. It sent {2}.', answer.status, err.message, shown()),
      { status: answer.status, attempts: answer.attempts, cause: err },
    );
  }
}

const STATUS_CODES: Record<number, SceneSnapError['code']> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'notFound',
};

function advice(status: number, serverMessage: string | undefined): string {
  const said = serverMessage?.toLowerCase() ?? '';
  if (said.includes('role reader')) return l10n.t('The token has the reader role: use a token with the writer or admin role.');
  if (said.includes('access room')) return l10n.t("The room token belongs to another room: use this room's token or the SDK token.");
  if (said.includes('access team')) return l10n.t('The token belongs to another project: use a token of the project that owns this room.');
  if (said.includes('expired')) return l10n.t('The token has expired: make a new one.');
  switch (status) {
    case 400:
      return l10n.t('Check the room uuid, the path, the width and the height.');
    case 401:
      return l10n.t('Check that the token was copied in full and belongs to this project.');
    case 403:
      return l10n.t("Use an SDK token or this room's token, with the writer or admin role.");
    case 404:
      return l10n.t('Check the room uuid, the path and the region: a room answers only in its own region.');
    case 429:
      return l10n.t('Too many requests: wait a moment and try again.');
    default:
      return status >= 500 ? l10n.t('The service or a gateway on the way failed: try again later.') : l10n.t('Try again later.');
  }
}

/**
 * A redirect is never followed (the transport has no redirect handler): the token would go along to
 * wherever it points, and DESIGN.md sends it only to the API host of the user's own apiBaseUrl.
 */
function redirectAdvice(headers: Answer['headers'], secrets: readonly string[]): string {
  const location = headerText(headers, 'location', secrets, 200);
  return location === undefined
    ? l10n.t('Redirects are not followed, so that the token goes only to sceneSnap.apiBaseUrl: check that it names the API host.')
    : l10n.t('It redirects to {0}; redirects are not followed, so that the token goes only to sceneSnap.apiBaseUrl: check that it names the API host.', withoutCredentials(location));
}

/** The message text of an error body: `message` of a JSON object, if there is one. */
function messageOf(text: string): string | undefined {
  try {
    const body: unknown = JSON.parse(text);
    if (isObject(body) && typeof body.message === 'string' && body.message.trim()) return body.message;
  } catch {
    // Not JSON (an HTML page from a proxy): the caller shows an excerpt instead.
  }
  return undefined;
}

/** A header's value for a message: like the body, redacted, one line and short. */
function headerText(headers: Answer['headers'], name: string, secrets: readonly string[], max: number): string | undefined {
  const value = headers[name];
  const text = typeof value === 'string' ? excerpt(value, secrets, max) : '';
  return text || undefined;
}

function retryAfterNote(headers: Answer['headers'], secrets: readonly string[]): string {
  const wait = headerText(headers, 'retry-after', secrets, 60);
  if (wait === undefined) return '';
  return ` ${/^\d+$/.test(wait) ? l10n.t('The server asked to wait {0} s.', wait) : l10n.t('The server asked to wait until {0}.', wait)}`;
}

/** A non-2xx answer as the error of the contract: status → code, the server's own words kept. */
export function errorFromAnswer(answer: Answer, secrets: readonly string[]): SceneSnapError {
  const { status, attempts } = answer;
  const code = STATUS_CODES[status] ?? 'serverError';
  // The reason phrase is the server's text too: redacted and bounded like a body.
  const reason = excerpt(answer.statusText, secrets, 100);
  const statusLine = `${status}${reason ? ` ${reason}` : ''}`;
  const raw = messageOf(answer.text);
  const serverMessage = raw === undefined ? undefined : redact(raw, secrets);
  let said: string;
  // The server's message whole (DESIGN.md): the log bounds its own line (src/extension/screenshots/failureLogLine.ts).
  if (serverMessage !== undefined) said = l10n.t('The whiteboard API answered {0}: {1}', statusLine, serverText(serverMessage, secrets));
  else if (!answer.text.trim()) said = l10n.t('The whiteboard API answered {0}', statusLine);
  else if (looksLikeHtml(answer.text)) said = l10n.t('The whiteboard API answered {0} and this page: "{1}"', statusLine, excerpt(answer.text, secrets));
  else said = l10n.t('The whiteboard API answered {0} and this body: "{1}"', statusLine, excerpt(answer.text, secrets));
  if (attempts > 1) said = l10n.t('{0} (after {1} attempts)', said, attempts);
  const message = `${l10n.t('{0}. {1}', said, status >= 300 && status < 400 ? redirectAdvice(answer.headers, secrets) : advice(status, serverMessage))}${retryAfterNote(answer.headers, secrets)}`;
  return new SceneSnapError(code, message, {
    status,
    attempts,
    ...(serverMessage === undefined ? {} : { serverMessage }),
  });
}
