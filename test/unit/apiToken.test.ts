import * as assert from 'node:assert/strict';
import { TokenRole, roomToken, sdkToken, taskToken } from 'netless-token';
import { describeToken, summarizeToken, tokenDecodeProblem, tokenProblemText, tokenWarnings, formatDuration, type TokenInfo } from '../../src/core/api/index';

const AK = 'test-access-key';
const SK = 'test-secret-key';
const HOUR = 3600_000;

describe('describeToken (real tokens from netless-token)', () => {
  it('a role named like an Object property is no role', () => {
    for (const role of ['toString', '__proto__', 'constructor']) {
      const token = `NETLESSSDK_${Buffer.from(`ak=a&nonce=1&role=${role}&sig=ab`).toString('base64url')}`;
      assert.deepEqual(describeToken(token), { kind: 'sdk' }, role);
      assert.match(summarizeToken(describeToken(token), Date.now()), /role unknown/);
    }
  });

  it('reads an SDK token: kind, role, no room, no expiry', () => {
    assert.deepEqual(describeToken(sdkToken(AK, SK, 0, { role: TokenRole.Admin })), { kind: 'sdk', role: 'admin' });
    assert.deepEqual(describeToken(sdkToken(AK, SK, 0, { role: TokenRole.Writer })), { kind: 'sdk', role: 'writer' });
  });

  it('reads a room token: its room and its expiry', () => {
    const before = Date.now();
    const info = describeToken(roomToken(AK, SK, 24 * HOUR, { uuid: 'faed3130727911ebaea37759ee91947c', role: TokenRole.Reader }));
    assert.equal(info.kind, 'room');
    assert.equal(info.role, 'reader');
    assert.equal(info.roomUuid, 'faed3130727911ebaea37759ee91947c');
    assert.ok(info.expiresAt! >= before + 24 * HOUR && info.expiresAt! <= Date.now() + 24 * HOUR);
  });

  it('reads a task token', () => {
    assert.deepEqual(describeToken(taskToken(AK, SK, 0, { uuid: 'task-1', role: TokenRole.Writer })), { kind: 'task', role: 'writer', roomUuid: 'task-1' });
  });

  it('reads a token without a role, and one with surrounding whitespace', () => {
    assert.deepEqual(describeToken(sdkToken(AK, SK, 0, {})), { kind: 'sdk' });
    assert.equal(describeToken(`  ${sdkToken(AK, SK, 0, { role: TokenRole.Admin })}\n`).role, 'admin');
  });

  it('says "unknown" for anything else, without throwing', () => {
    const notTokens: unknown[] = [
      '',
      'hello',
      'NETLESSSDK_',
      'NETLESSSDK_!!!!',
      `NETLESSSDK_${Buffer.from('foo=bar').toString('base64url')}`,
      `NETLESSFOO_${Buffer.from('ak=a&sig=b').toString('base64url')}`,
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc',
      `NETLESSSDK_${Buffer.from([0xff, 0xfe, 0x00]).toString('base64url')}`,
      null,
      undefined,
      42,
    ];
    for (const token of notTokens) assert.deepEqual(describeToken(token as string), { kind: 'unknown' }, String(token));
  });

  it('keeps an unreadable role or expiry out instead of guessing', () => {
    const fields = 'ak=a&expireAt=soon&nonce=n&role=7&sig=00';
    assert.deepEqual(describeToken(`NETLESSROOM_${Buffer.from(fields).toString('base64url')}`), { kind: 'room' });
  });
});

describe('tokenDecodeProblem: why a token cannot be stored', () => {
  it('says a token with a Netless prefix but an unreadable rest is not decodable, naming its prefix', () => {
    const problem = tokenDecodeProblem('NETLESSROOM_garbage');
    assert.deepEqual(problem, { id: 'notDecodable', prefix: 'NETLESSROOM_' });
    const text = tokenProblemText(problem!);
    assert.match(text, /starts with NETLESSROOM_, but what follows cannot be decoded/);
    assert.doesNotMatch(text, /should start with/, 'it does start with a Netless prefix: say the real reason');
    assert.deepEqual(tokenDecodeProblem(`  NETLESSSDK_${Buffer.from('foo=bar').toString('base64url')} `), { id: 'notDecodable', prefix: 'NETLESSSDK_' });
  });

  it('says a token without a Netless prefix is not a Netless token', () => {
    for (const token of ['abc123', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc', '']) assert.deepEqual(tokenDecodeProblem(token), { id: 'notNetless' }, token);
    assert.match(tokenProblemText({ id: 'notNetless' }), /should start with NETLESSSDK_ or NETLESSROOM_/);
  });

  it('has nothing to say about a token that decodes, even one that warns (expired, reader, another room)', () => {
    const fields = (more: string) => Buffer.from(`ak=a&nonce=n&sig=00${more}`).toString('base64url');
    assert.equal(tokenDecodeProblem(`NETLESSSDK_${fields('&role=1')}`), undefined);
    assert.equal(tokenDecodeProblem(`NETLESSROOM_${fields('&role=2&expireAt=1&uuid=other')}`), undefined);
  });
});

describe('tokenWarnings and summarizeToken', () => {
  const now = Date.UTC(2025, 0, 1, 12);
  const room = 'faed3130727911ebaea37759ee91947c';

  it('has nothing to say about a good token', () => {
    assert.deepEqual(tokenWarnings({ kind: 'sdk', role: 'admin' }, room, now), []);
    assert.deepEqual(tokenWarnings({ kind: 'room', role: 'writer', roomUuid: room, expiresAt: now + HOUR }, room, now), []);
  });

  it('warns about an expired token, a reader, another room, a task token and a non-token', () => {
    assert.match(tokenWarnings({ kind: 'sdk', role: 'admin', expiresAt: now - 3 * HOUR }, room, now)[0]!, /expired 3 h ago \(2025-01-01T09:00:00\.000Z\)/);
    assert.match(tokenWarnings({ kind: 'sdk', role: 'reader' }, room, now)[0]!, /reader role: screenshots need the writer or admin role/);
    assert.match(tokenWarnings({ kind: 'room', role: 'writer', roomUuid: 'other' }, room, now)[0]!, /for room other, not faed/);
    assert.match(tokenWarnings({ kind: 'task', role: 'writer', roomUuid: 't' }, room, now)[0]!, /task token/);
    assert.match(tokenWarnings({ kind: 'unknown' }, room, now)[0]!, /not a Netless token/);
  });

  it('lists every problem of a token', () => {
    const info: TokenInfo = { kind: 'room', role: 'reader', roomUuid: 'other', expiresAt: now - 1 };
    assert.equal(tokenWarnings(info, room, now).length, 3);
  });

  it('does not judge the room when it is not known', () => {
    assert.deepEqual(tokenWarnings({ kind: 'room', role: 'admin', roomUuid: 'other' }, undefined, now), []);
  });

  it('summarizes in one line', () => {
    assert.equal(summarizeToken({ kind: 'room', role: 'writer', roomUuid: room, expiresAt: now + 23 * HOUR + 59_000 }, now), 'Room token · writer · expires in 23 h');
    assert.equal(summarizeToken({ kind: 'sdk', role: 'admin' }, now), 'SDK token · admin · never expires');
    assert.equal(summarizeToken({ kind: 'task' , expiresAt: now - 3 * 24 * HOUR }, now), 'Task token · role unknown · expired 3 d ago');
    assert.equal(summarizeToken({ kind: 'unknown' }, now), 'Unrecognised token');
  });

  it('formats durations', () => {
    assert.deepEqual([30_000, 5 * 60_000, 90 * 60_000, 47 * HOUR, 49 * HOUR].map(formatDuration), ['less than a minute', '5 min', '1 h', '47 h', '2 d']);
  });
});
