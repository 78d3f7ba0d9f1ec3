import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { REGION_NAMES } from '../../src/core/api/regions';
import { ROOMS, startFake, type FakeNetless } from './support/fakeApi';

/** A raw call to the fake service, without the client, to see exactly what it answers. */
async function call(fake: FakeNetless, method: string, urlPath: string, headers: Record<string, string>, body?: unknown) {
  const response = await fetch(`${fake.url}${urlPath}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('fake Netless service', () => {
  it("names its rooms (the demo's settings) without the region, which the Rooms view shows beside the name", async () => {
    const { defaultRooms } = await import('../fake-netless/rooms.mjs');
    for (const room of defaultRooms()) {
      const words = [room.region, ...REGION_NAMES[room.region].split(/,\s*/)];
      for (const word of words) assert.ok(!room.name.toLowerCase().includes(word.toLowerCase()), `"${room.name}" repeats its region (${word})`);
    }
  });


  let fake: FakeNetless;
  let now = Date.now();

  before(async () => {
    fake = await startFake({ now: () => now });
  });
  after(() => fake.close());
  beforeEach(() => {
    now = Date.now();
    fake.clearFaults();
    fake.clearRequests();
  });

  const shoot = (room: string, region: string, token: string, body: unknown = { width: 64, height: 48, path: '/init' }) =>
    call(fake, 'POST', `/v5/rooms/${room}/screenshots`, { token, region }, body);

  describe('token checks, like the service', () => {
    it('accepts an SDK token with the writer or admin role, and a room token for its room', async () => {
      for (const token of [fake.sdkToken('admin'), fake.sdkToken('writer'), fake.roomToken(ROOMS.reference, 'writer'), fake.roomToken(ROOMS.reference, 'admin')]) {
        assert.equal((await shoot(ROOMS.reference, 'us-sv', token)).status, 201);
      }
    });

    it('refuses a reader: 403 token access role reader forbidden', async () => {
      assert.deepEqual(await shoot(ROOMS.reference, 'us-sv', fake.sdkToken('reader')), { status: 403, json: { message: 'token access role reader forbidden' } });
      assert.deepEqual(await shoot(ROOMS.reference, 'us-sv', fake.roomToken(ROOMS.reference, 'reader')), { status: 403, json: { message: 'token access role reader forbidden' } });
    });

    it('refuses a room token for another room: 403 token access room forbidden', async () => {
      assert.deepEqual(await shoot(ROOMS.reference, 'us-sv', fake.roomToken(ROOMS.single)), { status: 403, json: { message: 'token access room forbidden' } });
      assert.equal((await shoot(ROOMS.reference, 'us-sv', fake.taskToken(ROOMS.reference))).status, 403);
    });

    it('refuses a token signed with another key, an expired one, a malformed one and none', async () => {
      const stranger = await startFake({ secretKey: 'other-secret' });
      const foreign = stranger.sdkToken();
      await stranger.close();
      assert.deepEqual(await shoot(ROOMS.reference, 'us-sv', foreign), { status: 401, json: { message: 'invalid signature of token' } });
      const shortLived = fake.sdkToken('admin', 1000);
      now += 2000;
      assert.deepEqual(await shoot(ROOMS.reference, 'us-sv', shortLived), { status: 401, json: { message: 'expired token' } });
      assert.deepEqual(await shoot(ROOMS.reference, 'us-sv', 'NETLESSSDK_garbage'), { status: 401, json: { message: 'invalid format of token' } });
      assert.deepEqual((await call(fake, 'GET', `/v5/rooms/${ROOMS.reference}`, { region: 'us-sv' })).status, 401);
    });

    it('finds a room only in its own region: 404 with a message', async () => {
      assert.deepEqual(await shoot(ROOMS.reference, 'eu', fake.sdkToken()), { status: 404, json: { message: `room ${ROOMS.reference} not found in region eu` } });
      assert.equal((await shoot('no-such-room', 'us-sv', fake.sdkToken())).status, 404);
      assert.equal((await shoot(ROOMS.reference, 'moon', fake.sdkToken())).status, 400);
    });
  });

  describe('screenshots and the bucket', () => {
    it('answers the documented shape and serves a PNG of the requested size at the url', async () => {
      const { status, json } = await shoot(ROOMS.unicode, 'sg', fake.sdkToken(), { width: 333, height: 111, path: '/日本語/スライド 1' });
      assert.equal(status, 201);
      const shot = json as { url: string; key: string; bucket: string; region: string };
      assert.deepEqual(Object.keys(shot), ['url', 'key', 'bucket', 'region']);
      assert.equal(shot.key, `room_cover/2811/${ROOMS.unicode}/日本語/スライド 1.png`);
      assert.equal(shot.region, 'ap-southeast-1');
      const png = PNG.sync.read(Buffer.from(await (await fetch(shot.url)).arrayBuffer()));
      assert.deepEqual([png.width, png.height], [333, 111]);
    });

    it('draws each scene differently', async () => {
      const token = fake.sdkToken();
      const list = (await call(fake, 'POST', `/v5/rooms/${ROOMS.reference}/screenshot-list`, { token, region: 'us-sv' }, { width: 80, height: 60, path: '/test' })).json as { url: string }[];
      const [a, b] = await Promise.all(list.map(async (s) => PNG.sync.read(Buffer.from(await (await fetch(s.url)).arrayBuffer()))));
      assert.ok(!a!.data.equals(b!.data));
    });

    it('reproduces the service naming an object "…undefined.png" when path is left out', async () => {
      const { json } = await shoot(ROOMS.single, 'us-sv', fake.sdkToken(), { width: 640, height: 480 });
      assert.equal((json as { key: string }).key, 'room_cover/2811/a7e04xxxxx7d1eca69undefined.png');
    });

    it('lists the scenes directly in a directory, 1,000 of them too', async () => {
      const token = fake.sdkToken();
      const deck = await call(fake, 'POST', `/v5/rooms/${ROOMS.deck}/screenshot-list`, { token, region: 'eu' }, { width: 64, height: 36, path: '/deck' });
      assert.equal(deck.status, 201);
      assert.equal((deck.json as unknown[]).length, 1000);
      const course = await call(fake, 'POST', `/v5/rooms/${ROOMS.course}/screenshot-list`, { token, region: 'in-mum' }, { width: 64, height: 36, path: '/course' });
      assert.deepEqual((course.json as { key: string }[]).map((s) => s.key.split(ROOMS.course)[1]), ['/course/summary.png']);
      const missing = await call(fake, 'POST', `/v5/rooms/${ROOMS.course}/screenshot-list`, { token, region: 'in-mum' }, { width: 64, height: 36, path: '/nope' });
      assert.equal(missing.status, 404);
    });

    it('rejects a bad body with 400 and an unknown scene with 404', async () => {
      const token = fake.sdkToken();
      assert.deepEqual(await shoot(ROOMS.reference, 'us-sv', token, { width: 0, height: 10, path: '/init' }), { status: 400, json: { message: 'width must be a positive integer' } });
      assert.equal((await shoot(ROOMS.reference, 'us-sv', token, { width: 10, height: 10, path: 'init' })).status, 400);
      assert.equal((await shoot(ROOMS.reference, 'us-sv', token, { width: 10, height: 10, path: '/nope' })).status, 404);
    });

    it('answers 404 for an object never uploaded', async () => {
      assert.equal((await fetch(`${fake.url}/bucket/scenesnap-fake-us/room_cover/none.png`)).status, 404);
    });

    it('lists scene paths below a directory and gives room info', async () => {
      const token = fake.roomToken(ROOMS.course);
      const scenes = await call(fake, 'GET', `/v5/rooms/${ROOMS.course}/scenes?sceneDir=${encodeURIComponent('/course/week1')}`, { token, region: 'in-mum' });
      assert.deepEqual(scenes.json, ['/course/week1/intro', '/course/week1/exercise']);
      const info = await call(fake, 'GET', `/v5/rooms/${ROOMS.course}`, { token, region: 'in-mum' });
      assert.equal((info.json as { uuid: string }).uuid, ROOMS.course);
    });
  });

  describe('the bucket behaves like the real one: one object per room and scene', () => {
    const png = async (url: string) => {
      const response = await fetch(url);
      assert.equal(response.status, 200);
      return PNG.sync.read(Buffer.from(await response.arrayBuffer()));
    };
    const shotOf = async (body: unknown, room: string = ROOMS.reference, region = 'us-sv') => (await shoot(room, region, fake.sdkToken(), body)).json as { url: string; key: string };

    it('keeps the same key whatever the size, and the next screenshot overwrites the object', async () => {
      const first = await shotOf({ width: 64, height: 48, path: '/test/cover' });
      const second = await shotOf({ width: 200, height: 100, path: '/test/cover' });
      assert.equal(second.url, first.url);
      assert.equal(second.key, first.key);
      const now = await png(first.url);
      assert.deepEqual([now.width, now.height], [200, 100]);
      assert.deepEqual(fake.objectAt(first.url), { room: ROOMS.reference, scene: '/test/cover', width: 200, height: 100, revision: 0, blank: false, bucket: 'scenesnap-fake-us', key: first.key });
      assert.equal(fake.objectAt(`${fake.url}/bucket/nothing.png`), undefined);
    });

    it('changeScene: the next screenshot shows the changed board; the object already shot stays as it was', async () => {
      const body = { width: 120, height: 80, path: '/test/page1' };
      const before = await shotOf(body);
      const original = await png(before.url);
      assert.equal(fake.changeScene(ROOMS.reference, '/test/page1'), 1);
      assert.deepEqual((await png(before.url)).data, original.data, 'the bucket changes only when shot again');
      const after = await shotOf(body);
      assert.equal(after.url, before.url);
      const changed = await png(after.url);
      assert.ok(!changed.data.equals(original.data), 'the board changed');
      assert.equal(fake.objectAt(after.url)?.revision, 1);
      assert.equal(fake.changeScene(ROOMS.reference, '/test/page1'), 2);
      await shotOf(body);
      assert.ok(!(await png(after.url)).data.equals(changed.data));
    });

    it('changeScene with blank: the board becomes one colour', async () => {
      fake.changeScene(ROOMS.hangzhou, '/test/page2', { blank: true });
      const shot = await shotOf({ width: 50, height: 30, path: '/test/page2' }, ROOMS.hangzhou, 'cn-hz');
      const image = await png(shot.url);
      const first = image.data.readUInt32LE(0);
      assert.ok(Array.from({ length: 50 * 30 }, (_, i) => image.data.readUInt32LE(i * 4)).every((w) => w === first));
    });

    it('liveScenes: a scene whose board changes before every screenshot (the demo\'s)', async () => {
      const live = await startFake({ liveScenes: [{ room: ROOMS.reference, scene: '/init' }] });
      try {
        const shot = async () => {
          const r = await call(live, 'POST', `/v5/rooms/${ROOMS.reference}/screenshots`, { token: live.sdkToken(), region: 'us-sv' }, { width: 90, height: 60, path: '/init' });
          return (r.json as { url: string }).url;
        };
        const url = await shot();
        const a = Buffer.from(await (await fetch(url)).arrayBuffer());
        await shot();
        const b = Buffer.from(await (await fetch(url)).arrayBuffer());
        assert.ok(!a.equals(b));
        assert.equal(live.objectAt(url)?.revision, 2);
        // Other scenes stay still.
        const other = await call(live, 'POST', `/v5/rooms/${ROOMS.reference}/screenshots`, { token: live.sdkToken(), region: 'us-sv' }, { width: 90, height: 60, path: '/test/cover' });
        assert.equal(live.objectAt((other.json as { url: string }).url)?.revision, 0);
      } finally {
        await live.close();
      }
    });

    it('makePrivate: matching objects answer 403 AccessDenied (GET and HEAD) until undone', async () => {
      const shot = await shotOf({ width: 40, height: 30, path: '/init' });
      const undo = fake.makePrivate({ room: ROOMS.reference });
      const denied = await fetch(shot.url);
      assert.equal(denied.status, 403);
      assert.match(await denied.text(), /<Code>AccessDenied<\/Code>/);
      assert.equal((await fetch(shot.url, { method: 'HEAD' })).status, 403);
      undo();
      assert.equal((await fetch(shot.url)).status, 200);
      const byBucket = fake.makePrivate({ bucket: 'scenesnap-fake-us' });
      assert.equal((await fetch(shot.url)).status, 403);
      byBucket();
      assert.throws(() => fake.makePrivate({}), /url, room, scene, bucket/);
    });

    it('removeObjects: objects disappear (404 NoSuchKey) until shot again', async () => {
      const shot = await shotOf({ width: 40, height: 30, path: '/test/cover' });
      assert.equal(fake.removeObjects({ url: shot.url }), 1);
      const gone = await fetch(shot.url);
      assert.equal(gone.status, 404);
      assert.match(await gone.text(), /NoSuchKey/);
      assert.equal(fake.removeObjects({ url: shot.url }), 0);
      await shotOf({ width: 40, height: 30, path: '/test/cover' });
      assert.equal((await fetch(shot.url)).status, 200);
    });
  });

  describe('fault injection', () => {
    it('applies a counted fault to matching requests only, then stops', async () => {
      const token = fake.sdkToken();
      fake.setFault({ room: ROOMS.course, endpoint: 'room', status: 503, times: 1 });
      assert.equal((await call(fake, 'GET', `/v5/rooms/${ROOMS.reference}`, { token, region: 'us-sv' })).status, 200);
      assert.equal((await call(fake, 'GET', `/v5/rooms/${ROOMS.course}/scenes?sceneDir=/`, { token, region: 'in-mum' })).status, 200);
      assert.equal((await call(fake, 'GET', `/v5/rooms/${ROOMS.course}`, { token, region: 'in-mum' })).status, 503);
      assert.equal((await call(fake, 'GET', `/v5/rooms/${ROOMS.course}`, { token, region: 'in-mum' })).status, 200);
    });

    it('removes a fault by the function it returned', async () => {
      const remove = fake.setFault({ status: 500 });
      assert.equal((await shoot(ROOMS.reference, 'us-sv', fake.sdkToken())).status, 500);
      remove();
      assert.equal((await shoot(ROOMS.reference, 'us-sv', fake.sdkToken())).status, 201);
    });

    it('adds latency', async () => {
      fake.setFault({ latencyMs: 120, times: 1 });
      const started = Date.now();
      await shoot(ROOMS.reference, 'us-sv', fake.sdkToken());
      assert.ok(Date.now() - started >= 110);
    });

    it('resets the connection', async () => {
      fake.setFault({ reset: 'before', times: 1 });
      await assert.rejects(shoot(ROOMS.reference, 'us-sv', fake.sdkToken()));
    });

    it('records every request with its raw headers and body', async () => {
      await shoot(ROOMS.reference, 'us-sv', 'NETLESSSDK_x', { width: 1, height: 2, path: '/init' });
      const [req] = fake.requests;
      assert.equal(req!.endpoint, 'screenshots');
      assert.equal(req!.room, ROOMS.reference);
      assert.equal(req!.body, '{"width":1,"height":2,"path":"/init"}');
      assert.equal(req!.headers.token, 'NETLESSSDK_x');
    });

    it('tells onAnswer about each answer once it is sent, with its status', async () => {
      const answers: string[] = [];
      const watched = await startFake({ onAnswer: (req, status) => answers.push(`${req.method} ${req.endpoint} ${status}`) });
      try {
        await call(watched, 'POST', `/v5/rooms/${ROOMS.reference}/screenshots`, { token: watched.sdkToken(), region: 'us-sv' }, { width: 8, height: 8, path: '/init' });
        await call(watched, 'GET', `/v5/rooms/${ROOMS.reference}`, {});
        assert.deepEqual(answers, ['POST screenshots 201', 'GET room 401']);
      } finally {
        await watched.close();
      }
    });
  });

  it('prints its URL when run from the command line', async () => {
    const script = path.join(__dirname, '..', 'fake-netless', 'server.mjs');
    const child = spawn(process.execPath, [script, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const firstLine = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        child.once('exit', (code) => reject(new Error(`exited with ${code}`)));
      });
      assert.match(firstLine, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal((await fetch(`${firstLine}/v5/rooms/${ROOMS.reference}`)).status, 401);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
