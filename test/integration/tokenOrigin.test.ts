import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { ClientProvider } from '../../src/extension/clientProvider';
import type { HistoryStore } from '../../src/extension/history/historyStore';
import { SceneCatalog } from '../../src/extension/rooms/sceneCatalog';
import { ScreenshotService } from '../../src/extension/screenshots/screenshotService';
import { TokenStore } from '../../src/extension/secrets/tokenStore';
import { apiBaseUrl } from '../../src/extension/settings';
import { configure, eventually, type FakeNetless, MemorySecrets, sceneSnap, startFake } from './support';
import { ROOMS } from '../support/rooms';

// Issue 21, point 8: a call reads the API origin once, takes the token stored for exactly that origin, and
// sends it only there, even when sceneSnap.apiBaseUrl changes while the call waits for SecretStorage.

const REF = ROOMS.reference; // us-sv

/** SecretStorage whose reads of room tokens wait until the test lets them go (a slow keyring). */
class HeldSecrets extends MemorySecrets {
  private release: (() => void) | undefined;
  private held: Promise<void> | undefined;
  waiting = 0;
  hold(): void {
    this.held = new Promise((resolve) => (this.release = resolve));
  }
  let(): void {
    this.release?.();
    this.held = undefined;
  }
  override async get(key: string) {
    if (this.held && key.includes('.room.')) {
      this.waiting++;
      await this.held;
    }
    return super.get(key);
  }
}

const silentLog = { info() {}, warn() {}, error() {}, debug() {}, trace() {} } as unknown as vscode.LogOutputChannel;

describe('a token goes only to the API origin it was stored for', () => {
  let a: FakeNetless;
  let b: FakeNetless;
  let secrets: HeldSecrets;
  let tokens: TokenStore;
  let clients: ClientProvider;
  let tokenA: string;
  let tokenB: string;
  const restores: Array<() => Promise<void>> = [];

  before(async () => {
    await sceneSnap();
    a = await startFake();
    b = await startFake();
    tokenA = a.sdkToken('writer');
    tokenB = b.sdkToken('writer');
    restores.push(await configure({ 'sceneSnap.apiBaseUrl': a.url, 'sceneSnap.defaultRegion': 'us-sv', 'sceneSnap.rooms': [{ uuid: REF }] }));
  });

  beforeEach(async () => {
    secrets = new HeldSecrets();
    tokens = new TokenStore(secrets, apiBaseUrl, vscode.workspace.onDidChangeConfiguration);
    clients = new ClientProvider();
    // Each origin its own SDK token, no room token anywhere: the call reads the room's, then the SDK's.
    await configure({ 'sceneSnap.apiBaseUrl': b.url });
    await tokens.set(undefined, tokenB);
    await configure({ 'sceneSnap.apiBaseUrl': a.url });
    await tokens.set(undefined, tokenA);
    a.clearRequests();
    b.clearRequests();
  });

  afterEach(async () => {
    secrets.let();
    clients.dispose();
    tokens.dispose();
    await configure({ 'sceneSnap.apiBaseUrl': a.url });
  });

  after(async () => {
    for (const restore of restores.reverse()) await restore();
    await a.close();
    await b.close();
  });

  /** Starts `call` at origin A, moves apiBaseUrl to B while it waits for the room token, then lets it go. */
  async function moveWhileWaiting(call: () => Promise<unknown>): Promise<void> {
    secrets.hold();
    const running = call().catch(() => undefined);
    await eventually(() => secrets.waiting > 0, 'the call to wait for its token');
    await configure({ 'sceneSnap.apiBaseUrl': b.url });
    secrets.let();
    await running;
    const sentToA = a.requests.map((r) => r.headers.token);
    assert.ok(!sentToA.includes(tokenB), "B's token went to A");
    assert.ok(!b.requests.some((r) => r.headers.token === tokenA), "A's token went to B");
    assert.deepEqual(sentToA, [tokenA], 'the call went to A, the origin it started with, with A’s token');
    assert.equal(b.requests.length, 0);
  }

  it('a screenshot', async () => {
    const service = new ScreenshotService({
      log: silentLog,
      tokens,
      clients,
      history: { add: async () => undefined } as unknown as HistoryStore,
      preview: { show: async () => undefined },
    });
    await moveWhileWaiting(() => service.take('scene', { room: REF, path: '/test/cover' }, { preview: false }));
  });

  it("a room's scene list (the Rooms tree)", async () => {
    const catalog = new SceneCatalog(tokens, clients);
    try {
      await moveWhileWaiting(() => catalog.scenes({ uuid: REF }));
    } finally {
      catalog.dispose();
    }
  });
});
