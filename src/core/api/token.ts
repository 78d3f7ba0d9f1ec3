import * as l10n from '@vscode/l10n';

// A Netless token is a prefix and the unpadded base64url of a query string (ak, expireAt, nonce, role,
// sig, uuid). It is signed, not encrypted, so what it allows can be read here without the secret key.

export type TokenKind = 'sdk' | 'room' | 'task' | 'unknown';
export type TokenRole = 'admin' | 'writer' | 'reader';

export interface TokenInfo {
  kind: TokenKind;
  role?: TokenRole;
  /** The room (or task) a room (or task) token is limited to. */
  roomUuid?: string;
  /** Epoch ms; absent when the token never expires. */
  expiresAt?: number;
}

const KINDS: Record<string, TokenKind> = { NETLESSSDK_: 'sdk', NETLESSROOM_: 'room', NETLESSTASK_: 'task' };
const ROLES: Record<string, TokenRole> = { '0': 'admin', '1': 'writer', '2': 'reader' };
const UNKNOWN: TokenInfo = Object.freeze({ kind: 'unknown' });

/** What a token says about itself; `{kind: 'unknown'}` for anything that is not a readable Netless token. */
export function describeToken(token: string): TokenInfo {
  try {
    const text = typeof token === 'string' ? token.trim() : '';
    const match = /^(NETLESS(?:SDK|ROOM|TASK)_)([A-Za-z0-9_-]+)$/.exec(text);
    if (!match) return { ...UNKNOWN };
    const fields = new URLSearchParams(Buffer.from(match[2]!, 'base64url').toString('utf8'));
    if (!fields.get('ak') || !fields.get('sig')) return { ...UNKNOWN };
    const info: TokenInfo = { kind: KINDS[match[1]!]! };
    const roleField = fields.get('role') ?? '';
    // Own entries only: a role field of "toString" or "__proto__" is no role, not Object.prototype's.
    const role = Object.prototype.hasOwnProperty.call(ROLES, roleField) ? ROLES[roleField] : undefined;
    if (role) info.role = role;
    const uuid = fields.get('uuid');
    if (uuid && info.kind !== 'sdk') info.roomUuid = uuid;
    const expireAt = fields.get('expireAt');
    if (expireAt && /^\d+$/.test(expireAt)) info.expiresAt = Number(expireAt);
    return info;
  } catch {
    return { ...UNKNOWN };
  }
}

/** "23 h", "5 min", "3 d", in the user's language. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 1) return l10n.t('less than a minute');
  if (minutes < 60) return l10n.t('{0} min', minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return l10n.t('{0} h', hours);
  return l10n.t('{0} d', Math.floor(hours / 24));
}

/** Why a token will not work for a screenshot, as data (tokenWarnings words it). */
export type TokenProblem =
  | { id: 'notNetless' }
  | { id: 'notDecodable'; prefix: string }
  | { id: 'task' }
  | { id: 'expired'; agoMs: number; at: string }
  | { id: 'reader' }
  | { id: 'otherRoom'; tokenRoom: string; forRoom: string };

/**
 * Why `token` cannot be read at all, or undefined when it decodes. Such a token is refused before it is
 * stored (DESIGN.md, sceneSnap.setToken): `notNetless` when it lacks the NETLESS…_ prefix, `notDecodable`
 * when it has one but what follows is not a Netless token's fields (cut short, mistyped, `NETLESSROOM_garbage`).
 */
export function tokenDecodeProblem(token: string): TokenProblem | undefined {
  if (describeToken(token).kind !== 'unknown') return undefined;
  const prefix = /^NETLESS(?:SDK|ROOM|TASK)_/.exec(typeof token === 'string' ? token.trim() : '')?.[0];
  return prefix ? { id: 'notDecodable', prefix } : { id: 'notNetless' };
}

/** Why a token will not work for a screenshot of `forRoom`, before the service says so. Empty when nothing is wrong. */
export function tokenProblems(info: TokenInfo, forRoom: string | undefined, now: number): TokenProblem[] {
  if (info.kind === 'unknown') return [{ id: 'notNetless' }];
  const problems: TokenProblem[] = [];
  if (info.kind === 'task') problems.push({ id: 'task' });
  if (info.expiresAt !== undefined && info.expiresAt <= now) {
    problems.push({ id: 'expired', agoMs: now - info.expiresAt, at: new Date(info.expiresAt).toISOString() });
  }
  if (info.role === 'reader') problems.push({ id: 'reader' });
  if (info.kind === 'room' && forRoom !== undefined && info.roomUuid !== undefined && info.roomUuid !== forRoom) {
    problems.push({ id: 'otherRoom', tokenRoom: info.roomUuid, forRoom });
  }
  return problems;
}

/** A token problem in the user's language. */
export function tokenProblemText(p: TokenProblem): string {
  switch (p.id) {
    case 'notNetless':
      return l10n.t('This is not a Netless token: it should start with NETLESSSDK_ or NETLESSROOM_. Copy it again from Agora Console or your token server.');
    case 'notDecodable':
      return l10n.t('This token starts with {0}, but what follows cannot be decoded: it is cut short or mistyped. Copy it again from Agora Console or your token server.', p.prefix);
    case 'task':
      return l10n.t('This is a task token, made for one file conversion: screenshots need an SDK token or a room token.');
    case 'expired':
      return l10n.t('This token expired {0} ago ({1}): make a new one.', formatDuration(p.agoMs), p.at);
    case 'reader':
      return l10n.t('This token has the reader role: screenshots need the writer or admin role.');
    case 'otherRoom':
      return l10n.t("This room token is for room {0}, not {1}: use this room's token or the SDK token.", p.tokenRoom, p.forRoom);
  }
}

/** Why a token will not take screenshots of `forRoom`, in the user's language. */
export function tokenWarnings(info: TokenInfo, forRoom: string | undefined, now: number): string[] {
  return tokenProblems(info, forRoom, now).map(tokenProblemText);
}

function kindText(kind: TokenKind): string {
  switch (kind) {
    case 'sdk':
      return l10n.t('SDK token');
    case 'room':
      return l10n.t('Room token');
    case 'task':
      return l10n.t('Task token');
    case 'unknown':
      return l10n.t('Unrecognised token');
  }
}

/** One line for a tooltip or a picker, e.g. "Room token · writer · expires in 23 h". Never the token itself. */
export function summarizeToken(info: TokenInfo, now: number): string {
  if (info.kind === 'unknown') return kindText('unknown');
  // The role names are Netless's own (admin, writer, reader): kept as they are, as in Agora's docs.
  const role = info.role ?? l10n.t('role unknown');
  let expiry: string;
  if (info.expiresAt === undefined) expiry = l10n.t('never expires');
  else if (info.expiresAt <= now) expiry = l10n.t('expired {0} ago', formatDuration(now - info.expiresAt));
  else expiry = l10n.t('expires in {0}', formatDuration(info.expiresAt - now));
  return [kindText(info.kind), role, expiry].join(' · ');
}
