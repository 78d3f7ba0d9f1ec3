import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { createClient, type NetlessClient, type RoomAccess } from '../../src/api/index';
import { normalizeProxyUrl } from '../../src/api/transport';
import { startCountingProxy } from '../support/countingProxy';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './support/selfSignedCert';
import { ROOMS, clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

const startProxy = startCountingProxy;

describe('API client: proxies and TLS', () => {
  let fake: FakeNetless;
  let proxy: Awaited<ReturnType<typeof startProxy>>;
  let access: RoomAccess;
  let restoreEnv: () => void;
  const clients: NetlessClient[] = [];

  function client(options: Partial<Parameters<typeof createClient>[0]> = {}): NetlessClient {
    const c = createClient({ baseUrl: fake.url, timeoutMs: 3000, ...options });
    clients.push(c);
    return c;
  }

  before(async () => {
    fake = await startFake();
    proxy = await startProxy();
    access = { room: ROOMS.course, token: fake.sdkToken(), region: 'in-mum' };
  });
  after(async () => {
    await proxy.close();
    await fake.close();
  });
  beforeEach(() => {
    restoreEnv = clearProxyEnvironment();
    proxy.seen.length = 0;
    fake.clearRequests();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    restoreEnv();
  });

  it('goes through an explicit proxy', async () => {
    const scenes = await client({ proxy: { url: proxy.url } }).listScenes(access, '/course/week1');
    assert.deepEqual(scenes, ['/course/week1/intro', '/course/week1/exercise']);
    assert.deepEqual(proxy.seen, [`CONNECT ${new URL(fake.url).host}`]);
    assert.equal(fake.requests.length, 1);
  });

  it('goes around the proxy for a host in the no-proxy list', async () => {
    await client({ proxy: { url: proxy.url, noProxy: ['localhost', '127.0.0.1'] } }).getRoom(access);
    assert.deepEqual(proxy.seen, []);
    assert.equal(fake.requests.length, 1);
  });

  it('uses HTTP_PROXY from the environment', async () => {
    process.env.HTTP_PROXY = proxy.url;
    await client().getRoom(access);
    assert.equal(proxy.seen.length, 1);
  });

  it('respects NO_PROXY from the environment', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = `example.com,127.0.0.1:${new URL(fake.url).port}`;
    await client().getRoom(access);
    assert.deepEqual(proxy.seen, []);
  });

  it('prefers the explicit proxy to the environment', async () => {
    process.env.HTTP_PROXY = 'http://127.0.0.1:9';
    await client({ proxy: { url: proxy.url } }).getRoom(access);
    assert.equal(proxy.seen.length, 1);
  });

  it('takes a proxy without a scheme (HTTPS_PROXY=host:port) as an http proxy, as curl does', async () => {
    assert.equal(normalizeProxyUrl(' proxy.corp:3128 '), 'http://proxy.corp:3128');
    assert.equal(normalizeProxyUrl('https://p.example'), 'https://p.example');
    process.env.HTTPS_PROXY = proxy.url.replace('http://', '');
    process.env.HTTP_PROXY = proxy.url.replace('http://', '');
    await client().getRoom(access);
    assert.equal(proxy.seen.length, 1);
  });

  it('an empty no-proxy list from the settings leaves NO_PROXY of the environment in force', async () => {
    process.env.HTTP_PROXY = proxy.url;
    process.env.NO_PROXY = '127.0.0.1';
    await client({ proxy: { noProxy: [] } }).getRoom(access);
    assert.deepEqual(proxy.seen, []);
  });

  it('downloads a PNG through the same proxy as the API calls', async () => {
    const shot = await client().screenshotScene({ ...access, width: 8, height: 8, path: '/course/week1/intro' });
    const viaProxy = client({ proxy: { url: proxy.url } });
    const png = await viaProxy.fetchPng(shot.url);
    assert.deepEqual([png.width, png.height], [8, 8]);
    assert.deepEqual(proxy.seen, [`CONNECT ${new URL(shot.url).host}`]);
  });

  it('never puts proxy credentials into a message', async () => {
    const err = await rejectsWith(client({ proxy: { url: 'http://alice:s3cret-pw@127.0.0.1:9' }, retry: { baseDelayMs: 1 } }).getRoom(access), 'network');
    assert.doesNotMatch(err.message, /s3cret-pw|alice/);
    const bad = await rejectsWith(Promise.resolve().then(() => client({ proxy: { url: 'ftp://alice:s3cret-pw@proxy' } })), 'invalidInput', /must be a URL starting with http/);
    assert.doesNotMatch(bad.message, /s3cret-pw/);
    const download = await rejectsWith(client({ proxy: { url: 'http://alice:s3cret-pw@127.0.0.1:9' } }).fetchPng('http://127.0.0.1:9/x.png'), 'network');
    assert.doesNotMatch(download.message, /s3cret-pw/);
  });

  it('reports a proxy that cannot be reached as a network error', async () => {
    await rejectsWith(client({ proxy: { url: 'http://127.0.0.1:9' }, retry: { baseDelayMs: 1 } }).getRoom(access), 'network', /connection was refused/);
  });

  describe('strict TLS', () => {
    let tlsServer: https.Server;
    let tlsUrl: string;
    before(async () => {
      tlsServer = https.createServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ uuid: ROOMS.course }));
      });
      await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
      tlsUrl = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    });
    after(async () => {
      await new Promise<void>((resolve) => {
        tlsServer.close(() => resolve());
        tlsServer.closeAllConnections();
      });
    });

    it('refuses an untrusted certificate by default, saying what to do', async () => {
      await rejectsWith(client({ baseUrl: tlsUrl }).getRoom(access), 'network', /TLS certificate was not trusted \(DEPTH_ZERO_SELF_SIGNED_CERT\).*http\.proxyStrictSSL/);
    });

    it('accepts it when strict TLS is turned off', async () => {
      assert.deepEqual(await client({ baseUrl: tlsUrl, proxy: { strictSSL: false } }).getRoom(access), { uuid: ROOMS.course });
    });
  });
});
