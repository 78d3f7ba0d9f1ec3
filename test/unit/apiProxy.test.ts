import * as assert from 'node:assert/strict';
import * as https from 'node:https';
import * as net from 'node:net';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import { createClient, type NetlessClient, type RoomAccess } from '../../src/core/api/index';
import { normalizeProxyUrl } from '../../src/core/api/transport';
import { startCountingProxy } from '../support/countingProxy';
import { SELF_SIGNED_CERT, SELF_SIGNED_KEY } from './support/selfSignedCert';
import { ROOMS, clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

const startProxy = startCountingProxy;

/**
 * A host that goes through the proxy: 127.0.0.2 is this machine too (Linux answers the whole 127/8), but
 * not one of the loopback names that always bypass it (src/core/api/loopback.ts). Its API is https, as a
 * non-loopback API host must be: a TLS front with a self-signed certificate before a fake on 127.0.0.2.
 */
const FAR_HOST = '127.0.0.2';

async function startTlsFront(target: FakeNetless): Promise<{ url: string; close(): Promise<void> }> {
  const server = tls.createServer({ key: SELF_SIGNED_KEY, cert: SELF_SIGNED_CERT }, (clear) => {
    const upstream = net.connect(target.port, FAR_HOST);
    clear.pipe(upstream).pipe(clear);
    const drop = () => {
      clear.destroy();
      upstream.destroy();
    };
    clear.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, FAR_HOST, resolve));
  const sockets = new Set<net.Socket>();
  server.on('connection', (s: net.Socket) => sockets.add(s));
  return {
    url: `https://${FAR_HOST}:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('API client: proxies and TLS', () => {
  let fake: FakeNetless;
  /** The same service on a host that is not loopback by name, and its https API (farApi). */
  let far: FakeNetless;
  let front: Awaited<ReturnType<typeof startTlsFront>>;
  let farApi: string;
  let farHost: string;
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
    far = await startFake({ host: FAR_HOST });
    front = await startTlsFront(far);
    farApi = front.url;
    farHost = new URL(farApi).host;
    proxy = await startProxy();
    access = { room: ROOMS.course, token: fake.sdkToken(), region: 'in-mum' };
  });
  after(async () => {
    await proxy.close();
    await front.close();
    await far.close();
    await fake.close();
  });
  beforeEach(() => {
    restoreEnv = clearProxyEnvironment();
    proxy.seen.length = 0;
    fake.clearRequests();
    far.clearRequests();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    restoreEnv();
  });

  /** A client of the far host's https API (its certificate is self-signed). */
  function farClient(proxyOptions: NonNullable<Parameters<typeof createClient>[0]['proxy']> = {}): NetlessClient {
    return client({ baseUrl: farApi, proxy: { strictSSL: false, ...proxyOptions } });
  }

  it('goes through an explicit proxy', async () => {
    const scenes = await farClient({ url: proxy.url }).listScenes(access, '/course/week1');
    assert.deepEqual(scenes, ['/course/week1/intro', '/course/week1/exercise']);
    assert.deepEqual(proxy.seen, [`CONNECT ${farHost}`]);
    assert.equal(far.requests.length, 1);
  });

  it('goes around the proxy for a host in the no-proxy list', async () => {
    await farClient({ url: proxy.url, noProxy: ['example.com', FAR_HOST] }).getRoom(access);
    assert.deepEqual(proxy.seen, []);
    assert.equal(far.requests.length, 1);
  });

  it('uses HTTPS_PROXY from the environment', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    await farClient().getRoom(access);
    assert.equal(proxy.seen.length, 1);
  });

  it('respects NO_PROXY from the environment', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = `example.com,${farHost}`;
    await farClient().getRoom(access);
    assert.deepEqual(proxy.seen, []);
    assert.equal(far.requests.length, 1);
  });

  it('prefers the explicit proxy to the environment', async () => {
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9';
    await farClient({ url: proxy.url }).getRoom(access);
    assert.equal(proxy.seen.length, 1);
  });

  it('takes a proxy without a scheme (HTTPS_PROXY=host:port) as an http proxy, as curl does', async () => {
    assert.equal(normalizeProxyUrl(' proxy.corp:3128 '), 'http://proxy.corp:3128');
    assert.equal(normalizeProxyUrl('https://p.example'), 'https://p.example');
    process.env.HTTPS_PROXY = proxy.url.replace('http://', '');
    process.env.HTTP_PROXY = proxy.url.replace('http://', '');
    await farClient().getRoom(access);
    assert.equal(proxy.seen.length, 1);
  });

  it('an empty no-proxy list from the settings leaves NO_PROXY of the environment in force', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = FAR_HOST;
    await farClient({ noProxy: [] }).getRoom(access);
    assert.deepEqual(proxy.seen, []);
    assert.equal(far.requests.length, 1);
  });

  it('downloads a PNG through the same proxy as the API calls', async () => {
    const shot = await farClient().screenshotScene({ ...access, width: 8, height: 8, path: '/course/week1/intro' });
    assert.equal(new URL(shot.url).hostname, FAR_HOST);
    const viaProxy = client({ proxy: { url: proxy.url } });
    const png = await viaProxy.fetchPng(shot.url);
    assert.deepEqual([png.width, png.height], [8, 8]);
    assert.deepEqual(proxy.seen, [`CONNECT ${new URL(shot.url).host}`]);
  });

  describe('loopback always bypasses the proxy (a plain-http token would travel in clear to it)', () => {
    for (const name of ['127.0.0.1', 'localhost']) {
      it(`an API at ${name} is reached directly, whatever the proxy settings and environment say`, async () => {
        const base = fake.url.replace('127.0.0.1', name);
        await client({ baseUrl: base, proxy: { url: proxy.url } }).getRoom(access);
        await client({ baseUrl: base, proxy: { url: proxy.url, noProxy: ['example.com'] } }).getRoom(access);
        process.env.HTTP_PROXY = proxy.url;
        process.env.NO_PROXY = 'example.com';
        await client({ baseUrl: base }).getRoom(access);
        delete process.env.NO_PROXY;
        await client({ baseUrl: base }).getRoom(access);
        assert.deepEqual(proxy.seen, []);
        assert.equal(fake.requests.length, 4);
      });
    }

    it('a download from this machine is fetched directly too', async () => {
      const shot = await client().screenshotScene({ ...access, width: 8, height: 8, path: '/course/week1/intro' });
      await client({ proxy: { url: proxy.url } }).fetchPng(shot.url);
      assert.deepEqual(proxy.seen, []);
    });

    it('NO_PROXY=* still bypasses everything', async () => {
      process.env.HTTPS_PROXY = proxy.url;
      process.env.NO_PROXY = '*';
      await farClient().getRoom(access);
      assert.deepEqual(proxy.seen, []);
    });
  });

  it('never puts proxy credentials into a message', async () => {
    const err = await rejectsWith(client({ baseUrl: farApi, proxy: { url: 'http://alice:s3cret-pw@127.0.0.1:9', strictSSL: false }, retry: { baseDelayMs: 1 } }).getRoom(access), 'network');
    assert.doesNotMatch(err.message, /s3cret-pw|alice/);
    const bad = await rejectsWith(Promise.resolve().then(() => client({ proxy: { url: 'ftp://alice:s3cret-pw@proxy' } })), 'invalidInput', /must be a URL starting with http/);
    assert.doesNotMatch(bad.message, /s3cret-pw/);
    const download = await rejectsWith(client({ proxy: { url: 'http://alice:s3cret-pw@127.0.0.1:9' } }).fetchPng(`http://${FAR_HOST}:9/x.png`), 'network');
    assert.doesNotMatch(download.message, /s3cret-pw/);
  });

  it('reports a proxy that cannot be reached as a network error', async () => {
    await rejectsWith(client({ baseUrl: farApi, proxy: { url: 'http://127.0.0.1:9', strictSSL: false }, retry: { baseDelayMs: 1 } }).getRoom(access), 'network', /connection was refused/);
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
