import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { SceneSnapApi, SceneSnapTestInternals } from '../../src/extension/extension';
import { HISTORY_LIMIT, type HistoryEntry, type SnapshotRef } from '../../src/extension/history/historyEntries';
import { HistoryStore } from '../../src/extension/history/historyStore';
import { HistoryProvider } from '../../src/extension/history/historyView';
import { LastRequestMemory } from '../../src/extension/screenshots/screenshotCommands';
import { ROOMS } from '../support/rooms';
import { quickInput, quickPickRow, typeKeys } from '../support/runnerBridge';
import { closeAllEditors, previewManager } from './previewSupport';
import { ageSnapshots, configure, eventually, interceptMessages, internals, keptHashes, rejection, sceneSnap, useSandbox } from './support';

// The History view's rows, as VS Code shows them and as a screen reader reads them.

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, unknown>();
  keys() {
    return [...this.values.keys()];
  }
  get<T>(key: string, fallback?: T): T | undefined {
    return this.values.has(key) ? (this.values.get(key) as T) : fallback;
  }
  async update(key: string, value: unknown) {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, value);
  }
}

describe('the History view', () => {
  it("names the room by its name in the row, the tooltip and the screen-reader label, not by its uuid", async () => {
    const history = new HistoryStore(new MemoryMemento());
    const provider = new HistoryProvider(history);
    const entry: HistoryEntry = {
      id: 'h1',
      kind: 'scene',
      room: 'faed3130727911ebaea37759ee91947c',
      roomName: 'Design review',
      path: '/test/cover',
      width: 640,
      height: 480,
      region: 'us-sv',
      time: Date.now(),
      durationMs: 120,
      results: [{ url: 'https://bucket.example/cover.png', key: 'cover.png', bucket: 'bucket', region: 'us-west-1' }],
    };
    await history.add(entry);
    const item = provider.getTreeItem(provider.getChildren()[0]!);
    assert.equal(item.label, 'Design review · /test/cover');
    const tooltip = String(item.tooltip);
    const spoken = item.accessibilityInformation?.label ?? '';
    for (const text of [tooltip, spoken]) {
      assert.match(text, /Scene \/test\/cover of room Design review/);
      assert.ok(!text.includes(entry.room), `no uuid in ${text}`);
    }
    assert.match(spoken, /640×480 px, region us-sv, 1 image, just now/);
    // A room without a name is named by its uuid.
    await history.add({ ...entry, id: 'h2', roomName: undefined });
    assert.match(String(provider.getTreeItem(provider.getChildren()[0]!).tooltip), new RegExp(`of room ${entry.room}`));
    provider.dispose();
    history.dispose();
  });
});

describe('the History view rows tell entries apart (#25)', () => {
  const entry = (id: string, minutesAgo: number, over: Partial<HistoryEntry> = {}): HistoryEntry => ({
    id, kind: 'scene', room: 'faed3130727911ebaea37759ee91947c', roomName: 'Reference example', path: '/init', width: 1280, height: 720,
    region: 'us-sv', time: Date.now() - minutesAgo * 60_000, durationMs: 5,
    results: [{ url: `https://bucket.example/${id}.png`, key: `${id}.png`, bucket: 'bucket', region: 'us-west-1' }], ...over,
  });
  const kept = (c: string): SnapshotRef => ({ kind: 'kept', hash: c.repeat(64), width: 1280, height: 720, bytes: 10, at: 1 });

  it('the time comes first in the description, and an entry whose images were freed says so', async () => {
    const history = new HistoryStore(new MemoryMemento());
    const gone = new Set(['a'.repeat(64)]);
    const provider = new HistoryProvider(history, { goneReason: (hash) => (gone.has(hash) ? 'freed' : undefined) });
    await history.add(entry('old', 2, { snapshots: [kept('a')] }));
    await history.add(entry('new', 0, { snapshots: [kept('b')] }));
    const [newer, older] = provider.getChildren().map((e) => provider.getTreeItem(e));
    assert.match(String(newer!.description), /^just now · 1280×720/);
    assert.match(String(older!.description), /^2 min ago · 1280×720/);
    assert.match(String(older!.description), /image freed/);
    assert.doesNotMatch(String(newer!.description), /freed/);
    assert.match(String(older!.tooltip), /freed with Free Kept Snapshots/);
    provider.dispose();
    history.dispose();
  });

  it('each row\'s context menu has Open, Remove Entry and Copy URL, and they act on that row', async () => {
    const manifest = vscode.extensions.getExtension('scenesnap.scene-snap')!.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string; group?: string }>> } };
    const rowMenu = manifest.contributes.menus['view/item/context']!.filter((m) => /view == sceneSnap\.history/.test(m.when ?? '') && !/inline/.test(m.group ?? ''));
    for (const command of ['sceneSnap.openHistoryEntry', 'sceneSnap.removeHistoryEntry', 'sceneSnap.copyHistoryEntryUrl']) {
      assert.ok(rowMenu.some((m) => m.command === command), `${command} in the row's context menu`);
    }
    const t = await internals();
    const row = entry(`remove-me-${Date.now()}`, 1);
    await t.history.add(row);
    await vscode.commands.executeCommand('sceneSnap.copyHistoryEntryUrl', row.id);
    assert.equal(await vscode.env.clipboard.readText(), row.results[0]!.url);
    await vscode.commands.executeCommand('sceneSnap.removeHistoryEntry', row.id);
    assert.equal(t.history.get(row.id), undefined, 'the entry was removed');
  });
});

/** Counts the writes; the next one can be made to fail to persist (VS Code's Memento has the value by then). */
class CountingMemento extends MemoryMemento {
  writes = 0;
  failNext = false;
  override async update(key: string, value: unknown) {
    this.writes++;
    await super.update(key, value);
    if (this.failNext) {
      this.failNext = false;
      throw new Error('the state database is read-only');
    }
  }
}

function shot(id: string): HistoryEntry {
  return {
    id, kind: 'scene', room: 'faed3130727911ebaea37759ee91947c', path: '/test/cover', width: 640, height: 480, region: 'us-sv', time: Date.now(), durationMs: 5,
    results: [{ url: `https://bucket.example/${id}.png`, key: `${id}.png`, bucket: 'bucket', region: 'us-west-1' }],
  };
}

describe('the history store', () => {
  it('a change is in effect at once and written a moment later, one write for a burst of changes', async () => {
    const memento = new CountingMemento();
    const history = new HistoryStore(memento);
    let heard = 0;
    history.onDidChange(() => heard++);
    const added = [history.add(shot('a')), history.add(shot('b'))];
    const pinned = history.update('a', (e) => ({ ...e, pinned: true }));
    assert.deepEqual(history.list().map((e) => [e.id, e.pinned]), [['b', undefined], ['a', true]], 'in effect at once');
    assert.equal(memento.writes, 0, 'not written in the same turn (the screenshot resolves first)');
    assert.equal(heard, 0);
    await Promise.all(added);
    assert.equal((await pinned)?.pinned, true);
    assert.equal(memento.writes, 1, 'one write for the three changes');
    assert.equal(heard, 1);
    assert.deepEqual(memento.get<HistoryEntry[]>('sceneSnap.history')!.map((e) => e.id), ['b', 'a']);
    history.dispose();
  });

  it('a change not yet written is written when the store is disposed (the extension stops)', async () => {
    const memento = new CountingMemento();
    const history = new HistoryStore(memento);
    void history.add(shot('late'));
    history.dispose();
    assert.equal(memento.writes, 1);
    assert.deepEqual(memento.get<HistoryEntry[]>('sceneSnap.history')!.map((e) => e.id), ['late']);
    assert.deepEqual(new HistoryStore(memento).list().map((e) => e.id), ['late'], 'a new window reads it back');
  });

  it('a write that fails rejects the change\'s promise; the next change is written again', async () => {
    const memento = new CountingMemento();
    const history = new HistoryStore(memento);
    memento.failNext = true;
    await assert.rejects(history.add(shot('x')), /read-only/);
    await history.add(shot('y'));
    assert.deepEqual(memento.get<HistoryEntry[]>('sceneSnap.history')!.map((e) => e.id), ['y', 'x']);
    await history.clear();
    assert.deepEqual(history.list(), []);
    assert.equal(memento.get('sceneSnap.history'), undefined);
  });

  it('a list handed out is the caller\'s own: changing it changes nothing stored', async () => {
    const history = new HistoryStore(new MemoryMemento());
    await history.add(shot('one'));
    const list = history.list();
    list.pop();
    assert.deepEqual(history.list().map((e) => e.id), ['one']);
  });
});

describe('Repeat Last Screenshot\'s memory', () => {
  it('is in effect at once, written to the workspace state a moment later, and at once when the extension stops', async () => {
    const memento = new CountingMemento();
    const log = vscode.window.createOutputChannel('scene snap test: last request', { log: true });
    try {
      const last = new LastRequestMemory(memento, log);
      const request = { kind: 'scene' as const, args: { room: 'faed3130727911ebaea37759ee91947c', path: '/init', width: 64, height: 36, region: 'us-sv' } };
      last.set(request);
      assert.deepEqual(last.get(), request, 'what Repeat repeats, at once');
      assert.equal(memento.writes, 0, 'not written while the screenshot runs');
      await eventually(() => memento.writes === 1 || undefined, 'written a moment later');
      assert.deepEqual(memento.get('sceneSnap.lastRequest'), request);
      assert.deepEqual(new LastRequestMemory(memento, log).get(), request, 'the next window repeats it');

      const next = { ...request, args: { ...request.args, path: '/test/cover' } };
      last.set(next);
      last.dispose();
      assert.equal(memento.writes, 2, 'written when the extension stops');
      assert.deepEqual(memento.get('sceneSnap.lastRequest'), next);
    } finally {
      log.dispose();
    }
  });
});

describe('pins mean kept: the history store', () => {
  it('pins alone past the 50-entry bound: nothing pinned is dropped, and the user is told once, with Unpin', async () => {
    const messages = interceptMessages();
    const history = new HistoryStore(new MemoryMemento());
    try {
      // Not awaited one by one: each change is in effect at once, and written with the next ones.
      for (let i = 0; i < HISTORY_LIMIT; i++) void history.add({ ...shot(`pinned-${i}`), pinned: true });
      assert.equal(messages.shown.length, 0, 'within the bound: nothing said');
      await history.add({ ...shot('pinned-extra'), pinned: true });
      await history.add(shot('unpinned-1'));
      await history.add(shot('unpinned-2'));
      const ids = history.list().map((e) => e.id);
      assert.equal(ids.length, HISTORY_LIMIT + 2, 'all 51 pinned entries and the newest one');
      assert.equal(ids[0], 'unpinned-2');
      assert.ok(!ids.includes('unpinned-1'), 'the unpinned one before it went');
      assert.ok(ids.includes('pinned-0'), 'the oldest pinned entry stays');
      const warnings = messages.shown.filter((m) => /pinned screenshots alone fill the history/.test(m.text));
      assert.equal(warnings.length, 1, `told once: ${JSON.stringify(messages.shown)}`);
      assert.match(warnings[0]!.text, /at most 50 screenshots and 4 MB/);
      assert.match(warnings[0]!.text, /Unpin the screenshots you no longer need/);
      assert.deepEqual(warnings[0]!.items, ['Unpin Screenshots…']);
      // Back within the bound (all cleared), then past it again: told again.
      await history.clear();
      for (let i = 0; i <= HISTORY_LIMIT; i++) void history.add({ ...shot(`again-${i}`), pinned: true });
      assert.equal(messages.shown.filter((m) => /pinned screenshots alone fill the history/.test(m.text)).length, 2);
    } finally {
      messages.restore();
      history.dispose();
    }
  });

  it('clear({keepPinned}) keeps exactly the pinned entries', async () => {
    const history = new HistoryStore(new MemoryMemento());
    await history.add(shot('a'));
    await history.add({ ...shot('b'), pinned: true });
    await history.add(shot('c'));
    await history.clear({ keepPinned: true });
    assert.deepEqual(history.list().map((e) => e.id), ['b']);
    await history.clear();
    assert.deepEqual(history.list(), []);
    history.dispose();
  });
});

const REF = ROOMS.reference;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function keptHash(entry: HistoryEntry | undefined): string {
  const ref = entry?.snapshots?.[0] as SnapshotRef | undefined;
  assert.ok(ref?.kind === 'kept', `a kept snapshot: ${JSON.stringify(entry?.snapshots)}`);
  return ref.hash;
}

describe('pins mean kept, and the history in the public contract (in the extension)', function () {
  this.timeout(90_000);
  useSandbox({ 'sceneSnap.defaultRegion': 'us-sv', 'sceneSnap.snapshots.maxMegabytes': 500, 'sceneSnap.preview.reuse': false });
  let api: SceneSnapApi;
  let t: SceneSnapTestInternals;

  before(async () => {
    api = await sceneSnap();
    t = await internals();
  });

  beforeEach(async () => {
    await t.history.clear();
    await t.snapshots.idle();
  });

  afterEach(async () => {
    await t.snapshots.idle();
    await closeAllEditors();
  });

  // No pinned entry left behind: later suites' Clear History (Enter) would keep it.
  after(async () => {
    await t.history.clear();
  });

  async function shoot(req: Record<string, unknown>): Promise<HistoryEntry> {
    await api.screenshotScene({ room: REF, ...req }, { preview: false });
    await t.snapshots.idle();
    return t.history.latest()!;
  }

  it('a pinned entry survives the rotation of 55 newer screenshots, with its kept PNG still readable', async () => {
    const pinned = await shoot({ path: '/test/page1', width: 341, height: 200 });
    const hash = keptHash(pinned);
    assert.equal(await vscode.commands.executeCommand('sceneSnap.pinHistoryEntry', pinned.id), true);
    const gone = await shoot({ path: '/test/cover', width: 342, height: 200 });
    const goneHash = keptHash(gone);
    // 55 newer screenshots, recorded as the screenshot service records them (through the store's add).
    // Not awaited one by one: each is in effect at once, and written with the others.
    const added = Array.from({ length: 55 }, (_, i) => t.history.add({ ...gone, id: `rotation-${i}`, time: Date.now(), snapshots: undefined }));
    await Promise.all(added);
    const ids = t.history.list().map((e) => e.id);
    assert.equal(ids.length, HISTORY_LIMIT);
    assert.equal(ids[0], 'rotation-54');
    assert.ok(!ids.includes(gone.id), 'the unpinned entry rotated out');
    assert.equal(ids.at(-1), pinned.id, 'the pinned one, older than all of them, is still there');
    assert.equal(t.history.get(pinned.id)!.pinned, true);
    // The cap then removes what no entry pins; the pinned PNG stays, readable and intact.
    const restore = await configure({ 'sceneSnap.snapshots.maxMegabytes': 0.000001 });
    try {
      await eventually(async () => !(await keptHashes(t.snapshotFolder)).includes(goneHash) || undefined, 'the rotated-out PNG evicted');
      const bytes = await t.snapshots.bytes(hash);
      assert.ok(bytes, 'the pinned PNG is still kept');
      assert.equal(sha256(bytes), hash);
    } finally {
      await restore();
    }
    // The exported API says so too.
    const listed = (await api.history()).find((e) => e.id === pinned.id);
    assert.deepEqual(listed && { pinned: listed.pinned, results: listed.results }, { pinned: true, results: [{ url: pinned.results[0]!.url, kept: true, blank: false }] });
  });

  it('Clear History keeps pinned entries and their PNGs by default; Clear All Including Pinned clears them too', async () => {
    const pinned = await shoot({ path: '/test/page1', width: 343, height: 200 });
    const other = await shoot({ path: '/test/cover', width: 344, height: 200 });
    const [pinnedHash, otherHash] = [keptHash(pinned), keptHash(other)];
    await vscode.commands.executeCommand('sceneSnap.pinHistoryEntry', pinned.id);

    // Past the store's grace (another window is not keeping the same PNGs), so clearing frees them at once.
    await ageSnapshots(t.snapshotFolder);
    // Enter takes the first answer: Clear Unpinned.
    const cleared = vscode.commands.executeCommand('sceneSnap.clearHistory');
    await typeKeys(quickPickRow('Clear Unpinned'), undefined, 'Enter');
    await cleared;
    await t.snapshots.idle();
    assert.deepEqual(t.history.list().map((e) => e.id), [pinned.id]);
    const kept = await keptHashes(t.snapshotFolder);
    assert.ok(kept.includes(pinnedHash), 'the pinned PNG stays');
    assert.ok(!kept.includes(otherHash), 'the cleared PNG is gone');
    assert.equal(sha256((await t.snapshots.bytes(pinnedHash))!), pinnedHash);

    // Now only pinned ones are left: Clear History then Enter, as the first time, keeps them too.
    const again = vscode.commands.executeCommand('sceneSnap.clearHistory');
    await typeKeys(quickPickRow('Clear All Including Pinned'), undefined, 'Enter');
    await again;
    await t.snapshots.idle();
    assert.deepEqual(t.history.list().map((e) => e.id), [pinned.id], 'Enter on the question of an all-pinned history cleared the pins');

    // Clearing them is asked for by name (reading it above used it: age it again).
    await ageSnapshots(t.snapshotFolder);
    const all = vscode.commands.executeCommand('sceneSnap.clearHistory');
    await typeKeys(quickPickRow('Clear All Including Pinned'), 'Clear All Including Pinned', 'Enter');
    await all;
    await t.snapshots.idle();
    assert.deepEqual(t.history.list(), []);
    // Released at the store's next trim, which may come a moment after the command resolved.
    await eventually(async () => !(await keptHashes(t.snapshotFolder)).includes(pinnedHash) || undefined, 'cleared on request, its PNG released');
  });

  it('history() hands out the entries newest first, with the contract\'s fields and never a token', async () => {
    const scene = await shoot({ path: '/test/cover', width: 345, height: 200 });
    await api.screenshotSceneDirectory({ room: REF, path: '/test', width: 346, height: 200 }, { preview: false });
    await t.snapshots.idle();
    const dir = t.history.latest()!;
    const list = await api.history();
    assert.deepEqual(list.map((e) => e.id), [dir.id, scene.id]);
    assert.deepEqual(list[1], {
      id: scene.id, kind: 'scene', room: REF, path: '/test/cover', width: 345, height: 200, region: 'us-sv', time: scene.time, pinned: false,
      results: [{ url: scene.results[0]!.url, kept: true, blank: false }],
    });
    assert.equal(list[0]!.kind, 'directory');
    assert.deepEqual(list[0]!.results.map((r) => r.url), dir.results.map((r) => r.url));
    assert.ok(list[0]!.results.length >= 2 && list[0]!.results.every((r) => r.kept));
    assert.ok(!JSON.stringify(list).includes('NETLESS'), 'nothing token-like');
    // A kept PNG the cap removed since is no longer kept.
    const restore = await configure({ 'sceneSnap.snapshots.maxMegabytes': 0.000001 });
    try {
      await eventually(async () => ((await api.history()).every((e) => e.results.every((r) => !r.kept)) ? true : undefined), 'kept: false once evicted');
    } finally {
      await restore();
    }
  });

  it('sceneSnap.openHistoryEntry {id} opens that entry\'s preview; an unknown id is told and rejects invalidInput (the contract)', async () => {
    const entry = await shoot({ path: '/test/cover', width: 347, height: 200 });
    await vscode.commands.executeCommand('sceneSnap.openHistoryEntry', { id: entry.id });
    const manager = await previewManager();
    await eventually(() => manager.previews().some((p) => p.entry.id === entry.id) || undefined, 'the preview of the entry');

    // A hover's Open Last Screenshot link or a row drawn before the entry was removed: VS Code drops a
    // command link's rejection into its console, so the user saw nothing. The command says why itself, and
    // still rejects invalidInput as DESIGN.md's contract says, for other extensions.
    const messages = interceptMessages();
    try {
      for (const arg of [{ id: 'no-such-entry' }, 'no-such-entry']) {
        const unknown = await rejection(Promise.resolve(vscode.commands.executeCommand('sceneSnap.openHistoryEntry', arg)));
        assert.equal(unknown.code, 'invalidInput');
      }
      assert.equal(messages.shown.length, 2);
      for (const shown of messages.shown) assert.equal(shown.text, 'No screenshot in the history has the id "no-such-entry": it may have been removed from the history (Remove, Clear History) or rotated out.');
      // The row commands that share it say the same.
      assert.equal((await rejection(Promise.resolve(vscode.commands.executeCommand('sceneSnap.removeHistoryEntry', 'no-such-entry')))).code, 'invalidInput');
      assert.equal(messages.shown.length, 3);
    } finally {
      messages.restore();
    }
    const malformed = await rejection(Promise.resolve(vscode.commands.executeCommand('sceneSnap.openHistoryEntry', { id: 42 })));
    assert.equal(malformed.code, 'invalidInput');
    assert.equal(manager.previews().filter((p) => p.entry.id === 'no-such-entry').length, 0);
  });

  it('from the palette, sceneSnap.openHistoryEntry asks which screenshot with a quick pick', async () => {
    await shoot({ path: '/test/page1', width: 348, height: 200 });
    const wanted = await shoot({ path: '/test/cover', width: 349, height: 200 });
    await closeAllEditors();
    const opened = vscode.commands.executeCommand('sceneSnap.openHistoryEntry');
    await typeKeys(quickInput('Pick a screenshot of the history to open'), '/test/cover', 'Enter');
    await opened;
    const manager = await previewManager();
    await eventually(() => manager.previews().some((p) => p.entry.id === wanted.id) || undefined, 'the preview of the picked entry');
  });
});
