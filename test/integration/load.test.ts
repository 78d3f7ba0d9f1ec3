import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { internals, useSandbox } from './support';
import { ROOMS } from '../support/rooms';

// Twenty screenshot commands at once against a service with random latencies: all complete, each with its
// own scene's result, and the history holds all twenty.

const DECK = ROOMS.deck; // eu; /deck/slide-0001 … slide-1000

describe('load: 20 screenshot commands at once', function () {
  this.timeout(60_000);
  const sandbox = useSandbox({
    'sceneSnap.rooms': [{ uuid: DECK, region: 'eu' }],
    'sceneSnap.openPreview': false,
    'sceneSnap.requestTimeoutSeconds': 20,
  });

  before(async () => {
    await (await internals()).history.clear();
  });

  it('completes all 20 with the right results, and the history holds 20 entries', async () => {
    const { history } = await internals();
    const before = new Set(history.list().map((e) => e.id));
    // Each request takes the next fault: a random latency from 0 to 400 ms.
    for (let i = 0; i < 20; i++) sandbox.fake.setFault({ room: DECK, endpoint: 'screenshots', latencyMs: Math.floor(Math.random() * 400), times: 1 });
    const scenes = Array.from({ length: 20 }, (_, i) => `/deck/slide-${String(i + 1).padStart(4, '0')}`);
    const results = await Promise.all(
      scenes.map((path) => vscode.commands.executeCommand<{ key: string; url: string }>('sceneSnap.screenshotScene', { room: DECK, path, width: 320, height: 180 })),
    );
    results.forEach((r, i) => {
      assert.ok(r, `command ${i} resolved to a result`);
      assert.ok(r.key.endsWith(`${scenes[i]}.png`), `command ${i} got ${r.key}`);
    });
    assert.equal(sandbox.fake.requests.filter((r) => r.endpoint === 'screenshots').length, 20);
    const added = history.list().filter((e) => !before.has(e.id));
    assert.equal(added.length, 20, 'twenty new history entries');
    assert.deepEqual(added.map((e) => e.path).sort(), [...scenes].sort());
    for (const e of added) assert.ok(e.results[0]!.key.endsWith(`${e.path}.png`), `entry ${e.path} holds its own result`);
  });
});
