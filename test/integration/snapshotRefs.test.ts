import * as assert from 'node:assert/strict';
import { existsSync, statSync, utimesSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ClientProvider } from '../../src/extension/clientProvider';
import type { HistoryEntry } from '../../src/extension/history/historyEntries';
import type { HistoryStore } from '../../src/extension/history/historyStore';
import { SnapshotService } from '../../src/extension/snapshots/snapshotService';
import { OWNER_EXPIRY_MS, SnapshotStore } from '../../src/core/snapshots/snapshotStore';
import { encode, solid } from '../support/pngs';
import { eventually } from './support';

// Issue 21, point 5: the store forgets an owner whose refs file was not written for 30 days. A window in use
// (its history shown, its pins there) must keep its refs file fresh even when it takes no screenshot: else
// another window's next keep drops its references and removes its pinned snapshots.

const silentLog = { info() {}, warn() {}, error() {}, debug() {}, trace() {} } as unknown as vscode.LogOutputChannel;

/** A history of one pinned entry whose snapshot is kept, as a window restores it at startup. */
function historyOf(entry: HistoryEntry): HistoryStore {
  return {
    list: () => [entry],
    get: (id: string) => (id === entry.id ? entry : undefined),
    onDidChange: () => ({ dispose() {} }),
  } as unknown as HistoryStore;
}

describe('snapshot references of a window in use', () => {
  let folder: string;
  const disposables: vscode.Disposable[] = [];

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-refs-'));
  });
  afterEach(async () => {
    for (const d of disposables.splice(0)) d.dispose();
    await rm(folder, { recursive: true, force: true });
  });

  it("are written again in a session that takes no screenshot, so that a month without one does not cost the window its pins", async () => {
    const owner = 'file:///review/workspaceStorage/in-use';
    const seed = new SnapshotStore(folder);
    const png = encode(solid(8, 8, [10, 20, 30, 255]));
    const kept = await seed.put(png);
    await seed.setReferences(owner, { referenced: [kept.hash], pinned: [kept.hash] });
    // Last written 31 days ago: the window was used every day since, but took no screenshot.
    const [refsName] = (await readdir(path.join(folder, 'refs'))).filter((n) => n.endsWith('.json'));
    const refsFile = path.join(folder, 'refs', refsName!);
    const longAgo = new Date(Date.now() - OWNER_EXPIRY_MS - 24 * 3600 * 1000);
    utimesSync(refsFile, longAgo, longAgo);

    const entry = {
      id: 'e1',
      kind: 'scene',
      room: 'r',
      roomName: '',
      path: '/init',
      width: 8,
      height: 8,
      region: 'us-sv',
      time: Date.now(),
      durationMs: 1,
      pinned: true,
      results: [{ url: 'https://bucket.example/a.png', key: 'a', bucket: 'b', region: 'us-sv' }],
      snapshots: [{ kind: 'kept', hash: kept.hash, width: 8, height: 8, bytes: kept.bytes, at: Date.now() }],
    } as unknown as HistoryEntry;
    // The window starts (its history restored); the user looks at it but shoots nothing.
    const service = new SnapshotService({
      folder,
      storageUri: owner,
      workspaceState: { get: () => undefined, update: async () => undefined },
      history: historyOf(entry),
      clients: {} as ClientProvider,
      log: silentLog,
      referencesAtStartMs: 50,
    });
    disposables.push(service);

    await eventually(() => statSync(refsFile).mtimeMs > Date.now() - 60_000, 'the refs file written again in this session', 3000);
    // Another window keeps a screenshot: its trim reads every owner's references. The pin holds.
    const other = new SnapshotStore(folder);
    const report = await other.evict({ maxBytes: 0 });
    assert.equal(report.removed, 0, 'the pinned snapshot of a window in use was removed');
    assert.ok(existsSync(other.pathOf(kept.hash)));
    await service.idle();
  });

  it('are not written at startup by a window whose history keeps nothing (no I/O for a window that never kept one)', async () => {
    const service = new SnapshotService({
      folder,
      storageUri: 'file:///review/workspaceStorage/never-kept',
      workspaceState: { get: () => undefined, update: async () => undefined },
      history: historyOf({ id: 'e2', results: [] } as unknown as HistoryEntry),
      clients: {} as ClientProvider,
      log: silentLog,
      referencesAtStartMs: 50,
    });
    disposables.push(service);
    await new Promise((resolve) => setTimeout(resolve, 300));
    await service.idle();
    assert.deepEqual(await readdir(folder), []);
  });
});
