import * as assert from 'node:assert/strict';
import { type HistoryEntry, HISTORY_LIMIT, prepend, readEntries } from '../../src/history/historyEntries';

function entry(id: string): HistoryEntry {
  return {
    id, kind: 'scene', room: 'r1', path: '/init', width: 640, height: 480, region: 'us-sv', time: 1, durationMs: 5,
    results: [{ url: 'https://b.example/x.png', key: 'x.png', bucket: 'b', region: 'oss' }],
  };
}

describe('history entries', () => {
  it('puts the newest first and keeps at most 50', () => {
    let list: HistoryEntry[] = [];
    for (let i = 0; i < 60; i++) list = prepend(list, entry(`e${i}`));
    assert.equal(HISTORY_LIMIT, 50);
    assert.equal(list.length, 50);
    assert.equal(list[0]!.id, 'e59');
    assert.equal(list[49]!.id, 'e10');
  });

  it('replaces an entry of the same id instead of listing it twice', () => {
    const list = prepend(prepend([entry('a'), entry('b')], entry('b')), entry('c'));
    assert.deepEqual(list.map((e) => e.id), ['c', 'b', 'a']);
  });

  it('reads back only well-formed entries from stored state', () => {
    const good = entry('good');
    const stored = [good, { ...good, id: 5 }, { ...good, results: [{ url: 'x' }] }, null, 'junk', { ...good, kind: 'other' }];
    assert.deepEqual(readEntries(stored), [good]);
    assert.deepEqual(readEntries(undefined), []);
    assert.deepEqual(readEntries({ not: 'a list' }), []);
  });
});
