import * as assert from 'node:assert/strict';
import { TokenRole, roomToken, sdkToken, taskToken } from 'netless-token';
import { MAX_LINE_LENGTH, foundAt, scanLine, terminalFinds } from '../../src/extension/editor/scan';

const KNOWN = 'faed3130727911ebaea37759ee91947c';
const OTHER = '0123456789abcdef0123456789abcdef';
const known = new Set([KNOWN]);
const off = { known, unknown: false };
const on = { known, unknown: true };

describe('editor scan: room uuids and tokens in a line', () => {
  it('finds a known room uuid where it stands, in code, JSON and logs', () => {
    for (const [line, at] of [
      [`const room = '${KNOWN}';`, 14],
      [`{"uuid":"${KNOWN}","name":"x"}`, 9],
      [`2026-01-01 INFO room=${KNOWN} joined`, 21],
      [`GET /v5/rooms/${KNOWN}/scenes`, 14],
      [`room_${KNOWN}`, 5],
    ] as const) {
      assert.deepEqual(scanLine(line, off), [{ kind: 'room', uuid: KNOWN, known: true, start: at, end: at + 32 }], line);
    }
  });

  it('leaves an unknown 32-hex string alone unless sceneSnap.editor.unknownUuids is on', () => {
    const line = `md5 ${OTHER} and ${KNOWN}`;
    assert.deepEqual(scanLine(line, off).map((f) => f.kind === 'room' && f.uuid), [KNOWN]);
    assert.deepEqual(
      scanLine(line, on).map((f) => f.kind === 'room' && [f.uuid, f.known]),
      [
        [OTHER, false],
        [KNOWN, true],
      ],
    );
  });

  it('a uuid inside a longer hex string (a SHA-256, a commit id) or glued to a word is not one', () => {
    for (const line of [`sha256 ${KNOWN}${KNOWN}`, `${KNOWN}abc`, `abc${KNOWN}`, `x${KNOWN}`, `${KNOWN}0`, `${KNOWN.toUpperCase()}`]) {
      assert.deepEqual(scanLine(line, on), [], line);
    }
  });

  it('finds tokens of each kind, with their kind, and no uuid inside them', () => {
    const sdk = sdkToken('ak', 'sk', 0, { role: TokenRole.Writer });
    const room = roomToken('ak', 'sk', 0, { role: TokenRole.Reader, uuid: KNOWN });
    const task = taskToken('ak', 'sk', 0, { role: TokenRole.Admin, uuid: KNOWN });
    const line = `SDK="${sdk}" ROOM=${room}; task: ${task}`;
    const found = scanLine(line, on);
    assert.deepEqual(
      found.map((f) => (f.kind === 'token' ? [f.tokenKind, line.slice(f.start, f.end)] : f.kind)),
      [
        ['sdk', sdk],
        ['room', room],
        ['task', task],
      ],
    );
  });

  it('a uuid right next to a token is still found; overlapping matches are one match', () => {
    const room = roomToken('ak', 'sk', 0, { role: TokenRole.Writer, uuid: KNOWN });
    const found = scanLine(`${room} ${KNOWN}`, off);
    assert.deepEqual(found.map((f) => f.kind), ['token', 'room']);
    // A token glued to a uuid: the token's body runs on over the hex, so it is one token, not a token and a room.
    assert.deepEqual(scanLine(`${room}${KNOWN}`, off).map((f) => f.kind), ['token']);
  });

  it('skips lines over 10,000 characters, and reads one just under', () => {
    const pad = (n: number) => ' '.repeat(n);
    assert.equal(scanLine(`${pad(MAX_LINE_LENGTH - 33)} ${KNOWN}`, off).length, 1);
    assert.deepEqual(scanLine(`${pad(MAX_LINE_LENGTH - 32)} ${KNOWN}`, off), []);
    assert.deepEqual(scanLine(`${KNOWN} ${'x'.repeat(MAX_LINE_LENGTH)}`, off), []);
  });

  it('foundAt names what is under a position, and nothing beside it', () => {
    const line = `id ${KNOWN} end`;
    assert.equal(foundAt(line, 3, off)?.kind, 'room');
    assert.equal(foundAt(line, 34, off)?.kind, 'room');
    assert.equal(foundAt(line, 35, off), undefined);
    assert.equal(foundAt(line, 2, off), undefined);
  });

  it('a terminal line links known rooms and tokens, never an unknown 32-hex string', () => {
    const sdk = sdkToken('ak', 'sk', 0, { role: TokenRole.Writer });
    const line = `$ curl -H "token: ${sdk}" /v5/rooms/${KNOWN} # md5 ${OTHER}`;
    assert.deepEqual(terminalFinds(line, known).map((f) => (f.kind === 'room' ? f.uuid : f.tokenKind)), ['sdk', KNOWN]);
  });
});
