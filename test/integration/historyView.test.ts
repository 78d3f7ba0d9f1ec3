import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/history/historyEntries';
import { HistoryStore } from '../../src/history/historyStore';
import { HistoryProvider } from '../../src/history/historyView';
import { LastRequestMemory } from '../../src/screenshots/screenshotCommands';
import { eventually } from './support';

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
