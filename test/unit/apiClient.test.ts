import * as assert from 'node:assert/strict';
import { createClient, type NetlessClient, type ScreenshotRequest } from '../../src/core/api/index';
import { ROOMS, clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

// The screenshot reference's own examples (seeds/001), bodies verbatim.
const DOC_SCENE_ANSWER = `{
    "url": "https://white-cover.oss-cn-hangzhou.aliyuncs.com/room_cover/2811/a7exxxxca69undefined.png",
    "key": "room_cover/2811/a7exxxxxca69undefined.png",
    "bucket": "white-cover",
    "region": "oss-cn-hangzhou"
}`;
const DOC_LIST_ANSWER = `[
    {
        "url": "https://docs-test-xxx.oss-cn-hangzhou.aliyuncs.com/room_cover/2811/faxxxxx47c/test/cover.png",
        "key": "room_cover/2811/faxxxxx47c/test/cover.png",
        "bucket": "docs-test-xxx",
        "region": "oss-cn-hangzhou"
    },
    {
        "url": "https://docs-test-xxx.oss-cn-hangzhou.aliyuncs.com/room_cover/2811/faxxxxx47c/test/page1.png",
        "key": "room_cover/2811/faxxxxx47c/test/page1.png",
        "bucket": "docs-test-xxx",
        "region": "oss-cn-hangzhou"
    }
]`;
const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

/** Header names and values as they went on the wire, without the ones HTTP itself adds. */
function sentHeaders(rawHeaders: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) pairs.push([rawHeaders[i]!, rawHeaders[i + 1]!]);
  return pairs.filter(([name]) => !['host', 'connection', 'content-length'].includes(name.toLowerCase()));
}

describe('API client: requests and answers over HTTP', () => {
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
  });

  const scene = (extra: Partial<ScreenshotRequest> = {}): ScreenshotRequest => ({
    room: ROOMS.single,
    token,
    region: 'us-sv',
    width: 640,
    height: 480,
    ...extra,
  });

  describe('the documented requests, byte for byte', () => {
    it('screenshots a scene: POST /v5/rooms/{uuid}/screenshots with token, region, Content-Type and {width, height, path}', async () => {
      await client.screenshotScene(scene());
      assert.equal(fake.requests.length, 1);
      const [req] = fake.requests;
      assert.equal(req!.method, 'POST');
      assert.equal(req!.url, '/v5/rooms/a7e04xxxxx7d1eca69/screenshots');
      assert.deepEqual(sentHeaders(req!.rawHeaders), [
        ['token', token],
        ['region', 'us-sv'],
        ['Content-Type', 'application/json'],
      ]);
      // The reference's example body, plus the path it leaves out (without it the key ends in "undefined.png").
      assert.equal(req!.body, '{"width":640,"height":480,"path":"/init"}');
    });

    it('screenshots a scene directory: POST /v5/rooms/{uuid}/screenshot-list with the directory as path', async () => {
      const results = await client.screenshotSceneDirectory(scene({ room: ROOMS.reference, path: '/test' }));
      const [req] = fake.requests;
      assert.equal(req!.method, 'POST');
      assert.equal(req!.url, '/v5/rooms/faed3130727911ebaea37759ee91947c/screenshot-list');
      assert.deepEqual(sentHeaders(req!.rawHeaders), [
        ['token', token],
        ['region', 'us-sv'],
        ['Content-Type', 'application/json'],
      ]);
      assert.equal(req!.body, '{"width":640,"height":480,"path":"/test"}');
      assert.deepEqual(
        results.map((r) => r.key),
        ['room_cover/2811/faed3130727911ebaea37759ee91947c/test/cover.png', 'room_cover/2811/faed3130727911ebaea37759ee91947c/test/page1.png'],
      );
    });

    it('sends the path the caller gives, and / for a directory when none is given', async () => {
      await client.screenshotScene(scene({ room: ROOMS.reference, path: '/test/page1' }));
      await client.screenshotSceneDirectory(scene({ room: ROOMS.reference }));
      assert.deepEqual(
        fake.requests.map((r) => JSON.parse(r.body).path),
        ['/test/page1', '/'],
      );
    });

    it('lists scenes with GET and an encoded sceneDir, Unicode included', async () => {
      const scenes = await client.listScenes({ room: ROOMS.unicode, token, region: 'sg' }, '/课程');
      assert.deepEqual(scenes, ['/课程/第一页', '/课程/第二页']);
      const [req] = fake.requests;
      assert.equal(req!.method, 'GET');
      assert.equal(req!.url, '/v5/rooms/0f3c9a52b7d14e6f8a21c4d5e6f70812/scenes?sceneDir=%2F%E8%AF%BE%E7%A8%8B');
      assert.equal(req!.body, '');
      await client.listScenes({ room: ROOMS.unicode, token, region: 'sg' }, '/a&b=c d');
      assert.equal(fake.requests[1]!.url, '/v5/rooms/0f3c9a52b7d14e6f8a21c4d5e6f70812/scenes?sceneDir=%2Fa%26b%3Dc%20d');
      assert.deepEqual(fake.requests[1]!.query, { sceneDir: '/a&b=c d' });
    });

    it('reads room information with GET /v5/rooms/{uuid}', async () => {
      const room = await client.getRoom({ room: ROOMS.hangzhou, token, region: 'cn-hz' });
      assert.equal(fake.requests[0]!.method, 'GET');
      assert.equal(fake.requests[0]!.url, '/v5/rooms/5d2f8e7a1b3c4d6e9f0a1b2c3d4e5f60');
      assert.deepEqual(room, {
        uuid: ROOMS.hangzhou,
        teamUUID: 'scenesnap-fake-team',
        appUUID: 'scenesnap-fake-app',
        isRecord: false,
        isBan: false,
        createdAt: '2020-11-11T11:11:11.000Z',
        limit: 0,
      });
    });

    it('trims the token before sending it', async () => {
      await client.screenshotScene(scene({ token: `  ${token}\n` }));
      assert.equal(fake.requests[0]!.headers.token, token);
    });

    it('keeps connections alive across calls', async () => {
      for (let i = 0; i < 6; i++) await client.screenshotScene(scene());
      // undici hands a sequential caller one of at most two sockets (the first is released a tick late).
      assert.ok(new Set(fake.requests.map((r) => r.connection)).size <= 2);
    });

    it('honours a path prefix in the base URL', async () => {
      const prefixed = createClient({ baseUrl: `${fake.url}/gateway/`, timeoutMs: 2000 });
      try {
        await rejectsWith(prefixed.screenshotScene(scene()), 'notFound');
        assert.equal(fake.requests[0]!.url, '/gateway/v5/rooms/a7e04xxxxx7d1eca69/screenshots');
      } finally {
        await prefixed.close();
      }
    });
  });

  describe('the documented answers', () => {
    it('parses the single-scene example into exactly its object', async () => {
      fake.setFault({ status: 201, body: DOC_SCENE_ANSWER });
      assert.deepStrictEqual(await client.screenshotScene(scene()), {
        url: 'https://white-cover.oss-cn-hangzhou.aliyuncs.com/room_cover/2811/a7exxxxca69undefined.png',
        key: 'room_cover/2811/a7exxxxxca69undefined.png',
        bucket: 'white-cover',
        region: 'oss-cn-hangzhou',
      });
    });

    it('parses the scene-directory example into exactly its array', async () => {
      fake.setFault({ status: 201, body: DOC_LIST_ANSWER });
      assert.deepStrictEqual(await client.screenshotSceneDirectory(scene({ path: '/test' })), [
        {
          url: 'https://docs-test-xxx.oss-cn-hangzhou.aliyuncs.com/room_cover/2811/faxxxxx47c/test/cover.png',
          key: 'room_cover/2811/faxxxxx47c/test/cover.png',
          bucket: 'docs-test-xxx',
          region: 'oss-cn-hangzhou',
        },
        {
          url: 'https://docs-test-xxx.oss-cn-hangzhou.aliyuncs.com/room_cover/2811/faxxxxx47c/test/page1.png',
          key: 'room_cover/2811/faxxxxx47c/test/page1.png',
          bucket: 'docs-test-xxx',
          region: 'oss-cn-hangzhou',
        },
      ]);
    });

    it('accepts 200 as success and keeps only the documented fields', async () => {
      fake.setFault({ status: 200, body: { url: 'http://cdn.example/a.png', key: 'a.png', bucket: 'b', region: 'r', extra: 1 } });
      assert.deepStrictEqual(await client.screenshotScene(scene()), { url: 'http://cdn.example/a.png', key: 'a.png', bucket: 'b', region: 'r' });
    });

    it('accepts an empty directory', async () => {
      fake.setFault({ status: 201, body: [] });
      assert.deepEqual(await client.screenshotSceneDirectory(scene()), []);
    });

    it('returns a screenshot of a Unicode scene whose url downloads as a PNG of the requested size', async () => {
      const result = await client.screenshotScene(scene({ room: ROOMS.unicode, region: 'sg', path: '/课程/第一页', width: 320, height: 200 }));
      assert.equal(result.key, 'room_cover/2811/0f3c9a52b7d14e6f8a21c4d5e6f70812/课程/第一页.png');
      const response = await fetch(result.url);
      assert.equal(response.status, 200);
      assert.equal(response.headers.get('content-type'), 'image/png');
      const png = Buffer.from(await response.arrayBuffer());
      assert.equal(png.subarray(1, 4).toString(), 'PNG');
      assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [320, 200]);
    });
  });

  describe('answers that are not what the API documents', () => {
    it('rejects a 201 that is not JSON, showing what came', async () => {
      fake.setFault({ status: 201, body: 'Created, see you later' });
      const err = await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /answered 201 but not with JSON: "Created, see you later"/);
      assert.equal(err.status, 201);
    });

    it('rejects a cut-off JSON body', async () => {
      fake.setFault({ malformed: true });
      await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /not with JSON: "\{"url": "https:/);
    });

    it('rejects an empty 2xx body', async () => {
      fake.setFault({ status: 204, body: '' });
      await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /answered 204 but not with JSON: an empty body/);
    });

    it('names a missing field', async () => {
      fake.setFault({ status: 201, body: { url: 'https://cdn.example/a.png', key: 'a.png', bucket: 'b' } });
      await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /field "region" is missing/);
    });

    it('names a field of the wrong type', async () => {
      fake.setFault({ status: 201, body: { url: 'https://cdn.example/a.png', key: 7, bucket: 'b', region: 'r' } });
      await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /field "key" is not a string/);
    });

    it('refuses a javascript: url', async () => {
      fake.setFault({ status: 201, body: { url: 'javascript:alert(document.cookie)', key: 'k', bucket: 'b', region: 'r' } });
      await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /field "url" is not an absolute http\(s\) URL/);
    });

    it('refuses a relative url', async () => {
      fake.setFault({ status: 201, body: { url: '/room_cover/a.png', key: 'k', bucket: 'b', region: 'r' } });
      await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /"url" is not an absolute http\(s\) URL/);
    });

    it('names the item of a list that is wrong', async () => {
      const good = { url: 'https://cdn.example/a.png', key: 'a', bucket: 'b', region: 'r' };
      fake.setFault({ status: 201, body: [good, { ...good, url: 'data:image/png;base64,AAAA' }] });
      await rejectsWith(client.screenshotSceneDirectory(scene()), 'invalidResponse', /field "\[1\]\.url" is not an absolute/);
    });

    it('rejects an object where a list belongs, and a list where an object belongs', async () => {
      fake.setFault({ status: 201, body: { url: 'https://cdn.example/a.png', key: 'a', bucket: 'b', region: 'r' }, times: 1 });
      await rejectsWith(client.screenshotSceneDirectory(scene()), 'invalidResponse', /is not an array/);
      fake.setFault({ status: 201, body: [], times: 1 });
      await rejectsWith(client.screenshotScene(scene()), 'invalidResponse', /is not an object/);
    });

    it('rejects a scene list with something that is not a scene path', async () => {
      fake.setFault({ status: 200, body: ['/init', 'cover'] });
      await rejectsWith(client.listScenes({ room: ROOMS.reference, token, region: 'us-sv' }, '/'), 'invalidResponse', /item \[1\] is not a scene path/);
    });

    it('keeps the excerpt to 200 characters and never shows the token', async () => {
      fake.setFault({ status: 201, body: `echo ${token} ${'x'.repeat(400)}` });
      const err = await rejectsWith(client.screenshotScene(scene()), 'invalidResponse');
      assert.ok(!err.message.includes(token));
      assert.ok(!err.message.includes(token.slice(0, 30)));
      const shown = /"(.*)"/.exec(err.message)![1]!;
      assert.ok(shown.length <= 200, `excerpt of ${shown.length} characters`);
      assert.ok(shown.startsWith('echo [token] xxx'));
    });
  });

  describe('error answers', () => {
    const cases: [number, string, string][] = [
      [400, 'badRequest', 'invalid request body'],
      [401, 'unauthorized', 'invalid format of token'],
      [403, 'forbidden', 'token access team forbidden'],
      [404, 'notFound', 'room not found'],
      [500, 'serverError', 'unknown error'],
      [418, 'serverError', 'short and stout'],
    ];
    for (const [status, code, message] of cases) {
      it(`maps ${status} to ${code}, keeping the server's message, without retrying`, async () => {
        fake.setFault({ status, body: { message } });
        const err = await rejectsWith(client.screenshotScene(scene()), code as 'badRequest', new RegExp(`answered ${status} .*: ${message}\\.`));
        assert.equal(err.status, status);
        assert.equal(err.serverMessage, message);
        assert.equal(err.attempts, 1);
        assert.equal(fake.requests.length, 1);
      });
    }

    it('reports the service\'s own refusal of a reader token', async () => {
      const reader = fake.sdkToken('reader');
      const err = await rejectsWith(client.screenshotScene(scene({ token: reader })), 'forbidden', /token access role reader forbidden\. The token has the reader role/);
      assert.equal(err.serverMessage, 'token access role reader forbidden');
      assert.ok(!err.message.includes(reader));
    });

    it("reports a room token used for another room", async () => {
      const other = fake.roomToken(ROOMS.reference, 'admin');
      const err = await rejectsWith(client.screenshotScene(scene({ token: other })), 'forbidden', /token access room forbidden\. The room token belongs to another room/);
      assert.equal(err.status, 403);
    });

    it('reports a room asked for in the wrong region', async () => {
      const err = await rejectsWith(client.screenshotScene(scene({ region: 'eu' })), 'notFound', /not found in region eu\. .*only in its own region/);
      assert.equal(err.status, 404);
    });

    it('reports a token signed with another secret', async () => {
      const stranger = await startFake({ secretKey: 'someone-else' });
      try {
        await rejectsWith(client.screenshotScene(scene({ token: stranger.sdkToken() })), 'unauthorized', /invalid signature of token/);
      } finally {
        await stranger.close();
      }
    });

    it('redacts a token that the server echoes in its message', async () => {
      fake.setFault({ status: 400, body: { message: `bad header token=${token}` } });
      const err = await rejectsWith(client.screenshotScene(scene()), 'badRequest');
      assert.equal(err.serverMessage, 'bad header token=[token]');
      assert.ok(!err.message.includes(token));
    });

    it("shows a gateway's HTML 502 page as its status text and a stripped excerpt", async () => {
      fake.setFault({ status: 502, body: HTML_502 });
      const err = await rejectsWith(client.screenshotScene(scene()), 'serverError');
      assert.equal(err.status, 502);
      assert.equal(err.serverMessage, undefined);
      assert.match(err.message, /answered 502 Bad Gateway and this page: "502 Bad Gateway 502 Bad Gateway nginx\/1\.25\.3"/);
      assert.ok(!err.message.includes('<'));
    });

    it('uses the status text when a JSON error has no message', async () => {
      fake.setFault({ status: 404, body: { error: 'gone' } });
      await rejectsWith(client.getRoom({ room: ROOMS.reference, token, region: 'us-sv' }), 'notFound', /answered 404 Not Found and this body: "\{"error":"gone"\}"/);
    });
  });
});
