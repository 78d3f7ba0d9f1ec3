import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkBadge, checksGallery, checkUrl, isAcceptable, isChanged, isComparable, pictureOf, targetOfShot } from '../../src/extension/checks/checksGallery';
import { readChecks } from '../../src/core/checks/checksFile';
import type { CheckItem } from '../../src/core/checks/run';

const ROOM = 'faed3130727911ebaea37759ee91947c';
const png = (n: number) => new Uint8Array([0x89, 0x50, 0x4e, 0x47, n]);
const words = (v: string) => `w:${v}`;
const item = (name: string, verdict: CheckItem['verdict'], over: Partial<CheckItem> = {}): CheckItem => ({ name, target: name.split('/')[0]!, room: ROOM, scene: '/s', verdict, baseline: `scene-snap-baselines/${name}.png`, ...over });

describe('the checks\' gallery (what Run Checks shows in the preview)', () => {
  const items = [
    item('cover', 'matched', { expected: png(1), actual: png(1), actualSize: { width: 320, height: 180 } }),
    item('page1', 'changed', { expected: png(2), actual: png(3), changedRatio: 0.25, actualSize: { width: 320, height: 180 } }),
    item('deck/p2', 'new', { actual: png(4) }),
    item('init', 'blank', { expected: png(5), actual: png(6) }),
    item('gone', 'missing', { expected: png(7), expectedSize: { width: 320, height: 180 } }),
    item('broken', 'failed', { error: { code: 'unauthorized', message: 'the token was refused' } }),
    item('wide', 'sizeChanged', { expected: png(8), actual: png(9) }),
  ];

  it('has one tile per scene checked, named as the reports name it, with the run\'s picture or why there is none', () => {
    const g = checksGallery(items, { checksFile: '/repo/scene-snap.json', time: 5, title: 'Scene Snap checks', idPrefix: 'checks:' });
    assert.equal(g.entry.id, 'checks:5');
    assert.equal(g.entry.kind, 'directory');
    assert.equal(g.entry.room, ROOM);
    assert.equal(g.entry.path, 'scene-snap.json');
    assert.deepEqual(g.names, ['cover', 'page1', 'deck/p2', 'init', 'gone', 'broken', 'wide']);
    assert.deepEqual(g.entry.results.map((r) => r.url), items.map(checkUrl));
    assert.equal(new Set(g.entry.results.map((r) => r.url)).size, items.length, 'each tile its own URL');
    assert.deepEqual(g.kept, [true, true, true, true, true, false, true]);
    const ref = g.entry.snapshots![1]!;
    assert.equal(ref.kind === 'kept' && ref.hash, createHash('sha256').update(png(3)).digest('hex'), 'the actual picture');
    assert.deepEqual(g.entry.snapshots![5], { kind: 'failed', code: 'unauthorized', reason: 'the token was refused' });
    assert.deepEqual([g.entry.width, g.entry.height], [320, 180]);
    assert.equal(checksGallery([...items, item('other', 'new', { room: 'another', actual: png(1) })], { checksFile: '/r/x.json', time: 1, title: 't', idPrefix: 'c:' }).entry.room, '', 'several rooms: none named');
  });

  it('shows a missing target\'s baseline, and nothing for one not captured', () => {
    assert.deepEqual(pictureOf(items[4]!), png(7));
    assert.equal(pictureOf(items[5]!), undefined);
  });

  it('badges each tile with its verdict; Compare where there is a baseline and a new picture that differ, Accept where a new picture may become the baseline', () => {
    const badges = items.map((i) => checkBadge(i, words));
    assert.deepEqual(badges.map((b) => b.status === 'check' && b.verdict), ['matched', 'changed', 'new', 'blank', 'missing', 'failed', 'sizeChanged']);
    assert.deepEqual(badges.map((b) => b.status === 'check' && !!b.compare), [false, true, false, true, false, false, true]);
    assert.deepEqual(badges.map((b) => b.status === 'check' && !!b.accept), [false, true, true, true, false, false, true]);
    assert.deepEqual(badges[1], { status: 'check', verdict: 'changed', label: 'w:changed', ratio: 0.25, compare: true, accept: true });
    assert.equal(badges[5]!.status === 'check' && badges[5]!.reason, 'the token was refused');
    assert.deepEqual(items.map(isChanged), [false, true, false, false, false, false, true], 'Accept All Changed: changed and size changed only');
    assert.deepEqual(items.map(isComparable), [false, true, false, true, false, false, true]);
    assert.deepEqual(items.map(isAcceptable), [false, true, true, true, false, false, true]);
  });

  it('an accepted target says so and offers nothing more', () => {
    assert.deepEqual(checkBadge({ ...items[1]!, updated: true }, words), { status: 'check', verdict: 'changed', label: 'w:accepted', ratio: 0.25, accepted: true });
  });
});

describe('which checks target a screenshot stands for (a preview\'s Accept as Baseline)', () => {
  const read = readChecks({ targets: [
    { name: 'cover', room: ROOM, scene: '/test/cover', width: 320, height: 180 },
    { name: 'deck', room: ROOM, directory: '/deck/', width: 320, height: 180 },
    { name: 'all', room: 'another', wholeRoom: true },
  ] }, '/repo/scene-snap.json');
  assert.ok(read.ok);
  const config = read.config;
  const shot = (room: string, scene: string, width = 320, height = 180) => targetOfShot(config, { room, scene, width, height });

  it('a scene target: its room, scene and size', () => {
    assert.deepEqual(shot(ROOM, '/test/cover'), { name: 'cover', baseline: 'scene-snap-baselines/cover.png' });
    assert.equal(shot(ROOM, '/test/cover', 640, 360), undefined, 'another size');
    assert.equal(shot('another-room', '/test/cover'), undefined, 'another room');
  });

  it('a directory target: a scene directly in it; a whole room: any scene of the room', () => {
    assert.deepEqual(shot(ROOM, '/deck/p1'), { name: 'deck/deck/p1', baseline: 'scene-snap-baselines/deck/deck/p1.png' });
    assert.equal(shot(ROOM, '/deck/sub/p1'), undefined, 'a sub-directory is not in the directory\'s shot');
    assert.deepEqual(shot('another', '/a/b', 1280, 720), { name: 'all/a/b', baseline: 'scene-snap-baselines/all/a/b.png' });
  });
});
