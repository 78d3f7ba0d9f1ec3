import type { Problem } from './problems';

/** The failure codes of the public contract (DESIGN.md); callers branch on these, never on messages. */
export type ErrorCode =
  | 'invalidInput'
  | 'noToken'
  | 'badRequest'
  | 'unauthorized'
  | 'forbidden'
  | 'notFound'
  | 'serverError'
  | 'invalidResponse'
  | 'timeout'
  | 'network'
  | 'cancelled'
  /** A comparison that could not run (its worker died, memory); never about the request or the images. */
  | 'compareFailed';

export interface ErrorDetails {
  /** The HTTP status, when the service answered. */
  status?: number;
  /** The service's own `message`, verbatim (tokens redacted). */
  serverMessage?: string;
  /** How many times the request was sent (retries included), when it was sent at all. */
  attempts?: number;
  /** For invalidInput and noToken from the client's own checks: what is wrong, as data (problems.ts). */
  problem?: Problem;
  cause?: unknown;
}

export class SceneSnapError extends Error {
  override readonly name = 'SceneSnapError';
  readonly code: ErrorCode;
  readonly status?: number;
  readonly serverMessage?: string;
  readonly attempts?: number;
  readonly problem?: Problem;

  constructor(code: ErrorCode, message: string, details: ErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    if (details.status !== undefined) this.status = details.status;
    if (details.serverMessage !== undefined) this.serverMessage = details.serverMessage;
    if (details.attempts !== undefined) this.attempts = details.attempts;
    if (details.problem !== undefined) this.problem = details.problem;
  }
}

/**
 * By shape rather than instanceof: the client lives in its own bundle (dist/api.js), so a class
 * imported elsewhere would be a different one.
 */
export function isSceneSnapError(value: unknown): value is SceneSnapError {
  return value instanceof Error && value.name === 'SceneSnapError' && typeof (value as { code?: unknown }).code === 'string';
}

// Anything shaped like a Netless token, wherever it appears (an echoing gateway, a pasted value).
const TOKEN_LIKE = /NETLESS(?:SDK|ROOM|TASK)_[A-Za-z0-9_\-=+/]*/g;
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Removes the given secrets and anything that looks like a Netless token from text meant for people. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    // Short strings would blank out innocent text; real tokens are long.
    if (secret.length >= 8) out = out.split(secret).join('[token]');
  }
  return out.replace(TOKEN_LIKE, '[token]');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** The readable text of an HTML page (a gateway's error page), good enough for an excerpt. */
function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(amp|lt|gt|quot|apos|nbsp|#39);/g, (_, name: string) => ENTITIES[name] ?? ' ');
}

export function looksLikeHtml(text: string): boolean {
  return /^\s*<(?:!doctype|html|head|body|title|h1|p|div|center)\b/i.test(text);
}

/**
 * Text from the server for a message, whole: token-free, and on one line (control characters, line
 * breaks included, become spaces, so that it cannot forge a line of the log).
 */
export function serverText(text: string, secrets: readonly string[] = []): string {
  return redact(text, secrets).replace(CONTROL, ' ').trim();
}

/**
 * A short, one-line, token-free excerpt of a body for an error message: HTML reduced to its text,
 * whitespace collapsed, at most `max` characters (an ellipsis included).
 */
export function excerpt(text: string, secrets: readonly string[] = [], max = 200): string {
  const plain = looksLikeHtml(text) ? htmlToText(text) : text;
  const oneLine = serverText(plain, secrets).replace(/\s+/g, ' ');
  const chars = Array.from(oneLine);
  return chars.length <= max ? oneLine : `${chars.slice(0, max - 1).join('')}…`;
}

/** A user-supplied value quoted for a message: short, one line, never a token. */
export function quote(value: string, max = 60): string {
  return JSON.stringify(excerpt(value, [], max));
}

/** A URL or text with any `user:password@` taken out: proxy credentials never reach a message or a log. */
export function withoutCredentials(text: string): string {
  return text.replace(/\/\/[^@/\s]*@/g, '//…@');
}
