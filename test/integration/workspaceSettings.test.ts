import * as assert from 'node:assert/strict';
import dns from 'node:dns';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import * as vscode from 'vscode';
import { registerIgnoredSettingsNotice } from '../../src/extension/ignoredSettings';
import type { RoomsTreeNode } from '../../src/extension/rooms/roomsView';
import { captureMessages, configure, eventually, internals, rejection, sceneSnap, useSandbox, writeWorkspaceSettings } from './support';
import { closeAllEditors, previewManager } from './previewSupport';
import { startCountingProxy } from '../support/countingProxy';
import { ROOMS } from '../support/rooms';

// A cloned repository must never choose where a token goes: its .vscode/settings.json may name any API host
// (or proxy), and Scene Snap keeps using the user's. Also here: SecretStorage that rejects, downloads through
// VS Code's proxy, and a directory answer far bigger than what persisted state may hold.

const REF = ROOMS.reference;

/** A server that records every request it gets: the host a hostile workspace names. */
async function startRecorder(): Promise<{ url: string; seen: string[]; close(): Promise<void> }> {
  const seen: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(`${req.method} ${req.url} token=${req.headers.token ? 'yes' : 'no'}`);
    res.writeHead(201, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ url: 'https://attacker.example/x.png', key: 'x', bucket: 'b', region: 'r' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** Every host name looked up in this extension host while `run` runs (undici connects through dns.lookup). */
async function lookups<T>(run: () => Promise<T>): Promise<{ result: T; hosts: string[] }> {
  const hosts: string[] = [];
  const original = dns.lookup;
  (dns as { lookup: unknown }).lookup = (hostname: string, ...rest: unknown[]) => {
    hosts.push(hostname);
    return (original as (...a: unknown[]) => unknown)(hostname, ...rest);
  };
  try {
    return { result: await run(), hosts };
  } finally {
    (dns as { lookup: unknown }).lookup = original;
  }
}

describe('a workspace cannot redirect tokens', () => {
  const sandbox = useSandbox({ 'sceneSnap.rooms': [{ uuid: REF, region: 'us-sv' }], 'sceneSnap.openPreview': false });

  beforeEach(() => {
    sandbox.fake.clearRequests();
    sandbox.fake.clearFaults();
  });

  it('an apiBaseUrl in .vscode/settings.json is ignored by the API, the commands and the tree, and said once', async function () {
    this.timeout(60_000);
    const recorder = await startRecorder();
    const messages = captureMessages();
    const state = (await internals()).workspaceState;
    const notifiedBefore = state.get('sceneSnap.ignoredWorkspaceSettings');
    await state.update('sceneSnap.ignoredWorkspaceSettings', undefined);
    let undo: (() => Promise<void>) | undefined;
    try {
      undo = await writeWorkspaceSettings({ 'sceneSnap.apiBaseUrl': recorder.url });
      await eventually(() => messages.shown.some((m) => m.includes('sceneSnap.apiBaseUrl')), 'the notice about the ignored value');
      const api = await sceneSnap();
      const parts = await internals();
      const { result, hosts } = await lookups(async () => {
        const started = Date.now();
        const one = await api.screenshotScene({ room: REF, path: '/init' }, { preview: false });
        const all = await api.screenshotSceneDirectory({ room: REF, path: '/test' }, { preview: false });
        const byCommand = await vscode.commands.executeCommand<{ url: string }>('sceneSnap.screenshotScene', { room: REF, path: '/test/cover' });
        parts.catalog.invalidate();
        // The tree's own nodes (the extension runs from its bundle: classes of src/ are not its classes).
        const roomNode = ((await parts.roomsTree.getChildren()) as RoomsTreeNode[]).find((n) => n.kind === 'room' && n.room.uuid === REF)!;
        const children = (await parts.roomsTree.getChildren(roomNode)) as RoomsTreeNode[];
        return { one, all, byCommand, children, elapsed: Date.now() - started };
      });
      assert.deepEqual(recorder.seen, [], 'nothing reached the host the workspace named');
      assert.ok(!hosts.includes('attacker.example'));
      assert.ok(result.one.url.startsWith(sandbox.fake.url), result.one.url);
      assert.equal(result.all.length, 2);
      assert.ok(result.byCommand?.url.startsWith(sandbox.fake.url));
      assert.ok(result.children.some((c) => c.kind === 'directory' || c.kind === 'scene'), 'the tree listed the scenes');
      assert.ok(result.elapsed < 15_000, `the calls took ${result.elapsed} ms: nothing waited on a prompt`);
      assert.equal(sandbox.fake.requests.filter((r) => r.endpoint !== 'bucket').length, 4, 'all four calls went to the user\'s host');
      assert.equal(messages.shown.filter((m) => m.includes('sceneSnap.apiBaseUrl')).length, 1, 'said once');
      assert.deepEqual(state.get('sceneSnap.ignoredWorkspaceSettings'), ['sceneSnap.apiBaseUrl']);

      // A host name the workspace names is not even looked up.
      await undo();
      undo = await writeWorkspaceSettings({ 'sceneSnap.apiBaseUrl': 'https://scene-snap-attacker.invalid' });
      const second = await lookups(() => api.screenshotScene({ room: REF }, { preview: false }));
      assert.ok(!second.hosts.includes('scene-snap-attacker.invalid'), second.hosts.join(', '));
      assert.ok(second.result.url.startsWith(sandbox.fake.url));
      // The probe sees lookups at all: a request to a name (not an address) shows up in it.
      const control = await lookups(async () => (await import('undici')).request(`${sandbox.fake.url.replace('127.0.0.1', 'localhost')}/v5/rooms/${REF}`).then((r) => r.body.dump()));
      assert.ok(control.hosts.includes('localhost'), 'the lookup probe works');
      assert.equal(messages.shown.filter((m) => m.includes('sceneSnap.apiBaseUrl')).length, 1, 'still said only once in this workspace');
    } finally {
      await undo?.();
      messages.restore();
      await state.update('sceneSnap.ignoredWorkspaceSettings', notifiedBefore);
      await recorder.close();
    }
    // Without the file, everything works as before.
    const after = await (await sceneSnap()).screenshotScene({ room: REF }, { preview: false });
    assert.ok(after.url.startsWith(sandbox.fake.url));
  });

  it('a workspace opened with an ignored value is told right after activation, not during it', async () => {
    const state = (await internals()).workspaceState;
    const notifiedBefore = state.get('sceneSnap.ignoredWorkspaceSettings');
    // The running extension has said it for this workspace already: what is heard is the notice under test.
    await state.update('sceneSnap.ignoredWorkspaceSettings', ['sceneSnap.apiBaseUrl']);
    const messages = captureMessages();
    const undo = await writeWorkspaceSettings({ 'sceneSnap.apiBaseUrl': 'https://scene-snap-attacker.invalid' });
    const said: string[] = [];
    const log = { warn: (m: string) => said.push(m) } as unknown as vscode.LogOutputChannel;
    const memory = new Map<string, unknown>();
    const memento = { get: (k: string, d?: unknown) => memory.get(k) ?? d, update: async (k: string, v: unknown) => void memory.set(k, v) } as unknown as vscode.Memento;
    try {
      // As at activation: registering inspects nothing and says nothing yet...
      const notice = registerIgnoredSettingsNotice(log, memento);
      assert.deepEqual([messages.shown, said], [[], []]);
      // ...and says it once the activation is over.
      await eventually(() => messages.shown.some((m) => m.includes('sceneSnap.apiBaseUrl')), 'the notice after activation');
      assert.equal(said.length, 1);
      assert.deepEqual(memory.get('sceneSnap.ignoredWorkspaceSettings'), ['sceneSnap.apiBaseUrl']);
      notice.dispose();
      // Disposed before its turn came (the extension stopped at once): it says nothing.
      memory.clear();
      registerIgnoredSettingsNotice(log, memento).dispose();
      await new Promise((r) => setTimeout(r, 100));
      assert.equal(said.length, 1);
    } finally {
      await undo();
      messages.restore();
      await state.update('sceneSnap.ignoredWorkspaceSettings', notifiedBefore);
    }
  });

  it('a workspace http.proxy or http.proxyStrictSSL is ignored too', async () => {
    const recorder = await startRecorder();
    const messages = captureMessages();
    let undo: (() => Promise<void>) | undefined;
    try {
      undo = await writeWorkspaceSettings({ 'http.proxy': recorder.url, 'http.proxyStrictSSL': false });
      const shot = await (await sceneSnap()).screenshotScene({ room: REF }, { preview: false });
      assert.ok(shot.url.startsWith(sandbox.fake.url));
      assert.deepEqual(recorder.seen, [], 'the workspace proxy saw nothing');
    } finally {
      await undo?.();
      messages.restore();
      await recorder.close();
    }
  });
});

describe('SecretStorage that rejects (Linux without a keyring)', () => {
  const FRESH = 'b0bafe11727911ebaea37759ee91947c';
  const sandbox = useSandbox({ 'sceneSnap.rooms': [{ uuid: REF, region: 'us-sv' }, { uuid: FRESH, region: 'us-sv' }], 'sceneSnap.openPreview': false });
  const FAILURE = new Error('Cannot create an item in a locked collection');

  afterEach(async () => {
    (await internals()).secrets.failWith = undefined;
  });

  it('a screenshot fails with noToken and says why; set and clear say why; nothing rejects unhandled', async () => {
    const parts = await internals();
    const messages = captureMessages();
    try {
      parts.secrets.failWith = FAILURE;
      // A room never looked up before: its token has to be read now.
      const fresh = FRESH;
      const err = await rejection((await sceneSnap()).screenshotScene({ room: fresh }, { preview: false }));
      assert.equal(err.code, 'noToken');
      assert.match(err.message, /secret storage \(Cannot create an item in a locked collection\).*keyring/);
      assert.equal(sandbox.fake.requests.length, 0, 'nothing was sent');

      assert.equal(await vscode.commands.executeCommand('sceneSnap.setToken', { room: fresh, token: sandbox.fake.roomToken(fresh, 'writer') }), undefined, 'a token that decodes, refused by SecretStorage: not stored');
      assert.equal(await vscode.commands.executeCommand('sceneSnap.clearToken', { room: fresh }), undefined);
      assert.ok(messages.shown.some((m) => /Could not store the token .*nothing was changed/.test(m)), messages.shown.join('\n'));
      assert.ok(messages.shown.some((m) => /Could not delete the token/.test(m)), messages.shown.join('\n'));

      // The tree still paints the room, saying the token cannot be read.
      const node = ((await parts.roomsTree.getChildren()) as RoomsTreeNode[]).find((n) => n.kind === 'room' && n.room.uuid === fresh)!;
      const item = await parts.roomsTree.getTreeItem(node);
      assert.match(String(item.description), /token unreadable/);

      // What needs no token keeps working: the rooms are listed, the history opens.
      assert.equal(((await parts.roomsTree.getChildren()) as RoomsTreeNode[]).length, 2);
      await vscode.commands.executeCommand('sceneSnap.showHistory');
    } finally {
      messages.restore();
    }
    parts.secrets.failWith = undefined;
    const again = await (await sceneSnap()).screenshotScene({ room: REF }, { preview: false });
    assert.ok(again.url, 'works again once SecretStorage does');
  });
});

describe('downloads use the API client\'s network path', () => {
  const sandbox = useSandbox({ 'sceneSnap.rooms': [{ uuid: REF, region: 'us-sv' }], 'sceneSnap.openPreview': false });

  after(closeAllEditors);

  it('Save PNG goes through http.proxy, like the API calls', async function () {
    this.timeout(30_000);
    const proxy = await startCountingProxy();
    const seen = proxy.seen;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-save-'));
    // The shot first, without a proxy: the download must open a connection of its own through it.
    await (await sceneSnap()).screenshotScene({ room: REF, path: '/test/cover', width: 32, height: 16 }, { preview: true });
    const manager = await previewManager();
    const preview = await eventually(() => manager.previews().find((p) => p.model.path === '/test/cover'), 'the preview');
    // Loopback by name always bypasses the proxy (src/core/api/transport.ts): the bucket is reached as 127.0.0.2,
    // this machine too (Linux answers the whole 127/8) but not by one of those names, forwarded to the fake.
    const forward = net.createServer((socket) => {
      const upstream = net.connect(sandbox.fake.port, '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => forward.listen(0, '127.0.0.2', resolve));
    const farHost = `127.0.0.2:${(forward.address() as AddressInfo).port}`;
    const restore = await configure({ 'http.proxy': proxy.url, 'http.noProxy': [] }, 'user');
    try {
      const target = vscode.Uri.file(path.join(dir, 'cover.png'));
      const scene = preview.model.scenes[0]!;
      const far = new URL(scene.url);
      far.host = farHost;
      await manager.actions.savePng(preview.model, { ...scene, url: far.href }, target);
      const saved = await readFile(target.fsPath);
      assert.equal(saved.subarray(1, 4).toString('latin1'), 'PNG');
      assert.deepEqual(seen, [`CONNECT ${farHost}`], 'the download went through the proxy');
    } finally {
      forward.close();
      await restore();
      await rm(dir, { recursive: true, force: true });
      await proxy.close();
    }
  });
});

describe('persisted state stays bounded', () => {
  const HUGE = 'f0f0f0f0727911ebaea37759ee91947c';
  const sandbox = useSandbox({ 'sceneSnap.rooms': [{ uuid: HUGE, region: 'us-sv' }], 'sceneSnap.openPreview': false });

  it('a 60,000-scene answer: the caller gets all, history keeps a bounded entry', async function () {
    this.timeout(60_000);
    const scenes = Array.from({ length: 60_000 }, (_, i) => `/huge/p${i}`);
    sandbox.fake.rooms.push({ uuid: HUGE, region: 'us-sv', name: 'Huge', scenes });
    const all = await (await sceneSnap()).screenshotSceneDirectory({ room: HUGE, path: '/huge' }, { preview: false });
    assert.equal(all.length, 60_000);
    const parts = await internals();
    const stored = parts.history.latest()!;
    assert.equal(stored.room, HUGE);
    assert.equal(stored.results.length + (stored.omitted ?? 0), 60_000);
    assert.ok(JSON.stringify(stored).length <= 512 * 1024, 'one entry ≤ 512 KiB');
    // What is persisted, once it is: the store writes 250 ms after a change (historyStore.ts), and read
    // before that, workspaceState holds the history of the tests before this one, which proves nothing.
    const persisted = await eventually(() => {
      const value = parts.workspaceState.get<Array<{ id: string; results: unknown[] }>>('sceneSnap.history');
      return value?.[0]?.id === stored.id ? value : undefined;
    }, 'the history write with this screenshot to land in workspaceState');
    assert.equal(persisted[0]!.results.length, stored.results.length, 'the bounded entry is what is stored');
    assert.ok(JSON.stringify(persisted[0]).length <= 512 * 1024, 'the stored entry ≤ 512 KiB');
    assert.ok(JSON.stringify(persisted).length <= 4 * 1024 * 1024, 'the history ≤ 4 MiB');
    // The next screenshot is recorded as usual.
    await (await sceneSnap()).screenshotSceneDirectory({ room: HUGE, path: '/huge' }, { preview: false });
    assert.notEqual(parts.history.latest()!.id, stored.id);
  });
});
