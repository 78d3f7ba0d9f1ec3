import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { createClient, type NetlessClient, type ScreenshotRequest } from '../../src/core/api/index';
import { ROOMS, clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('API client: time, retries and cancellation', () => {
  let fake: FakeNetless;
  let client: NetlessClient;
  let request: ScreenshotRequest;
  let restoreEnv: () => void;
  const others: NetlessClient[] = [];

  /** A client of its own, closed after the test. */
  function clientWith(timeoutMs: number, baseDelayMs: number, baseUrl = fake.url): NetlessClient {
    const c = createClient({ baseUrl, timeoutMs, retry: { baseDelayMs } });
    others.push(c);
    return c;
  }

  before(async () => {
    restoreEnv = clearProxyEnvironment();
    fake = await startFake();
    client = createClient({ baseUrl: fake.url, timeoutMs: 5000, retry: { baseDelayMs: 5 } });
    request = { room: ROOMS.reference, token: fake.roomToken(ROOMS.reference, 'writer'), region: 'us-sv', width: 300, height: 200, path: '/test/cover' };
  });
  after(async () => {
    await client.close();
    await fake.close();
    restoreEnv();
  });
  beforeEach(() => {
    fake.clearFaults();
    fake.clearRequests();
  });
  afterEach(async () => {
    await Promise.all(others.splice(0).map((c) => c.close()));
  });

  describe('timeouts', () => {
    it('times out when no answer comes', async () => {
      fake.setFault({ stall: 'headers' });
      const started = Date.now();
      const err = await rejectsWith(clientWith(300, 5).screenshotScene(request), 'timeout', /did not answer within 0\.3 s\. .*requestTimeoutSeconds/);
      assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
      assert.equal(err.attempts, 1);
    });

    it('times out when the body stops halfway', async () => {
      fake.setFault({ stall: 'body' });
      await rejectsWith(clientWith(300, 5).screenshotScene(request), 'timeout');
      assert.equal(fake.requests.length, 1);
    });

    it('counts slow answers against the same budget', async () => {
      fake.setFault({ latencyMs: 400 });
      await rejectsWith(clientWith(200, 5).screenshotScene(request), 'timeout');
    });
  });

  describe('retries of transient failures', () => {
    it('retries a reset before the answer, then succeeds', async () => {
      fake.setFault({ reset: 'before', times: 1 });
      const result = await client.screenshotScene(request);
      assert.equal(result.key, `room_cover/2811/${ROOMS.reference}/test/cover.png`);
      assert.equal(fake.requests.length, 2);
      // Deterministic keys: the repeated POST is the same request.
      assert.equal(fake.requests[0]!.body, fake.requests[1]!.body);
    });

    for (const status of [502, 503, 504]) {
      it(`retries ${status}, then succeeds`, async () => {
        fake.setFault({ status, times: 2 });
        const result = await client.screenshotSceneDirectory({ ...request, path: '/test' });
        assert.equal(result.length, 2);
        assert.equal(fake.requests.length, 3);
      });
    }

    it('gives up after two retries with the last answer', async () => {
      fake.setFault({ status: 503, body: { message: 'service unavailable, try later' } });
      const err = await rejectsWith(client.screenshotScene(request), 'serverError', /503 Service Unavailable: service unavailable, try later \(after 3 attempts\)/);
      assert.equal(err.attempts, 3);
      assert.equal(err.serverMessage, 'service unavailable, try later');
      assert.equal(fake.requests.length, 3);
    });

    it('gives up after two retries of resets', async () => {
      fake.setFault({ reset: 'before' });
      const err = await rejectsWith(client.screenshotScene(request), 'network', /after 3 attempts: the connection was reset/);
      assert.equal(err.attempts, 3);
      assert.equal(fake.requests.length, 3);
    });

    it('does not retry once the answer has begun (a reset halfway through the body)', async () => {
      fake.setFault({ reset: 'body' });
      await rejectsWith(client.screenshotScene(request), 'network');
      assert.equal(fake.requests.length, 1);
    });

    it('does not retry a 500', async () => {
      fake.setFault({ status: 500, body: { message: 'unknown error' } });
      await rejectsWith(client.screenshotScene(request), 'serverError', /unknown error/);
      assert.equal(fake.requests.length, 1);
    });

    it('retries a refused connection until the server is there', async () => {
      const port = await freePort();
      const late = clientWith(5000, 400, `http://127.0.0.1:${port}`);
      const call = late.getRoom({ room: ROOMS.reference, token: request.token, region: 'us-sv' });
      // The first attempt is refused at once; the retry waits 200-400 ms.
      await new Promise((resolve) => setTimeout(resolve, 50));
      const lateFake = await startFake({ port });
      try {
        assert.equal((await call).uuid, ROOMS.reference);
        assert.equal(lateFake.requests.length, 1);
      } finally {
        await late.close();
        await lateFake.close();
      }
    });

    it('reports a refused connection after the retries', async () => {
      const port = await freePort();
      const err = await rejectsWith(clientWith(2000, 5, `http://127.0.0.1:${port}`).screenshotScene(request), 'network', new RegExp(`Could not reach 127\\.0\\.0\\.1:${port} after 3 attempts: the connection was refused`));
      assert.equal(err.attempts, 3);
    });

    it('honours Retry-After on 429', async () => {
      fake.setFault({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down' }, times: 1 });
      const started = Date.now();
      await client.screenshotScene(request);
      const waited = Date.now() - started;
      assert.ok(waited >= 950, `retried after ${waited} ms`);
      assert.equal(fake.requests.length, 2);
    });

    it('does not wait for a Retry-After beyond the time budget', async () => {
      fake.setFault({ status: 429, headers: { 'retry-after': '120' }, body: { message: 'slow down' } });
      const started = Date.now();
      const err = await rejectsWith(clientWith(2000, 5).screenshotScene(request), 'serverError', /429 Too Many Requests: slow down\. .*wait 120 s/);
      assert.ok(Date.now() - started < 500);
      assert.equal(err.status, 429);
      assert.equal(fake.requests.length, 1);
    });

    it('keeps all retries inside the time budget and then reports the real failure', async () => {
      fake.setFault({ status: 503 });
      const started = Date.now();
      // The first backoff (150-300 ms) fits into 500 ms, the second (300-600 ms) never does.
      await rejectsWith(clientWith(500, 300).screenshotScene(request), 'serverError', /503/);
      assert.ok(Date.now() - started < 500, `took ${Date.now() - started} ms`);
      assert.equal(fake.requests.length, 2);
    });

    const codes = { 400: 'badRequest', 401: 'unauthorized', 403: 'forbidden', 404: 'notFound', 409: 'serverError' } as const;
    for (const [status, code] of Object.entries(codes)) {
      it(`never retries ${status}`, async () => {
        fake.setFault({ status: Number(status), body: { message: 'no' } });
        await rejectsWith(client.screenshotScene(request), code);
        assert.equal(fake.requests.length, 1);
      });
    }

    it('can be told not to retry', async () => {
      fake.setFault({ status: 503 });
      const once = createClient({ baseUrl: fake.url, timeoutMs: 2000, retry: { maxRetries: 0 } });
      others.push(once);
      await rejectsWith(once.screenshotScene(request), 'serverError');
      assert.equal(fake.requests.length, 1);
    });
  });

  describe('cancellation', () => {
    it('cancels a request in flight', async () => {
      fake.setFault({ stall: 'headers' });
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 50);
      await rejectsWith(client.screenshotScene(request, { signal: controller.signal }), 'cancelled', /cancelled/);
      assert.ok(Date.now() - started < 1000);
      assert.equal(fake.requests.length, 1);
    });

    it('cancels while waiting to retry', async () => {
      fake.setFault({ status: 503 });
      const controller = new AbortController();
      const started = Date.now();
      setTimeout(() => controller.abort(), 50);
      const err = await rejectsWith(clientWith(10000, 2000).screenshotScene(request, { signal: controller.signal }), 'cancelled');
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
      assert.equal(err.attempts, 1);
      assert.equal(fake.requests.length, 1);
    });

    it('cancels while waiting to retry after a reset', async () => {
      fake.setFault({ reset: 'before' });
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 50);
      await rejectsWith(clientWith(10000, 2000).screenshotScene(request, { signal: controller.signal }), 'cancelled');
      assert.equal(fake.requests.length, 1);
    });

    it('sends nothing when already cancelled', async () => {
      await rejectsWith(client.screenshotScene(request, { signal: AbortSignal.abort() }), 'cancelled');
      assert.equal(fake.requests.length, 0);
    });

    it('the client still works after a cancelled call', async () => {
      fake.setFault({ stall: 'headers', times: 1 });
      await rejectsWith(client.screenshotScene(request, { signal: AbortSignal.timeout(50) }), 'cancelled');
      assert.equal((await client.screenshotScene(request)).bucket, 'scenesnap-fake-us');
    });
  });
});
