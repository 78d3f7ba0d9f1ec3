import * as assert from 'node:assert/strict';
import { type HistoryEntry, type SnapshotRef, ENTRY_MAX_BYTES, HISTORY_LIMIT, HISTORY_MAX_BYTES, boundedEntry, pinsOverBound, prepend, readEntries, replaceEntry } from '../../src/extension/history/historyEntries';

function entry(id: string): HistoryEntry {
  return {
    id, kind: 'scene', room: 'r1', path: '/init', width: 640, height: 480, region: 'us-sv', time: 1, durationMs: 5,
    results: [{ url: 'https://b.example/x.png', key: 'x.png', bucket: 'b', region: 'oss' }],
  };
}

/** A directory answer the size of a real big deck: `count` results with realistic bucket URLs and keys. */
function directory(id: string, count: number): HistoryEntry {
  const results = Array.from({ length: count }, (_, i) => ({
    url: `https://whiteboard-shots.oss-cn-hangzhou.aliyuncs.com/room_cover/2811/faed3130727911ebaea37759ee91947c/deck/page${i}.png`,
    key: `room_cover/2811/faed3130727911ebaea37759ee91947c/deck/page${i}.png`,
    bucket: 'whiteboard-shots',
    region: 'oss-cn-hangzhou',
  }));
  return { ...entry(id), kind: 'directory', path: '/deck', results };
}

describe('history entries: bounded in bytes', () => {
  it('a 60,000-scene answer is kept within ENTRY_MAX_BYTES, with the count of what was left out', () => {
    const huge = directory('huge', 60_000);
    const kept = boundedEntry(huge);
    const size = JSON.stringify(kept).length;
    assert.ok(size <= ENTRY_MAX_BYTES, `${size} > ${ENTRY_MAX_BYTES}`);
    assert.ok(size > ENTRY_MAX_BYTES * 0.6, 'fills the room it has, beside the room its snapshots will take');
    assert.ok(kept.results.length > 1000, `${kept.results.length} results kept`);
    assert.equal(kept.results.length + kept.omitted!, 60_000);
    assert.deepEqual(kept.results.slice(0, 3), huge.results.slice(0, 3), 'the first scenes, in order');
    assert.equal(huge.results.length, 60_000, 'the answer itself is not changed');
    assert.deepEqual(readEntries([kept]), [kept], 'reads back');
  });

  it('keeps snapshots in step with the results it keeps, and reads back only well-formed ones', () => {
    const huge = directory('snaps', 10_000);
    const withSnaps: HistoryEntry = { ...huge, snapshots: huge.results.map((_, i) => ({ kind: 'kept', hash: 'a'.repeat(63) + (i % 10), width: 8, height: 8, bytes: 99, at: 1 })) };
    const kept = boundedEntry(withSnaps);
    assert.ok(JSON.stringify(kept).length <= ENTRY_MAX_BYTES);
    assert.equal(kept.snapshots!.length, kept.results.length);
    assert.deepEqual(readEntries([kept]), [kept]);
    const failed: HistoryEntry = { ...entry('f'), snapshots: [{ kind: 'failed', code: 'forbidden', reason: 'The bucket answered 403: is it public-read?', status: 403 }], pinned: true };
    assert.deepEqual(readEntries([failed]), [failed]);
    assert.deepEqual(readEntries([{ ...entry('bad'), snapshots: [{ kind: 'kept', hash: 'not-a-hash', width: 1, height: 1, bytes: 1, at: 1 }] }]), []);
    assert.deepEqual(readEntries([{ ...entry('long'), snapshots: [failed.snapshots![0]!, failed.snapshots![0]!] }]), [], 'at most one snapshot per result');
    const short = { ...directory('short', 3), snapshots: [failed.snapshots![0]!] };
    assert.deepEqual(readEntries([short]), [short], 'the last results may have none (an entry at its bound)');
  });

  it('an entry that fits is kept as it is', () => {
    const small = directory('small', 100);
    assert.equal(boundedEntry(small), small);
  });

  it('the whole history stays within HISTORY_MAX_BYTES, dropping the oldest, whatever came before', function () {
    // Megabytes of JSON sized and cut: ~2 s on a quiet machine, past mocha's 10 s on a loaded one (seen in a CI run).
    this.timeout(60_000);
    let list: HistoryEntry[] = [];
    for (let i = 0; i < 20; i++) list = prepend(list, directory(`d${i}`, 60_000));
    const total = JSON.stringify(list).length;
    assert.ok(total <= HISTORY_MAX_BYTES, `${total} > ${HISTORY_MAX_BYTES}`);
    assert.equal(list[0]!.id, 'd19');
    assert.ok(list.length >= 7 && list.length < 20, `${list.length} entries`);
    for (let i = 0; i < 50; i++) list = prepend(list, entry(`s${i}`));
    assert.equal(list.length, 50);
    assert.ok(JSON.stringify(list).length < 50 * 1024, 'small entries push the big ones out');
  });
});

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

/** The biggest ref a kept PNG gets: a 10000×10000 blank screenshot of 64 MiB. */
function biggestKeptRef(i: number): SnapshotRef {
  return { kind: 'kept', hash: i.toString(16).padStart(64, 'f'), width: 10_000, height: 10_000, bytes: 64 * 1024 * 1024, at: 1_764_633_600_000 + i, blank: true };
}

describe('history entries: recording snapshots later', () => {
  it('a big directory bounded when it was shot keeps every result once its snapshots are recorded', () => {
    const shot = boundedEntry(directory('deck', 60_000));
    const list = replaceEntry([shot], 'deck', (e) => ({ ...e, snapshots: e.results.map((_, i) => biggestKeptRef(i)) }));
    const stored = list!.find((e) => e.id === 'deck')!;
    assert.equal(stored.results.length, shot.results.length, 'no result is pushed out by its own snapshots');
    assert.equal(stored.omitted, shot.omitted);
    assert.equal(stored.snapshots!.length, stored.results.length, 'every snapshot recorded');
    assert.ok(JSON.stringify(stored).length <= ENTRY_MAX_BYTES);
  });

  it('snapshots that do not fit are left off the last results, never the results themselves', () => {
    // An entry of an older version, bounded without room for snapshots.
    const results = directory('old', 3000).results;
    const full = { ...directory('old', 0), results };
    let size = JSON.stringify({ ...full, results: [] }).length - 1;
    let fit = 0;
    while (size + JSON.stringify(results[fit]).length + 1 <= ENTRY_MAX_BYTES) size += JSON.stringify(results[fit++]).length + 1;
    const old = { ...full, results: results.slice(0, fit) };
    const list = replaceEntry([entry('newer'), old], 'old', (e) => ({ ...e, snapshots: e.results.map((_, i) => biggestKeptRef(i)) }));
    const stored = list!.find((e) => e.id === 'old')!;
    assert.deepEqual(stored.results, old.results, 'all its results stay');
    assert.ok(stored.snapshots!.length > 0 && stored.snapshots!.length < stored.results.length, `${stored.snapshots!.length} of ${stored.results.length} recorded`);
    assert.deepEqual(stored.snapshots, old.results.slice(0, stored.snapshots!.length).map((_, i) => biggestKeptRef(i)), 'the first ones, in order');
    assert.ok(JSON.stringify(stored).length <= ENTRY_MAX_BYTES);
    assert.deepEqual(readEntries(list), list, 'reads back');
  });

  it('the whole history stays within HISTORY_MAX_BYTES when an entry grows, the oldest going first', function () {
    // Megabytes of JSON sized and cut: ~2 s on a quiet machine, past mocha's 10 s on a loaded one (seen in a CI run).
    this.timeout(60_000);
    let list: HistoryEntry[] = [];
    for (let i = 0; i < 20; i++) list = prepend(list, directory(`d${i}`, 60_000));
    const before = list.length;
    const grown = replaceEntry(list, 'd19', (e) => ({ ...e, snapshots: e.results.map((_, i) => biggestKeptRef(i)) }))!;
    assert.ok(JSON.stringify(grown).length <= HISTORY_MAX_BYTES, `${JSON.stringify(grown).length} > ${HISTORY_MAX_BYTES}`);
    assert.equal(grown[0]!.id, 'd19');
    assert.equal(grown[0]!.snapshots!.length, grown[0]!.results.length);
    assert.ok(grown.length < before, `${grown.length} of ${before} entries: an old one made room`);
    assert.deepEqual(grown.map((e) => e.id), list.slice(0, grown.length).map((e) => e.id), 'the oldest go, in order');
  });

  it('an id no longer listed changes nothing', () => {
    assert.equal(replaceEntry([entry('a')], 'gone', (e) => ({ ...e, pinned: true })), undefined);
  });

  it('keeps the id whatever the change returns', () => {
    const list = replaceEntry([entry('a')], 'a', (e) => ({ ...e, id: 'other', pinned: true }))!;
    assert.deepEqual(list.map((e) => [e.id, e.pinned]), [['a', true]]);
  });
});

describe('history entries: pins mean kept', () => {
  const pinned = (e: HistoryEntry): HistoryEntry => ({ ...e, pinned: true });
  /** A 60,000-scene directory as history keeps it (bounded once: bounding is the slow part). */
  let bounded: HistoryEntry | undefined;
  const big = (id: string): HistoryEntry => ({ ...(bounded ??= boundedEntry(directory('big', 60_000))), id });

  it('the 51st entry pushes out the oldest unpinned one, never a pinned one', () => {
    let list: HistoryEntry[] = [pinned(entry('oldest-pinned'))];
    for (let i = 0; i < 48; i++) list = prepend(list, entry(`e${i}`));
    list = prepend(list, pinned(entry('middle-pinned')));
    assert.equal(list.length, 50);
    list = prepend(list, entry('51st'));
    assert.equal(list.length, 50);
    assert.equal(list[0]!.id, '51st');
    assert.ok(list.some((e) => e.id === 'oldest-pinned'), 'the oldest entry, pinned, stays');
    assert.ok(list.some((e) => e.id === 'middle-pinned'));
    assert.ok(!list.some((e) => e.id === 'e0'), 'the oldest unpinned one went instead');
    assert.equal(list.at(-1)!.id, 'oldest-pinned', 'still last: its place in time');
    assert.equal(pinsOverBound(list), false);
  });

  it('a big pinned entry stays within the 4 MiB bound; unpinned big ones go around it', () => {
    let list = prepend([], pinned(big('big-pinned')));
    for (let i = 0; i < 20; i++) list = prepend(list, big(`d${i}`));
    assert.ok(list.some((e) => e.id === 'big-pinned'), 'the pinned directory survived 20 big ones');
    assert.equal(list.at(-1)!.id, 'big-pinned');
    const total = JSON.stringify(list).length;
    assert.ok(total <= HISTORY_MAX_BYTES, `${total} > ${HISTORY_MAX_BYTES}`);
    assert.equal(list[0]!.id, 'd19');
    assert.ok(!list.some((e) => e.id === 'd0'), 'the oldest unpinned went');
    assert.equal(pinsOverBound(list), false);
  });

  it('when an entry grows, an unpinned one makes room, not a pinned one', () => {
    let list = prepend([], pinned(big('p')));
    for (let i = 0; i < 20; i++) list = prepend(list, big(`d${i}`));
    assert.equal(list.at(-1)!.id, 'p', 'the history is full, its pinned entry last');
    const grown = replaceEntry(list, 'd19', (e) => ({ ...e, snapshots: e.results.map((_, i) => biggestKeptRef(i)) }))!;
    assert.equal(grown[0]!.snapshots!.length, grown[0]!.results.length);
    assert.ok(grown.length < list.length, `${grown.length} of ${list.length} entries: one made room`);
    const gone = list.filter((e) => !grown.some((g) => g.id === e.id)).map((e) => e.id);
    assert.deepEqual(grown.map((e) => e.id), [...list.slice(0, grown.length - 1).map((e) => e.id), 'p'], `the oldest unpinned went (${gone.join(' ')}), the pinned one stays`);
    assert.ok(JSON.stringify(grown).length <= HISTORY_MAX_BYTES);
  });

  it('pins alone over the bound: nothing pinned is dropped, and the caller is told to warn', () => {
    let list: HistoryEntry[] = [];
    for (let i = 0; i < 55; i++) list = prepend(list, pinned(entry(`p${i}`)));
    assert.equal(list.length, 55, 'all 55 pinned entries stay');
    assert.equal(pinsOverBound(list), true);
    list = prepend(list, entry('new'));
    assert.equal(list.length, 56, 'the newest stays too');
    list = prepend(list, entry('newer'));
    assert.deepEqual(list.slice(0, 2).map((e) => e.id), ['newer', 'p54'], 'the unpinned one before it went');
    assert.equal(list.length, 56);

    let pins: HistoryEntry[] = [];
    for (let i = 0; i < 16; i++) pins = prepend(pins, pinned(big(`bp${i}`)));
    assert.equal(pins.length, 16, 'over 4 MiB of pinned directories, all kept');
    assert.ok(JSON.stringify(pins).length > HISTORY_MAX_BYTES);
    assert.equal(pinsOverBound(pins), true);
  });

  it('over the bound only because of an unpinned newest entry is not the pins\' doing', () => {
    const list = [big('huge-new')];
    assert.equal(pinsOverBound(list, HISTORY_LIMIT, 1000), false);
    assert.equal(pinsOverBound([pinned(entry('a')), entry('b')], 1), true);
    assert.equal(pinsOverBound([entry('a'), entry('b')], 1), false);
  });
});

describe('history entries: a whole room (#22)', () => {
  const room = (): HistoryEntry => ({
    ...entry('room'), kind: 'room', path: '/',
    groups: [{ directory: '/', count: 1 }, { directory: '/broken', count: 0, error: { code: 'serverError', message: 'boom' } }],
  });

  it('reads back a room entry with its directory groups, failed ones with their reason', () => {
    assert.deepEqual(readEntries([room()]), [room()]);
  });

  it('drops malformed groups, and groups on an entry that is not a room', () => {
    assert.deepEqual(readEntries([{ ...room(), groups: [{ directory: '/', count: 'one' }] }]), []);
    assert.deepEqual(readEntries([{ ...room(), groups: [{ directory: '/', count: 0, error: { code: 'x' } }] }]), []);
    assert.deepEqual(readEntries([{ ...entry('d'), kind: 'directory', groups: [] }]), []);
  });
});
