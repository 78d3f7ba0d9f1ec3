import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SceneSnapApi } from '../../src/extension/extension';
import { eventually, internals, rejection, sceneSnap, useSandbox } from './support';
import { ROOMS } from '../support/rooms';
import { runnerBridgeAvailable, toast, visibleCount, workbenchScreenshot } from '../support/runnerBridge';

// The screenshot path end to end in the real VS Code: the exported API and the commands' programmatic
// arguments (DESIGN.md) against the local fake Netless service.

const REF = ROOMS.reference; // us-sv; /init, /test/cover, /test/page1
const UNICODE = ROOMS.unicode; // sg
const COURSE = ROOMS.course; // in-mum; /course/week1/…

describe('screenshots through the exported API and the commands', function () {
  const sandbox = useSandbox({
    'sceneSnap.defaultRegion': 'us-sv',
    'sceneSnap.defaultWidth': 640,
    'sceneSnap.defaultHeight': 480,
    'sceneSnap.requestTimeoutSeconds': 5,
    'sceneSnap.rooms': [
      { uuid: REF, name: 'Reference' },
      { uuid: UNICODE, name: 'Unicode', region: 'sg', width: 800, height: 600, path: '/课程/第二页' },
      { uuid: COURSE, region: 'in-mum', path: '/course/week1/intro' },
    ],
  });
  let api: SceneSnapApi;

  before(async () => {
    api = await sceneSnap();
  });

  after(async () => {
    for (const room of [REF, UNICODE, COURSE]) await vscode.commands.executeCommand('sceneSnap.clearToken', { room });
  });

  beforeEach(() => {
    sandbox.fake.clearRequests();
    sandbox.fake.clearFaults();
  });

  it('screenshotScene resolves to {url, key, bucket, region} of the stored PNG, and the PNG is real', async () => {
    const result = await api.screenshotScene({ room: REF, path: '/test/cover' }, { preview: false });
    assert.deepEqual(Object.keys(result).sort(), ['bucket', 'key', 'region', 'url']);
    assert.match(result.url, /^http:\/\/127\.0\.0\.1:\d+\//);
    assert.match(result.key, /test\/cover\.png$/);
    const png = Buffer.from(await (await fetch(result.url)).arrayBuffer());
    assert.equal(png.subarray(0, 8).toString('hex'), '89504e470d0a1a0a');
    assert.equal(png.readUInt32BE(16), 640);
    assert.equal(png.readUInt32BE(20), 480);
  });

  it('sends exactly the documented request: headers token and region, body {width, height, path}', async () => {
    const token = sandbox.fake.sdkToken('writer');
    await vscode.commands.executeCommand('sceneSnap.setToken', { token });
    await api.screenshotScene({ room: REF, path: '/init', width: 320, height: 200 }, { preview: false });
    assert.equal(sandbox.fake.requests.length, 1);
    const [req] = sandbox.fake.requests;
    assert.equal(req!.method, 'POST');
    assert.equal(req!.url, `/v5/rooms/${REF}/screenshots`);
    assert.equal(req!.headers.token, token);
    assert.equal(req!.headers.region, 'us-sv');
    assert.match(String(req!.headers['content-type']), /^application\/json/);
    assert.deepEqual(JSON.parse(req!.body), { width: 320, height: 200, path: '/init' });
  });

  describe('precedence, field by field (DESIGN.md)', () => {
    it("takes the room's region, size and scene when the request leaves them out", async () => {
      await api.screenshotScene({ room: UNICODE }, { preview: false });
      const [req] = sandbox.fake.requests;
      assert.equal(req!.headers.region, 'sg');
      assert.deepEqual(JSON.parse(req!.body), { width: 800, height: 600, path: '/课程/第二页' });
    });

    it("lets the request's fields win over the room's", async () => {
      await api.screenshotScene({ room: UNICODE, path: '/init', width: 100, height: 50, region: 'sg' }, { preview: false });
      assert.deepEqual(JSON.parse(sandbox.fake.requests[0]!.body), { width: 100, height: 50, path: '/init' });
    });

    it('uses the defaults and the SDK token for a room that is not configured, and /init for the scene', async () => {
      const other = ROOMS.hangzhou; // cn-hz in the fake
      const err = await rejection(api.screenshotScene({ room: other }, { preview: false }));
      // The default region (us-sv) is not the room's: the service answers 404, as the real one does.
      assert.equal(err.code, 'notFound');
      assert.equal(sandbox.fake.requests[0]!.headers.region, 'us-sv');
      assert.deepEqual(JSON.parse(sandbox.fake.requests[0]!.body), { width: 640, height: 480, path: '/init' });
      const ok = await api.screenshotScene({ room: other, region: 'cn-hz' }, { preview: false });
      assert.match(ok.key, /init\.png$/);
    });

    it("prefers the room's own token to the SDK token", async () => {
      const roomToken = sandbox.fake.roomToken(UNICODE, 'admin');
      await vscode.commands.executeCommand('sceneSnap.setToken', { room: UNICODE, token: `  ${roomToken}\n` });
      await api.screenshotScene({ room: UNICODE }, { preview: false });
      assert.equal(sandbox.fake.requests[0]!.headers.token, roomToken, 'the stored token is trimmed');
      await vscode.commands.executeCommand('sceneSnap.clearToken', { room: UNICODE });
      sandbox.fake.clearRequests();
      await api.screenshotScene({ room: UNICODE }, { preview: false });
      assert.match(String(sandbox.fake.requests[0]!.headers.token), /^NETLESSSDK_/);
    });
  });

  describe('scene directories', () => {
    it('screenshotSceneDirectory resolves to one result per scene of the directory', async () => {
      const results = await api.screenshotSceneDirectory({ room: REF, path: '/test' }, { preview: false });
      assert.deepEqual(results.map((r) => r.key.replace(/^.*\/test\//, '')), ['cover.png', 'page1.png']);
      assert.equal(sandbox.fake.requests[0]!.url, `/v5/rooms/${REF}/screenshot-list`);
    });

    it("defaults to the directory that holds the room's path", async () => {
      await api.screenshotSceneDirectory({ room: COURSE }, { preview: false });
      assert.equal(JSON.parse(sandbox.fake.requests[0]!.body).path, '/course/week1');
      assert.equal(sandbox.fake.requests[0]!.headers.region, 'in-mum');
    });

    it('defaults to / for a room without a path', async () => {
      await api.screenshotSceneDirectory({ room: REF }, { preview: false });
      assert.equal(JSON.parse(sandbox.fake.requests[0]!.body).path, '/');
    });
  });

  describe('failures reject with a code, and bad input or a missing token sends nothing', () => {
    const invalid: Array<[string, unknown, RegExp]> = [
      ['a path without /', { room: REF, path: 'test' }, /must start with \//],
      ['a width of 0', { room: REF, width: 0 }, /Width must be a whole number of pixels from 1 to 10000/],
      ['a wrong uuid', { room: 'not a uuid!' }, /Room uuid .* may contain only letters, digits/],
      ['an unknown region', { room: REF, region: 'mars' }, /not one of us-sv, sg, in-mum, eu, cn-hz/],
      ['no room at all', {}, /"room" must be the room uuid/],
      ['a string instead of an object', 'room', /must be an object/],
    ];
    for (const [what, req, message] of invalid) {
      it(`invalidInput for ${what}`, async () => {
        const err = await rejection(api.screenshotScene(req, { preview: false }));
        assert.equal(err.code, 'invalidInput');
        assert.match(err.message, message);
        assert.equal(sandbox.fake.requests.length, 0);
      });
    }

    it('noToken when neither the room nor the SDK has a token', async () => {
      await vscode.commands.executeCommand('sceneSnap.clearToken', {});
      try {
        const err = await rejection(api.screenshotScene({ room: REF }, { preview: false }));
        assert.equal(err.code, 'noToken');
        assert.match(err.message, /Set Token/);
        assert.equal(sandbox.fake.requests.length, 0);
      } finally {
        await vscode.commands.executeCommand('sceneSnap.setToken', { token: sandbox.fake.sdkToken('writer') });
      }
    });

    it('forbidden (403) for a reader token, with the server message', async () => {
      await vscode.commands.executeCommand('sceneSnap.setToken', { room: REF, token: sandbox.fake.roomToken(REF, 'reader') });
      try {
        const err = await rejection(api.screenshotScene({ room: REF }, { preview: false }));
        assert.equal(err.code, 'forbidden');
        assert.equal(err.status, 403);
        assert.match(err.message, /token access role reader forbidden/);
      } finally {
        await vscode.commands.executeCommand('sceneSnap.clearToken', { room: REF });
      }
    });

    it('unauthorized (401) for a token signed with another key', async () => {
      const { sdkToken, TokenRole } = await import('netless-token');
      const foreign = sdkToken('other-access-key', 'other-secret-key', 0, { role: TokenRole.Writer });
      await vscode.commands.executeCommand('sceneSnap.setToken', { room: REF, token: foreign });
      try {
        const err = await rejection(api.screenshotScene({ room: REF }, { preview: false }));
        assert.equal(err.code, 'unauthorized');
        assert.equal(err.status, 401);
        assert.ok(!err.message.includes(foreign), 'the token never appears in a message');
      } finally {
        await vscode.commands.executeCommand('sceneSnap.clearToken', { room: REF });
      }
    });

    it('cancelled when the caller cancels a request in flight', async () => {
      sandbox.fake.setFault({ room: REF, stall: 'headers' });
      const source = new vscode.CancellationTokenSource();
      const pending = api.screenshotScene({ room: REF }, { preview: false, cancellation: source.token });
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(sandbox.fake.requests.length, 1, 'the request reached the server before the cancel');
      source.cancel();
      const err = await rejection(pending);
      assert.equal(err.code, 'cancelled');
    });

    it('the command resolves to undefined after a failure, and to the result after a success', async () => {
      const failed = await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: REF, path: 'no-slash' });
      assert.equal(failed, undefined);
      const ok = await vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene', { room: REF, path: '/test/page1' });
      assert.match(ok.url, /test\/page1\.png$/);
      const list = await vscode.commands.executeCommand<Array<{ url: string }>>('sceneSnap.screenshotSceneDirectory', { room: REF, path: '/test' });
      assert.equal(list.length, 2);
    });
  });

  it('Repeat Last Screenshot after a failure repeats the failed request, not the older success, and adds no duplicate', async () => {
    const { history } = await internals();
    await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: REF, path: '/test/page1', width: 300, height: 200 });
    const entries = history.list().length;
    sandbox.fake.clearRequests();
    assert.equal(await vscode.commands.executeCommand('sceneSnap.screenshotScene', { room: REF, path: '/no/such/scene', width: 320, height: 240 }), undefined);
    sandbox.fake.clearRequests();
    assert.equal(await vscode.commands.executeCommand('sceneSnap.repeatLastScreenshot'), undefined);
    const sent = sandbox.fake.requests.filter((r) => r.endpoint === 'screenshots');
    assert.equal(sent.length, 1);
    assert.deepEqual(JSON.parse(sent[0]!.body), { width: 320, height: 240, path: '/no/such/scene' });
    assert.equal(history.list().length, entries, 'no new history entry');
  });

  if (runnerBridgeAvailable) {
    it('leaves no progress notification up over the preview that shows the result', async () => {
      await vscode.commands.executeCommand('notifications.clearAll');
      const progress = toast('Scene Snap: screenshot');
      for (const [command, args] of [
        ['sceneSnap.screenshotScene', { room: REF, path: '/test/cover' }],
        ['sceneSnap.screenshotSceneDirectory', { room: REF, path: '/test' }],
      ] as const) {
        await vscode.commands.executeCommand(command, args);
        await eventually(() => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview)) || undefined, 'the preview to open');
        // VS Code keeps a progress notification up for at least 800 ms: a quick screenshot must not show one.
        for (let i = 0; i < 3; i++) {
          const count = await visibleCount(progress);
          if (count > 0) await workbenchScreenshot('progress-over-preview');
          assert.equal(count, 0, `a progress notification is still up after ${command} showed its result`);
          await new Promise((r) => setTimeout(r, 100));
        }
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      }
    });
  }
});
