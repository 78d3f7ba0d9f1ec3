import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type NetlessClient, type ScreenshotRequest } from '../../src/core/api/index';
import { ROOMS, clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

// Issue 21, point 8: what the server sends besides its body (reason phrase, headers, a redirect) never
// carries the token anywhere, and the server's own message reaches `message` whole.

/** A server on another origin that records whatever reaches it. */
async function startOtherHost(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} token=${String(req.headers.token)}`);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: 'https://other.example/x.png', key: 'x', bucket: 'b', region: 'r' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

describe('API client: reason phrases, headers, redirects and long messages', () => {
  let fake: FakeNetless;
  let client: NetlessClient;
  let token: string;
  let restoreEnv: () => void;
  // Shaped like a Netless token but not the one sent: redacted all the same.
  const tokenLike = 'NETLESSROOM_YWs9c29tZW9uZS1lbHNlJm5vbmNlPTE';

  before(async () => {
    restoreEnv = clearProxyEnvironment();
    fake = await startFake();
    token = fake.sdkToken('writer');
    client = createClient({ baseUrl: fake.url, timeoutMs: 5000, retry: { maxRetries: 0 } });
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

  const scene = (): ScreenshotRequest => ({ room: ROOMS.single, token, region: 'us-sv', width: 64, height: 48 });

  it('redacts a reason phrase that carries the token or something shaped like one', async () => {
    fake.setFault({ status: 400, reason: `Bad token ${token} or ${tokenLike}`, body: { message: 'nope' } });
    const err = await rejectsWith(client.screenshotScene(scene()), 'badRequest', /answered 400 Bad token \[token\] or \[token\]: nope\./);
    assert.ok(!err.message.includes(token), err.message);
    assert.ok(!err.message.includes('NETLESS'), err.message);
  });

  it('redacts a Retry-After that carries the token or something shaped like one', async () => {
    fake.setFault({ status: 400, headers: { 'retry-after': `${token} ${tokenLike}` }, body: { message: 'nope' } });
    const err = await rejectsWith(client.screenshotScene(scene()), 'badRequest', /asked to wait until \[token\] \[token\]\./);
    assert.ok(!err.message.includes(token), err.message);
    assert.ok(!err.message.includes('NETLESS'), err.message);
  });

  it("keeps the server's message whole in the error's message, however long", async () => {
    const long = `${'the room is busy '.repeat(125)}end`.slice(-2000);
    assert.equal(long.length, 2000);
    fake.setFault({ status: 400, body: { message: long } });
    const err = await rejectsWith(client.screenshotScene(scene()), 'badRequest');
    assert.equal(err.serverMessage, long);
    assert.ok(err.message.includes(long), `message has ${err.message.length} characters`);
  });

  it('does not follow a redirect to another host, and says so without the token', async () => {
    const other = await startOtherHost();
    try {
      const location = `${other.url}/v5/rooms/${ROOMS.single}/screenshots?token=${token}`;
      fake.setFault({ status: 302, headers: { location }, body: '' });
      const err = await rejectsWith(client.screenshotScene(scene()), 'serverError', /answered 302 Found.*redirect.*not followed/i);
      assert.equal(err.status, 302);
      assert.deepEqual(other.seen, [], 'nothing reached the other host');
      assert.equal(fake.requests.length, 1);
      assert.ok(!err.message.includes(token), err.message);
      assert.ok(err.message.includes(`${other.url}/v5/rooms/`), `the message names where it pointed: ${err.message}`);
    } finally {
      await other.close();
    }
  });
});

describe('API client: close()', () => {
  it('never rejects, even when its pool is gone already, so that nobody has to catch it', async () => {
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 1000 });
    // What a pool torn down under the client looks like (undici rejects close() of a destroyed agent).
    await (client as unknown as { transport: { agent: { destroy(): Promise<void> } } }).transport.agent.destroy();
    await client.close();
    await client.close();
  });
});
