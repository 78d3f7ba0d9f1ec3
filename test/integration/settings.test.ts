import * as assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as vscode from 'vscode';
import { readSettings, watchSettings } from '../../src/extension/settings';
import { configure, rejection, sceneSnap, useSandbox } from './support';
import { ROOMS } from '../support/rooms';

// Settings take effect on the next call, without a reload: the API base URL, the time limit, and VS Code's
// own proxy settings, which the client follows.

const REF = ROOMS.reference;

describe('settings, applied without a reload', () => {
  const sandbox = useSandbox({
    'sceneSnap.defaultRegion': 'us-sv',
    'sceneSnap.rooms': [{ uuid: REF }],
    'sceneSnap.requestTimeoutSeconds': 30,
  });

  beforeEach(() => {
    sandbox.fake.clearRequests();
    sandbox.fake.clearFaults();
  });

  it('requestTimeoutSeconds: a stalled answer fails with timeout after the configured time', async () => {
    const restoreTimeout = await configure({ 'sceneSnap.requestTimeoutSeconds': 1 });
    try {
      sandbox.fake.setFault({ room: REF, stall: 'headers' });
      const started = Date.now();
      const err = await rejection((await sceneSnap()).screenshotScene({ room: REF }, { preview: false }));
      assert.equal(err.code, 'timeout');
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 900 && elapsed < 5000, `timed out after ${elapsed} ms`);
    } finally {
      await restoreTimeout();
    }
  });

  it('apiBaseUrl: a plain http URL of another machine is refused before anything is sent', async () => {
    const restoreUrl = await configure({ 'sceneSnap.apiBaseUrl': 'http://api.example.com' });
    try {
      const err = await rejection((await sceneSnap()).screenshotScene({ room: REF }, { preview: false }));
      assert.equal(err.code, 'invalidInput');
      assert.match(err.message, /plain http: is accepted only for this machine/);
    } finally {
      await restoreUrl();
    }
    // Back on the fake, the next call works again.
    await (await sceneSnap()).screenshotScene({ room: REF }, { preview: false });
    assert.equal(sandbox.fake.requests.length, 1);
  });

  // Downloads through http.proxy: workspaceSettings.test.ts (Save PNG); the proxy choice itself: apiProxy.test.ts.
  it('http.proxy: a loopback API host is reached directly, never through the proxy (the token is in clear)', async () => {
    const { createProxy } = await import('proxy');
    const proxy = createProxy(http.createServer());
    const seen: string[] = [];
    proxy.on('request', (req: http.IncomingMessage) => seen.push(String(req.url)));
    proxy.on('connect', (req: http.IncomingMessage) => seen.push(`CONNECT ${req.url}`));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const restoreProxy = await configure({ 'http.proxy': proxyUrl, 'http.noProxy': [] }, 'user');
    try {
      await (await sceneSnap()).screenshotScene({ room: REF, path: '/test/cover' }, { preview: false });
      assert.equal(sandbox.fake.requests.length, 1);
      assert.deepEqual(seen, [], 'the proxy saw nothing of a loopback API');

      await configure({ 'http.noProxy': ['example.com'] }, 'user');
      await (await sceneSnap()).screenshotScene({ room: REF, path: '/test/cover' }, { preview: false });
      assert.equal(sandbox.fake.requests.length, 2);
      assert.deepEqual(seen, [], 'whatever the no-proxy list holds');
    } finally {
      await restoreProxy();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('snapshots.maxMegabytes: the user value counts, a workspace value is ignored (the store is every window\'s)', async () => {
    const restoreUser = await configure({ 'sceneSnap.snapshots.maxMegabytes': 2 }, 'user');
    const config = () => vscode.workspace.getConfiguration();
    try {
      assert.equal(readSettings().snapshotsMaxBytes, 2 * 1024 * 1024);
      await config().update('sceneSnap.snapshots.maxMegabytes', 0.001, vscode.ConfigurationTarget.Workspace);
      assert.equal(config().inspect('sceneSnap.snapshots.maxMegabytes')?.workspaceValue, 0.001, 'VS Code has the workspace value');
      assert.equal(readSettings().snapshotsMaxBytes, 2 * 1024 * 1024, 'Scene Snap keeps the user\'s');
    } finally {
      await config().update('sceneSnap.snapshots.maxMegabytes', undefined, vscode.ConfigurationTarget.Workspace);
      await restoreUser();
    }
  });

  it('read once while nothing changes; a change of a Scene Snap or proxy setting is read on the next use', async () => {
    const watch = watchSettings();
    try {
      const first = readSettings();
      assert.equal(readSettings(), first, 'the same settings object while nothing changed');
      assert.ok(Object.isFrozen(first) && Object.isFrozen(first.rooms) && Object.isFrozen(first.proxy), 'shared, so frozen');
      const restoreWidth = await configure({ 'sceneSnap.defaultWidth': 777 });
      try {
        assert.equal(readSettings().defaultWidth, 777, 'a Scene Snap setting changed: read again');
      } finally {
        await restoreWidth();
      }
      assert.equal(readSettings().defaultWidth, first.defaultWidth);
      const restoreProxy = await configure({ 'http.noProxy': ['bucket.example'] }, 'user');
      try {
        assert.deepEqual(readSettings().proxy.noProxy, ['bucket.example'], 'a proxy setting changed: read again');
      } finally {
        await restoreProxy();
      }
      const before = readSettings();
      const restoreOther = await configure({ 'editor.tabSize': 7 });
      try {
        assert.equal(readSettings(), before, 'a setting of someone else changes nothing');
      } finally {
        await restoreOther();
      }
    } finally {
      watch.dispose();
    }
    assert.notEqual(readSettings(), readSettings(), 'not watched: read fresh each time');
    assert.equal(vscode.workspace.getConfiguration('sceneSnap').get('defaultWidth'), readSettings().defaultWidth);
  });
});
