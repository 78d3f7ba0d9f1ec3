import * as assert from 'node:assert/strict';
import { createClient, findRegion, readRegion, type NetlessClient } from '../../src/core/api/index';
import { ROOMS, clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

const ALL = 'us-sv, sg, in-mum, eu, cn-hz';

describe('findRegion: the five data centres asked at once', () => {
  let fake: FakeNetless;
  let client: NetlessClient;
  let token: string;
  let restoreEnv: () => void;

  before(async () => {
    restoreEnv = clearProxyEnvironment();
    fake = await startFake();
    token = fake.sdkToken('writer');
    client = createClient({ baseUrl: fake.url, timeoutMs: 5000, retry: { baseDelayMs: 5 } });
  });
  after(async () => {
    await client.close();
    await fake.close();
    restoreEnv();
  });
  beforeEach(() => {
    fake.clearFaults();
    fake.clearRequests();
    fake.setLatency(0);
  });

  it('finds a room in the fifth region asked, with one GET /v5/rooms/{uuid} per region and the same token', async () => {
    assert.equal(await findRegion(client, { room: ROOMS.hangzhou, token }), 'cn-hz');
    const probes = fake.requests.filter((r) => r.endpoint === 'room');
    assert.deepEqual(probes.map((r) => r.headers.region).sort(), ['cn-hz', 'eu', 'in-mum', 'sg', 'us-sv']);
    for (const probe of probes) {
      assert.equal(probe.method, 'GET');
      assert.equal(probe.path, `/v5/rooms/${ROOMS.hangzhou}`);
      assert.equal(probe.headers.token, token);
    }
    assert.equal(fake.requests.length, 5, 'nothing but the five probes');
  });

  it('runs the probes in parallel: five at 150 ms take about one', async () => {
    fake.setLatency(150);
    const started = Date.now();
    assert.equal(await findRegion(client, { room: ROOMS.deck, token }), 'eu');
    const took = Date.now() - started;
    assert.ok(took < 150 * 3, `took ${took} ms: the probes did not overlap`);
  });

  it('takes the first 200 and aborts the probes still running', async () => {
    // Every other data centre is slow; the sg room answers at once.
    for (const region of ['us-sv', 'in-mum', 'eu', 'cn-hz']) fake.setFault({ region, latencyMs: 2000 });
    const started = Date.now();
    assert.equal(await findRegion(client, { room: ROOMS.unicode, token }), 'sg');
    assert.ok(Date.now() - started < 1500, 'waited for the slow data centres');
    // The slow probes were aborted: their connections closed before the fake answered them.
    assert.equal(fake.requests.length, 5);
  });

  it('the probes still running when the room is found are aborted, not answered', async () => {
    const answered: string[] = [];
    const own = await startFake({ onAnswer: (rec) => rec.endpoint === 'room' && answered.push(String(rec.headers.region)) });
    const ownClient = createClient({ baseUrl: own.url, timeoutMs: 5000, retry: { baseDelayMs: 5 } });
    try {
      for (const region of ['us-sv', 'in-mum', 'eu', 'cn-hz']) own.setFault({ region, latencyMs: 300 });
      assert.equal(await findRegion(ownClient, { room: ROOMS.unicode, token: own.sdkToken('writer') }), 'sg');
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.deepEqual(answered, ['sg'], 'the slow data centres answered: their probes were not aborted');
    } finally {
      await ownClient.close();
      await own.close();
    }
  });

  it('a 404 everywhere is notFound, naming the data centres checked', async () => {
    const err = await rejectsWith(findRegion(client, { room: 'ffffffffffffffffffffffffffffffff', token }), 'notFound');
    assert.equal(err.message, `No room with the uuid ffffffffffffffffffffffffffffffff in any data centre (checked ${ALL}).`);
    assert.equal(fake.requests.length, 5);
  });

  for (const [status, code] of [
    [401, 'unauthorized'],
    [403, 'forbidden'],
  ] as const) {
    it(`a ${status} stops the search and rejects with ${code}, never notFound`, async () => {
      // The one region that answers fast refuses the token; the others would answer 404 later.
      fake.setFault({ region: 'sg', status, body: { message: 'token access room forbidden' } });
      for (const region of ['us-sv', 'in-mum', 'eu', 'cn-hz']) fake.setFault({ region, latencyMs: 1500 });
      const started = Date.now();
      await rejectsWith(findRegion(client, { room: ROOMS.reference, token }), code);
      assert.ok(Date.now() - started < 1200, 'waited for the other probes after a token refusal');
    });
  }

  it('a token the service refuses with 401 everywhere is unauthorized', async () => {
    await rejectsWith(findRegion(client, { room: ROOMS.reference, token: 'NETLESSSDK_YWs9bm9wZQ' }), 'unauthorized');
  });

  it('is cancelled by its signal, and the probes with it', async () => {
    fake.setLatency(3000);
    const abort = new AbortController();
    const search = findRegion(client, { room: ROOMS.reference, token, signal: abort.signal });
    setTimeout(() => abort.abort(), 50);
    const started = Date.now();
    await rejectsWith(search, 'cancelled');
    assert.ok(Date.now() - started < 1000);
  });

  it('a signal aborted already sends nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    await rejectsWith(findRegion(client, { room: ROOMS.reference, token, signal: abort.signal }), 'cancelled');
    assert.equal(fake.requests.length, 0);
  });

  it('gives up after its time limit with timeout', async () => {
    fake.setLatency(3000);
    const started = Date.now();
    await rejectsWith(findRegion(client, { room: ROOMS.reference, token, timeoutMs: 100 }), 'timeout', /within 100 ms/);
    assert.ok(Date.now() - started < 1000);
  });

  it('retries a probe no more than the client retries a call', async () => {
    // A 503 is retried by the client (2 retries): three attempts in eu, one elsewhere.
    fake.setFault({ region: 'eu', status: 503 });
    const err = await rejectsWith(findRegion(client, { room: ROOMS.deck, token }), 'serverError', /not in us-sv, sg, in-mum, cn-hz.*could not be asked/);
    assert.ok(err.message.includes('503'));
    const byRegion: Record<string, number> = {};
    for (const r of fake.requests) byRegion[String(r.headers.region)] = (byRegion[String(r.headers.region)] ?? 0) + 1;
    assert.deepEqual(byRegion, { 'us-sv': 1, sg: 1, 'in-mum': 1, eu: 3, 'cn-hz': 1 });
  });

  it('a data centre that cannot be reached does not hide the one with the room', async () => {
    fake.setFault({ region: 'us-sv', reset: 'before' });
    assert.equal(await findRegion(client, { room: ROOMS.course, token }), 'in-mum');
  });

  it('an invalid room uuid is refused before anything is sent', async () => {
    await rejectsWith(findRegion(client, { room: 'a b', token }), 'invalidInput');
    assert.equal(fake.requests.length, 0);
  });
});

describe('readRegion: gb-lon is the old name of eu', () => {
  it('reads gb-lon as eu and says it was retired', () => {
    assert.deepEqual(readRegion('gb-lon'), { region: 'eu', retired: 'gb-lon' });
  });
  it('leaves the current names, unknown ones and nothing as they are', () => {
    assert.deepEqual(readRegion('sg'), { region: 'sg' });
    assert.deepEqual(readRegion('mars'), { region: 'mars' });
    assert.deepEqual(readRegion(undefined), { region: undefined });
    assert.deepEqual(readRegion('__proto__'), { region: '__proto__' });
  });
});
