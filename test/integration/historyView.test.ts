import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { HistoryEntry } from '../../src/history/historyEntries';
import { HistoryStore } from '../../src/history/historyStore';
import { HistoryProvider } from '../../src/history/historyView';

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
