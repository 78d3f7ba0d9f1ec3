import * as assert from 'node:assert/strict';
import { OWNER_STATE_KEY, snapshotOwner } from '../../src/core/snapshots/snapshotOwner';

/** A window's workspaceState (a Memento): in memory, as VS Code keeps it between writes. */
class Memento {
  readonly values = new Map<string, unknown>();
  writes = 0;
  get<T>(key: string): T | undefined {
    return this.values.get(key) as T | undefined;
  }
  update(key: string, value: unknown): Promise<void> {
    this.writes++;
    this.values.set(key, value);
    return Promise.resolve();
  }
}

describe('snapshot owner (whose references a window writes in the store)', () => {
  it('is the workspace\'s storage URI when the window has one, and writes nothing', () => {
    const state = new Memento();
    assert.equal(snapshotOwner('file:///home/u/.config/Code/User/workspaceStorage/abc', state), 'file:///home/u/.config/Code/User/workspaceStorage/abc');
    assert.equal(state.writes, 0);
  });

  it('gives two folderless windows two owners, so that neither overwrites the other\'s references', () => {
    const first = snapshotOwner(undefined, new Memento());
    const second = snapshotOwner(undefined, new Memento());
    assert.notEqual(first, second);
    assert.notEqual(first, 'global');
    assert.match(first, /^window:[0-9a-f]{32}$/);
  });

  it('keeps a folderless window\'s owner in its workspaceState, beside its history: the same after a reload', () => {
    const state = new Memento();
    const first = snapshotOwner(undefined, state);
    assert.equal(state.get(OWNER_STATE_KEY), first);
    assert.equal(snapshotOwner(undefined, state), first);
    assert.equal(state.writes, 1);
  });

  it('replaces a stored owner that is not one it made', () => {
    const state = new Memento();
    void state.update(OWNER_STATE_KEY, 'global');
    const owner = snapshotOwner(undefined, state);
    assert.match(owner, /^window:[0-9a-f]{32}$/);
  });
});
