import * as assert from 'node:assert/strict';
import type { HistoryEntry } from '../../src/extension/history/historyEntries';
import { publicHistory } from '../../src/extension/history/publicHistory';

const HASH_A = 'a'.repeat(64);
const HASH_B = 'b'.repeat(64);

function scene(): HistoryEntry {
  return {
    id: 'h1', kind: 'scene', room: 'faed3130727911ebaea37759ee91947c', roomName: 'Design review', path: '/test/cover',
    width: 640, height: 480, region: 'us-sv', time: 1_764_633_600_000, durationMs: 120, pinned: true,
    results: [{ url: 'https://bucket.example/cover.png', key: 'cover.png', bucket: 'bucket', region: 'us-west-1' }],
    snapshots: [{ kind: 'kept', hash: HASH_A, width: 640, height: 480, bytes: 900, at: 1, blank: true }],
  };
}

function directory(): HistoryEntry {
  const results = ['a', 'b', 'c'].map((n) => ({ url: `https://bucket.example/deck/${n}.png`, key: `deck/${n}.png`, bucket: 'bucket', region: 'us-west-1' }));
  return {
    id: 'h2', kind: 'directory', room: 'faed3130727911ebaea37759ee91947c', path: '/deck', width: 320, height: 200, region: 'eu', time: 5, durationMs: 9, results, omitted: 4,
    // The last result has no ref (an entry at its size bound).
    snapshots: [{ kind: 'kept', hash: HASH_B, width: 320, height: 200, bytes: 700, at: 2 }, { kind: 'failed', code: 'forbidden', reason: 'The bucket answered 403.', status: 403 }],
  };
}

describe('history(): the public view of the history (DESIGN.md)', () => {
  it('names exactly the fields of the contract, in the same order as the history', () => {
    const [s, d] = publicHistory([scene(), directory()], () => true);
    assert.deepEqual(s, {
      id: 'h1', kind: 'scene', room: 'faed3130727911ebaea37759ee91947c', roomName: 'Design review', path: '/test/cover',
      width: 640, height: 480, region: 'us-sv', time: 1_764_633_600_000, pinned: true,
      results: [{ url: 'https://bucket.example/cover.png', kept: true, blank: true }],
    });
    assert.deepEqual(d, {
      id: 'h2', kind: 'directory', room: 'faed3130727911ebaea37759ee91947c', path: '/deck', width: 320, height: 200, region: 'eu', time: 5, pinned: false,
      results: [
        { url: 'https://bucket.example/deck/a.png', kept: true, blank: false },
        { url: 'https://bucket.example/deck/b.png', kept: false, blank: false },
        { url: 'https://bucket.example/deck/c.png', kept: false, blank: false },
      ],
    });
    assert.ok(!('roomName' in d!), 'no roomName key for a room without a name');
  });

  it('a kept copy no longer in the store is not kept; what it showed (blank) is still said', () => {
    const [s] = publicHistory([scene()], (hash) => hash !== HASH_A);
    assert.deepEqual(s!.results, [{ url: 'https://bucket.example/cover.png', kept: false, blank: true }]);
  });

  it('an entry of an older version, with no snapshots, has no kept copy', () => {
    const { snapshots: _none, ...old } = scene();
    assert.deepEqual(publicHistory([old], () => true)[0]!.results, [{ url: 'https://bucket.example/cover.png', kept: false, blank: false }]);
  });

  it('hands out copies: changing them changes no entry', () => {
    const entries = [scene()];
    const [s] = publicHistory(entries, () => true);
    s!.results.pop();
    s!.pinned = false;
    assert.equal(entries[0]!.results.length, 1);
    assert.equal(entries[0]!.pinned, true);
  });
});
