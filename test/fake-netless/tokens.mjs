// @ts-check
// Tokens as the real service checks them: the format of the netless-token package, signed with the
// project's secret key (HMAC-SHA256 over the sorted JSON of the fields), roles 0 admin, 1 writer, 2 reader.
import { createHmac, timingSafeEqual } from 'node:crypto';
import netlessToken from 'netless-token';

/** @typedef {'admin' | 'writer' | 'reader'} Role */
/** @typedef {'sdk' | 'room' | 'task'} Kind */

/** @type {Record<Role, import('netless-token').TokenRole>} */
const ROLE_CODES = { admin: netlessToken.TokenRole.Admin, writer: netlessToken.TokenRole.Writer, reader: netlessToken.TokenRole.Reader };
/** @type {Record<string, Role>} */
const ROLES = { 0: 'admin', 1: 'writer', 2: 'reader' };
/** @type {Record<string, Kind>} */
const KINDS = { NETLESSSDK_: 'sdk', NETLESSROOM_: 'room', NETLESSTASK_: 'task' };

/**
 * @param {{ accessKey: string, secretKey: string }} keys
 * @param {Role} [role]
 * @param {number} [lifespanMs] 0 = never expires
 */
export function makeSdkToken(keys, role = 'admin', lifespanMs = 0) {
  return netlessToken.sdkToken(keys.accessKey, keys.secretKey, lifespanMs, { role: ROLE_CODES[role] });
}

/**
 * @param {{ accessKey: string, secretKey: string }} keys
 * @param {string} uuid
 * @param {Role} [role]
 * @param {number} [lifespanMs] 0 = never expires
 */
export function makeRoomToken(keys, uuid, role = 'writer', lifespanMs = 0) {
  return netlessToken.roomToken(keys.accessKey, keys.secretKey, lifespanMs, { uuid, role: ROLE_CODES[role] });
}

/**
 * @param {{ accessKey: string, secretKey: string }} keys
 * @param {string} uuid
 * @param {Role} [role]
 * @param {number} [lifespanMs]
 */
export function makeTaskToken(keys, uuid, role = 'writer', lifespanMs = 0) {
  return netlessToken.taskToken(keys.accessKey, keys.secretKey, lifespanMs, { uuid, role: ROLE_CODES[role] });
}

/**
 * @typedef {{ ok: true, kind: Kind, role: Role, uuid?: string }} TokenGrant
 * @typedef {{ ok: false, status: number, message: string }} TokenRefusal
 */

/**
 * Checks a token the way the service does, in its order and with its messages.
 * @param {string | undefined} token
 * @param {{ accessKey: string, secretKey: string, now: number }} keys
 * @returns {TokenGrant | TokenRefusal}
 */
export function verifyToken(token, { accessKey, secretKey, now }) {
  /** @type {TokenRefusal} */
  const malformed = { ok: false, status: 401, message: 'invalid format of token' };
  const match = /^(NETLESS(?:SDK|ROOM|TASK)_)([A-Za-z0-9_-]+)$/.exec(token ?? '');
  if (!match) return malformed;
  const fields = Object.fromEntries(new URLSearchParams(Buffer.from(match[2] ?? '', 'base64url').toString('utf8')));
  const { sig, ...signed } = fields;
  if (!signed.ak || !signed.nonce || !sig || !/^[0-9a-f]{64}$/.test(sig)) return malformed;
  const role = ROLES[signed.role ?? ''];
  if (!role) return malformed;
  /** @type {Record<string, string>} */
  const sorted = {};
  for (const key of Object.keys(signed).sort()) sorted[key] = String(signed[key]);
  const expected = createHmac('sha256', secretKey).update(JSON.stringify(sorted)).digest();
  if (signed.ak !== accessKey || !timingSafeEqual(expected, Buffer.from(sig, 'hex'))) {
    return { ok: false, status: 401, message: 'invalid signature of token' };
  }
  if (signed.expireAt !== undefined && Number(signed.expireAt) <= now) {
    return { ok: false, status: 401, message: 'expired token' };
  }
  const kind = KINDS[match[1] ?? ''] ?? 'sdk';
  return signed.uuid === undefined ? { ok: true, kind, role } : { ok: true, kind, role, uuid: signed.uuid };
}
