import * as assert from 'node:assert/strict';
import type { HistoryEntry, SnapshotRef } from '../../src/extension/history/historyEntries';
import { buildCompareCsp, renderComparePage } from '../../src/extension/compareView/page';
import { commonScenes, directoryBadges, earlierScenes, keptScenes, pairKind, previousDirectory, previousOf, sceneOf } from '../../src/extension/compareView/pairs';
import { readCompareState, readReadyPage, readThresholdMessage } from '../../src/extension/compareView/protocol';
import { validatePageMessage } from '../../src/extension/preview/messages';

const ROOM = 'aaaabbbbccccddddeeeeffff00001111';
const hash = (c: string) => c.repeat(64);
const kept = (c: string): SnapshotRef => ({ kind: 'kept', hash: hash(c), width: 10, height: 10, bytes: 100, at: 1 });
const failed: SnapshotRef = { kind: 'failed', code: 'network', reason: 'down' };

function entry(id: string, time: number, o: Partial<HistoryEntry> & { scenes?: string[]; refs?: SnapshotRef[] } = {}): HistoryEntry {
  const kind = o.kind ?? 'scene';
  const path = o.path ?? '/init';
  const room = o.room ?? ROOM;
  const scenes = o.scenes ?? [path];
  const results = scenes.map((s) => ({ url: `https://b.example/${room}${s}.png`, key: `c/${room}${s}.png`, bucket: 'b', region: 'us-sv' }));
  return { id, kind, room, path, width: 10, height: 10, region: 'us-sv', time, durationMs: 1, results, ...(o.refs ? { snapshots: o.refs } : {}) };
}

describe('compare pairs (which kept snapshots a compare sets side by side)', () => {
  it('keeps only kept scenes, with their scene paths', () => {
    const d = entry('d', 1, { kind: 'directory', path: '/deck', scenes: ['/deck/1', '/deck/2'], refs: [kept('a'), failed] });
    assert.deepEqual(keptScenes(d).map((s) => [s.scenePath, s.index]), [['/deck/1', 0]]);
    assert.deepEqual(keptScenes(entry('x', 1)), []);
    assert.equal(sceneOf(d), undefined, 'a directory needs a scene path');
    assert.equal(sceneOf(d, '/deck/1')?.snapshot.hash, hash('a'));
    assert.equal(sceneOf(entry('s', 1, { refs: [kept('b')] }))?.scenePath, '/init');
  });

  it('the previous shot is the last earlier entry of the same room and scene that kept an image', () => {
    const now = entry('now', 40, { refs: [kept('d')] });
    const list = [
      now,
      entry('other-room', 30, { room: 'ffffffffffffffffffffffffffffffff', refs: [kept('c')] }),
      entry('no-image', 25, { refs: [failed] }),
      entry('other-path', 20, { path: '/p2', refs: [kept('b')] }),
      entry('dir', 15, { kind: 'directory', path: '/', scenes: ['/init'], refs: [kept('e')] }),
      entry('old', 10, { refs: [kept('a')] }),
    ];
    assert.equal(previousOf(list, sceneOf(now)!)?.entry.id, 'dir', 'a directory shot of the same scene counts');
    assert.equal(previousOf(list.filter((e) => e.id !== 'dir'), sceneOf(now)!)?.entry.id, 'old');
    assert.equal(previousOf([now], sceneOf(now)!), undefined);
    // Every candidate, newest first: the host takes the first whose image the store still holds.
    assert.deepEqual([...earlierScenes(list, sceneOf(now)!)].map((s) => s.entry.id), ['dir', 'old']);
  });

  it('pairs of other rooms or paths are named; directories line up by scene path', () => {
    const a = sceneOf(entry('a', 1, { refs: [kept('a')] }))!;
    assert.equal(pairKind(a, sceneOf(entry('b', 2, { refs: [kept('b')] }))!), 'same');
    assert.equal(pairKind(a, sceneOf(entry('c', 2, { path: '/x', refs: [kept('b')] }))!), 'otherPath');
    assert.equal(pairKind(a, sceneOf(entry('d', 2, { room: 'ffffffffffffffffffffffffffffffff', refs: [kept('b')] }))!), 'otherRoom');
    const d1 = entry('d1', 1, { kind: 'directory', path: '/d', scenes: ['/d/1', '/d/2', '/d/3'], refs: [kept('a'), kept('b'), kept('c')] });
    const d2 = entry('d2', 2, { kind: 'directory', path: '/d', scenes: ['/d/2', '/d/3', '/d/4'], refs: [kept('b'), kept('e'), kept('f')] });
    assert.deepEqual(commonScenes(d1, d2), ['/d/2', '/d/3']);
    assert.equal(previousDirectory([d2, d1], d2)?.id, 'd1');
    const badges = directoryBadges(d1, d2, new Map([['/d/3', 0.25]]));
    assert.deepEqual(badges, [
      { scenePath: '/d/2', status: 'unchanged' },
      { scenePath: '/d/3', status: 'changed', ratio: 0.25 },
      { scenePath: '/d/4', status: 'new' },
      { scenePath: '/d/1', status: 'gone' },
    ]);
  });

  it('a scene that could not be compared is badged failed with its reason, never "changed NaN %"', () => {
    const d1 = entry('d1', 1, { kind: 'directory', path: '/d', scenes: ['/d/1', '/d/2', '/d/3', '/d/4'], refs: [kept('a'), kept('b'), kept('c'), kept('d')] });
    const d2 = entry('d2', 2, { kind: 'directory', path: '/d', scenes: ['/d/1', '/d/2', '/d/3', '/d/4'], refs: [kept('e'), kept('f'), kept('1'), kept('2')] });
    // /d/1 compared; /d/2's kept file vanished (no outcome at all); /d/3's compare failed; /d/4 gave a NaN.
    const outcomes = new Map<string, number | { failed: string }>([['/d/1', 0.5], ['/d/3', { failed: 'the worker ran out of memory' }], ['/d/4', NaN]]);
    const badges = directoryBadges(d1, d2, outcomes);
    assert.deepEqual(badges, [
      { scenePath: '/d/1', status: 'changed', ratio: 0.5 },
      { scenePath: '/d/2', status: 'failed' },
      { scenePath: '/d/3', status: 'failed', reason: 'the worker ran out of memory' },
      { scenePath: '/d/4', status: 'failed' },
    ]);
    for (const b of badges) if (b.status === 'changed') assert.ok(Number.isFinite(b.ratio));
  });

  it('the page\'s threshold message: a number from 0 to 1 and nothing else', () => {
    const t = (value: unknown, extra: Record<string, unknown> = {}) => readThresholdMessage({ type: 'threshold', value, ...extra });
    assert.equal(t(0), 0);
    assert.equal(t(0.25), 0.25);
    assert.equal(t(1), 1);
    for (const bad of [-0.01, 1.01, Number.NaN, Number.POSITIVE_INFINITY, '0.3', null, undefined, [0.3], { valueOf: () => 0.3 }]) assert.equal(t(bad), undefined, String(bad));
    assert.equal(t(0.3, { path: '/etc/passwd' }), undefined, 'no extra fields');
    assert.equal(readReadyPage({ type: 'ready', page: 'p1a2b3c4d5' }), 'p1a2b3c4d5');
    assert.equal(readReadyPage({ type: 'ready' }), undefined);
    assert.equal(readReadyPage({ type: 'ready', page: '<script>' }), undefined);
  });

  it('the page state read back is always in range', () => {
    assert.deepEqual(readCompareState({ mode: 'swipe', divider: 150, opacity: -3 }), { mode: 'swipe', divider: 100, opacity: 0 });
    assert.deepEqual(readCompareState('junk'), { mode: 'side', divider: 50, opacity: 50 });
  });

  it('the page: images only as blob: URLs of posted bytes, a nonce for the one script, values escaped', () => {
    const csp = buildCompareCsp({ cspSource: 'https://x.vscode-cdn.net', nonce: 'abcdefghijklmnop0123==' });
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /img-src blob:;/);
    assert.doesNotMatch(csp, /img-src[^;]*(https:|http:|data:|x\.vscode-cdn)/);
    assert.match(csp, /style-src https:\/\/x\.vscode-cdn\.net;/);
    assert.throws(() => buildCompareCsp({ cspSource: 'x', nonce: 'short' }));
    const html = renderComparePage({ cspSource: 'c', nonce: 'abcdefghijklmnop0123==', title: '<b>', lang: 'en', loading: 'x', scriptUri: 's.js', styleUri: 's.css' });
    assert.ok(html.includes('&lt;b&gt;') && !html.includes('<b>'));
  });
});

describe("the preview's compare request (validated like every page message)", () => {
  const urls = new Set(['https://b.example/a.png']);
  const request = (params: unknown) => validatePageMessage({ type: 'request', id: 1, method: 'compare', params }, urls, 1);
  it('takes one of the panel URLs and previous or pick, nothing else', () => {
    assert.equal(request({ url: 'https://b.example/a.png', with: 'previous' }).ok, true);
    assert.equal(request({ url: 'https://b.example/a.png', with: 'pick' }).ok, true);
    assert.equal(request({ url: 'https://evil.example/x.png', with: 'previous' }).ok, false);
    assert.equal(request({ url: 'https://b.example/a.png', with: 'everything' }).ok, false);
    assert.equal(request({ url: 'https://b.example/a.png', with: 'pick', token: 'x' }).ok, false);
  });
});
