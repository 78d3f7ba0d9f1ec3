import * as assert from 'node:assert/strict';
import {
  baseUrlProblem,
  createClient,
  pathProblem,
  problemOrNothing,
  regionProblem,
  REGIONS,
  roomUuidProblem,
  sizeProblem,
  tokenProblem,
  type NetlessClient,
  type PathField,
  type ScreenshotRequest,
  type SizeField,
} from '../../src/core/api/index';
import { ROOMS, clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

// Each check in words, as an input box shows it (no translation loaded: English).
const checkRoomUuid = (v: unknown) => problemOrNothing(roomUuidProblem(v));
const checkPath = (v: unknown, field?: PathField) => problemOrNothing(pathProblem(v, field));
const checkSize = (v: unknown, field: SizeField) => problemOrNothing(sizeProblem(v, field));
const checkRegion = (v: unknown) => problemOrNothing(regionProblem(v));
const checkToken = (v: unknown) => problemOrNothing(tokenProblem(v));
const checkBaseUrl = (v: unknown) => problemOrNothing(baseUrlProblem(v));

describe('input checks', () => {
  it('room uuid: letters, digits, - and _', () => {
    assert.equal(checkRoomUuid('faed3130727911ebaea37759ee91947c'), undefined);
    assert.equal(checkRoomUuid('Room_1-a'), undefined);
    assert.match(checkRoomUuid('')!, /^Room uuid is missing/);
    assert.match(checkRoomUuid('ab cd')!, /^Room uuid "ab cd" may contain only letters, digits, - and _ \(it has U\+0020\)/);
    assert.match(checkRoomUuid('../etc')!, /it has "\."/);
    assert.match(checkRoomUuid('a/b')!, /it has "\/"/);
    assert.match(checkRoomUuid('房间')!, /only letters, digits/);
    assert.match(checkRoomUuid(undefined)!, /missing/);
  });

  it('never repeats a token pasted into another field', () => {
    const token = 'NETLESSROOM_YWs9c2NlbmVzbmFwLWZha2UtYWNjZXNzLWtleSZub25jZT1j';
    assert.ok(!checkRoomUuid(`${token} `)!.includes(token));
    assert.ok(!checkPath(token)!.includes(token));
    assert.ok(!checkRegion(token)!.includes(token));
  });

  it('scene path: starts with /, no control characters, Unicode welcome', () => {
    assert.equal(checkPath('/init'), undefined);
    assert.equal(checkPath('/课程/第一页'), undefined);
    assert.equal(checkPath('/emoji/🎨 board'), undefined);
    assert.match(checkPath('init')!, /^Scene path "init" must start with \/ \(for example \/init\)/);
    assert.match(checkPath('')!, /^Scene path is missing/);
    assert.match(checkPath('/a\nb')!, /^Scene path must not contain control characters \(U\+000A at position 3\)/);
    assert.match(checkPath('/a\u0085')!, /U\+0085/);
    assert.match(checkPath('/a\u007f')!, /U\+007F/);
    assert.match(checkPath('test', 'directory')!, /^Directory path "test" must start with \//);
  });

  it('width and height: whole numbers from 1 to 10000', () => {
    for (const ok of [1, 640, 10000, '720', ' 1280 ']) assert.equal(checkSize(ok, 'width'), undefined, String(ok));
    assert.match(checkSize(0, 'width')!, /^Width must be a whole number of pixels from 1 to 10000 \(got 0\)/);
    assert.match(checkSize(10001, 'height')!, /^Height .* \(got 10001\)/);
    assert.match(checkSize(1.5, 'width')!, /got 1\.5/);
    assert.match(checkSize(-3, 'width')!, /got -3/);
    assert.match(checkSize(Number.NaN, 'width')!, /got NaN/);
    assert.match(checkSize('12px', 'height')!, /got "12px"/);
    assert.match(checkSize('', 'height')!, /got ""/);
    assert.match(checkSize(undefined, 'height')!, /got undefined/);
  });

  it('region: one of the five, with the list when not', () => {
    for (const region of REGIONS) assert.equal(checkRegion(region), undefined);
    assert.deepEqual([...REGIONS], ['us-sv', 'sg', 'in-mum', 'eu', 'cn-hz']);
    assert.equal(checkRegion('xx'), 'Region "xx" is not one of us-sv, sg, in-mum, eu, cn-hz.');
    assert.match(checkRegion('gb-lon')!, /retired; use eu \(Frankfurt, Europe\) instead\. Valid regions: us-sv, sg, in-mum, eu, cn-hz/);
    assert.match(checkRegion('US-SV')!, /must be written exactly us-sv/);
    assert.match(checkRegion('')!, /^Region is missing: .*us-sv, sg, in-mum, eu, cn-hz/);
    // Named like Object properties: the usual message, not Object.prototype's members.
    for (const name of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      assert.equal(checkRegion(name), `Region "${name}" is not one of us-sv, sg, in-mum, eu, cn-hz.`);
    }
  });

  it('token: not empty after trimming, one line of printable ASCII', () => {
    assert.equal(checkToken('NETLESSSDK_YWs9abc'), undefined);
    assert.equal(checkToken('  NETLESSSDK_YWs9abc \n'), undefined);
    assert.match(checkToken('')!, /^No token/);
    assert.match(checkToken(' \t ')!, /^No token/);
    assert.match(checkToken('NETLESS SDK')!, /single line of printable ASCII/);
    assert.match(checkToken('NETLESSSDK_é')!, /printable ASCII/);
  });

  it('base URL: https, or http for this machine only', () => {
    for (const ok of ['https://api.netless.link', 'https://gw.example.com/netless/', 'http://127.0.0.1:8080', 'http://localhost:3000', 'http://LOCALHOST:3000']) {
      assert.equal(checkBaseUrl(ok), undefined, ok);
    }
    // One loopback rule with the preview's CSP, which cannot name [::1] or other 127/8 addresses.
    for (const notHere of ['http://[::1]:9', 'http://127.1.2.3', 'http://x.localhost:1']) {
      assert.match(checkBaseUrl(notHere)!, /only for this machine \(localhost, 127\.0\.0\.1\)/, notHere);
    }
    assert.match(checkBaseUrl('http://api.netless.link')!, /must use https: plain http: is accepted only for this machine/);
    assert.match(checkBaseUrl('http://10.0.0.1:8080')!, /only for this machine/);
    assert.match(checkBaseUrl('ftp://api.netless.link')!, /must start with https:\/\//);
    assert.match(checkBaseUrl('api.netless.link')!, /is not a valid URL/);
    assert.match(checkBaseUrl('https://user:pw@api.netless.link')!, /user name or password/);
    assert.match(checkBaseUrl('https://api.netless.link/?x=1')!, /query or a fragment/);
    assert.match(checkBaseUrl('')!, /missing/);
  });
});

describe('API client: invalid input never reaches the server', () => {
  let fake: FakeNetless;
  let client: NetlessClient;
  let good: ScreenshotRequest;
  let restoreEnv: () => void;

  before(async () => {
    restoreEnv = clearProxyEnvironment();
    fake = await startFake();
    client = createClient({ baseUrl: fake.url, timeoutMs: 2000 });
    good = { room: ROOMS.reference, token: fake.sdkToken(), region: 'us-sv', width: 640, height: 480, path: '/init' };
  });
  after(async () => {
    await client.close();
    await fake.close();
    restoreEnv();
  });

  const bad: [string, Partial<Record<keyof ScreenshotRequest, unknown>>, 'invalidInput' | 'noToken', RegExp][] = [
    ['an empty room', { room: '' }, 'invalidInput', /^Room uuid is missing/],
    ['a room with a slash', { room: 'a/../b' }, 'invalidInput', /^Room uuid .* only letters/],
    ['a path without /', { path: 'init' }, 'invalidInput', /^Scene path "init" must start with \//],
    ['a path with a newline', { path: '/a\nb' }, 'invalidInput', /control characters/],
    ['width 0', { width: 0 }, 'invalidInput', /^Width .* from 1 to 10000 \(got 0\)/],
    ['height 10001', { height: 10001 }, 'invalidInput', /^Height .* \(got 10001\)/],
    ['a fractional width', { width: 2.5 }, 'invalidInput', /^Width/],
    ['a width as words', { width: 'wide' }, 'invalidInput', /^Width/],
    ['an unknown region', { region: 'mars' }, 'invalidInput', /^Region "mars" is not one of us-sv, sg, in-mum, eu, cn-hz/],
    ['no region', { region: undefined }, 'invalidInput', /^Region is missing/],
    ['a region named __proto__', { region: '__proto__' }, 'invalidInput', /^Region "__proto__" is not one of us-sv/],
    ['a region named toString', { region: 'toString' }, 'invalidInput', /^Region "toString" is not one of us-sv/],
    ['a region named constructor', { region: 'constructor' }, 'invalidInput', /^Region "constructor" is not one of us-sv/],
    ['an empty token', { token: '' }, 'noToken', /^No token/],
    ['a blank token', { token: '  \n' }, 'noToken', /^No token/],
    ['no token', { token: undefined }, 'noToken', /^No token/],
    ['a token with a space', { token: 'NETLESSSDK_ab cd' }, 'invalidInput', /^Token must be a single line/],
  ];
  for (const [what, change, code, message] of bad) {
    it(`rejects ${what} with ${code}`, async () => {
      const request = { ...good, ...change } as ScreenshotRequest;
      await rejectsWith(client.screenshotScene(request), code, message);
      await rejectsWith(client.screenshotSceneDirectory({ ...request, path: request.path === '/init' ? '/' : request.path }), code);
      assert.equal(fake.requests.length, 0);
    });
  }

  it('checks the access and the directory of listScenes and getRoom', async () => {
    const access = { room: ROOMS.reference, token: good.token, region: good.region };
    await rejectsWith(client.listScenes(access, 'test'), 'invalidInput', /^Directory path "test" must start with \//);
    await rejectsWith(client.listScenes({ ...access, token: ' ' }, '/'), 'noToken');
    await rejectsWith(client.getRoom({ ...access, room: 'a b' }), 'invalidInput', /Room uuid/);
    await rejectsWith(client.getRoom({ ...access, region: 'gb-lon' as 'eu' }), 'invalidInput', /retired/);
    await rejectsWith(client.screenshotScene(undefined as unknown as ScreenshotRequest), 'invalidInput');
    assert.equal(fake.requests.length, 0);
  });

  it('accepts sizes typed as text, and sends them as numbers', async () => {
    await client.screenshotScene({ ...good, width: '800' as unknown as number, height: 600 });
    assert.equal(fake.requests.at(-1)!.body, '{"width":800,"height":600,"path":"/init"}');
  });
});

describe('createClient options', () => {
  const base = { baseUrl: 'https://api.netless.link', timeoutMs: 30000 };
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['plain http to a remote host', { baseUrl: 'http://api.netless.link' }, /only for this machine/],
    ['a base URL that is not one', { baseUrl: 'netless' }, /not a valid URL/],
    ['a zero timeout', { timeoutMs: 0 }, /timeout must be a positive number/],
    ['an infinite timeout', { timeoutMs: Infinity }, /timeout/],
    ['three retries', { retry: { maxRetries: 3 } }, /Retries must be a whole number from 0 to 2/],
    ['a negative retry delay', { retry: { baseDelayMs: -1 } }, /Retry delay/],
    ['a SOCKS proxy', { proxy: { url: 'socks5://127.0.0.1:1080' } }, /proxy in the settings .* must be a URL starting with http:\/\/ or https:\/\//],
    // A scheme-less `host:port` is an http proxy (as curl takes it); this one is no URL at all.
    ['a proxy that is not a URL', { proxy: { url: 'http://pro xy:3128' } }, /must be a URL starting with http/],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, async () => {
      await rejectsWith(Promise.resolve().then(() => createClient({ ...base, ...change } as never)), 'invalidInput', message);
    });
  }

  it('hides proxy credentials in its message', async () => {
    const err = await rejectsWith(Promise.resolve().then(() => createClient({ ...base, proxy: { url: 'socks://me:secret@proxy:1' } })), 'invalidInput');
    assert.ok(!err.message.includes('secret'));
  });

  it('rejects a broken HTTPS_PROXY from the environment, naming the variable', async () => {
    const restore = clearProxyEnvironment();
    process.env.HTTPS_PROXY = 'not a url';
    try {
      await rejectsWith(Promise.resolve().then(() => createClient(base)), 'invalidInput', /proxy from HTTPS_PROXY/);
    } finally {
      restore();
    }
  });
});
