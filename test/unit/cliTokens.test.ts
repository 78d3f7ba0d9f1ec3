import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { apiBaseUrl } from '../../src/cli/common';
import { CliError } from '../../src/cli/io';
import { tokenSource } from '../../src/cli/tokens';

const ROOM = 'faed3130727911ebaea37759ee91947c';
const SDK = 'NETLESSSDK_YWs9c2RrLXRva2VuLWZvci10ZXN0cw';
const ROOM_TOKEN = 'NETLESSROOM_YWs9cm9vbS10b2tlbi1mb3ItdGVzdHM';

describe('command line: token sources', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'scene-snap-tokens-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('takes the room\'s own variable before the SDK token, trimmed', () => {
    const source = tokenSource({ SCENE_SNAP_SDK_TOKEN: ` ${SDK}\n`, [`SCENE_SNAP_ROOM_TOKEN_${ROOM}`]: ROOM_TOKEN });
    assert.equal(source.tokenFor(ROOM), ROOM_TOKEN);
    assert.equal(source.tokenFor('other'), SDK);
    assert.deepEqual(source.secrets().sort(), [ROOM_TOKEN, SDK].sort());
  });

  it('reads a room variable with _ for the characters a shell cannot name', () => {
    assert.equal(tokenSource({ SCENE_SNAP_ROOM_TOKEN_a_b: ROOM_TOKEN }).tokenFor('a-b'), ROOM_TOKEN);
  });

  it('has no token when nothing is set (an empty variable is not a token)', () => {
    assert.equal(tokenSource({ SCENE_SNAP_SDK_TOKEN: '  ' }).tokenFor(ROOM), undefined);
  });

  it('reads a token file: a bare SDK token, or JSON with rooms; the environment wins', () => {
    assert.equal(tokenSource({}, file('sdk.txt', `${SDK}\n`)).tokenFor(ROOM), SDK);
    const json = file('tokens.json', JSON.stringify({ sdk: SDK, rooms: { [ROOM]: ROOM_TOKEN } }));
    assert.equal(tokenSource({}, json).tokenFor(ROOM), ROOM_TOKEN);
    assert.equal(tokenSource({}, json).tokenFor('other'), SDK);
    assert.equal(tokenSource({ SCENE_SNAP_SDK_TOKEN: 'NETLESSSDK_ZW52' }, json).tokenFor('other'), 'NETLESSSDK_ZW52');
  });

  it('refuses an unreadable or malformed token file as bad usage, without quoting it', () => {
    const secret = `{"sdk": "${SDK}", broken`;
    for (const f of [path.join(dir, 'none'), file('bad.json', secret), file('two.txt', `${SDK} ${SDK}`)]) {
      assert.throws(() => tokenSource({}, f), (err: unknown) => err instanceof CliError && err.exitCode === 2 && !err.message.includes(SDK));
    }
  });

  it('takes the API host from --api, else SCENE_SNAP_API, with plain http: for loopback only', () => {
    assert.equal(apiBaseUrl(undefined, {}), 'https://api.netless.link');
    assert.equal(apiBaseUrl(undefined, { SCENE_SNAP_API: 'http://127.0.0.1:9' }), 'http://127.0.0.1:9');
    assert.equal(apiBaseUrl('https://example.test', { SCENE_SNAP_API: 'http://127.0.0.1:9' }), 'https://example.test');
    assert.throws(() => apiBaseUrl(undefined, { SCENE_SNAP_API: 'http://example.test' }), (err: unknown) => err instanceof CliError && err.exitCode === 2 && /SCENE_SNAP_API/.test(err.message));
  });
});
