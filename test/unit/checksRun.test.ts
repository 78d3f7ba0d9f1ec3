import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readChecks, type CheckTarget, type ChecksConfig } from '../../src/core/checks/checksFile';
import { runChecks, type CapturedScene, type RunDeps } from '../../src/core/checks/run';
import { applyMasks, exitCodeOf, verdictOf, type Comparison, type Verdict } from '../../src/core/checks/verdict';
import { MaskValue } from '../../src/core/images/types';

const ROOM = 'faed3130727911ebaea37759ee91947c';
const FOLDER = path.resolve('/repo');

function config(targets: unknown[]): ChecksConfig {
  const read = readChecks({ targets }, path.join(FOLDER, 'scene-snap.json'));
  assert.ok(read.ok, JSON.stringify(!read.ok && read.problems));
  return read.config;
}

/** A fake PNG: its "content" is the text after the 24-byte header (enough for sizes and for the fake compare). */
function png(content: string, width = 4, height = 2): Uint8Array {
  const head = Buffer.alloc(24);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(head);
  head.write('IHDR', 12, 'latin1');
  head.writeUInt32BE(width, 16);
  head.writeUInt32BE(height, 20);
  return Buffer.concat([head, Buffer.from(content)]);
}

const text = (b: Uint8Array): string => Buffer.from(b).subarray(24).toString();

function deps(scenes: Record<string, CapturedScene[] | Error>, baselines: Record<string, Uint8Array>, blank: string[] = []): RunDeps & { written: string[] } {
  const written: string[] = [];
  return {
    written,
    capture: async (t: CheckTarget) => {
      const s = scenes[t.name];
      if (s instanceof Error) throw s;
      return s ?? [];
    },
    readBaseline: async (f) => baselines[path.relative(FOLDER, f).split(path.sep).join('/')],
    listFiles: async (folder) => Object.keys(baselines).map((k) => path.join(FOLDER, k)).filter((f) => f.startsWith(folder + path.sep)).map((f) => path.relative(folder, f)),
    writeBaseline: async (f) => void written.push(path.relative(FOLDER, f).split(path.sep).join('/')),
    compare: async (a, b) => {
      const same = text(a) === text(b);
      const ra = Buffer.from(a).readUInt32BE(16);
      const rb = Buffer.from(b).readUInt32BE(16);
      const mask = new Uint8Array(8).fill(same ? MaskValue.same : MaskValue.changed);
      return { width: 4, height: 2, changedPixels: same ? 0 : 8, changedRatio: same ? 0 : 1, boxes: same ? [] : [{ x: 0, y: 0, width: 4, height: 2 }], sizeChanged: ra !== rb, mask };
    },
    isBlank: async (p) => blank.includes(text(p)),
  };
}

const shot = (scene: string, content: string, width?: number): CapturedScene => ({ scene, png: png(content, width), width: width ?? 4, height: 2 });

describe('checks: verdicts and exit codes', () => {
  const c = (changedPixels: number, extra: Partial<Comparison> = {}): Comparison => ({ width: 100, height: 10, changedPixels, changedRatio: changedPixels / 1000, boxes: [], sizeChanged: false, ...extra });

  it('matches only within an allowance of pixels or ratio (both 0 by default)', () => {
    const none = { maxChangedPixels: 0, maxChangedRatio: 0 };
    assert.equal(verdictOf(c(0), none), 'matched');
    assert.equal(verdictOf(c(1), none), 'changed');
    assert.equal(verdictOf(c(10), { maxChangedPixels: 10, maxChangedRatio: 0 }), 'matched');
    assert.equal(verdictOf(c(11), { maxChangedPixels: 10, maxChangedRatio: 0 }), 'changed');
    assert.equal(verdictOf(c(10), { maxChangedPixels: 0, maxChangedRatio: 0.01 }), 'matched');
    assert.equal(verdictOf(c(11), { maxChangedPixels: 0, maxChangedRatio: 0.01 }), 'changed');
    assert.equal(verdictOf(c(0, { sizeChanged: true }), { maxChangedPixels: 1e9, maxChangedRatio: 1 }), 'sizeChanged', 'a size change is its own verdict, never allowed');
  });

  it('leaves out changed pixels under masks, and boxes wholly inside one', () => {
    const mask = new Uint8Array(100 * 10);
    mask.fill(MaskValue.changed, 0, 5); // row 0, x 0..4
    mask.fill(MaskValue.changed, 150, 152); // row 1, x 50..51
    const raw = c(7, { mask, boxes: [{ x: 0, y: 0, width: 5, height: 1 }, { x: 50, y: 1, width: 2, height: 1 }] });
    const masked = applyMasks(raw, [{ x: 0, y: 0, width: 10, height: 10 }]);
    assert.equal(masked.changedPixels, 2);
    assert.equal(masked.changedRatio, 2 / 1000);
    assert.deepEqual(masked.boxes, [{ x: 50, y: 1, width: 2, height: 1 }]);
    assert.equal(applyMasks(raw, []), raw);
  });

  it('exits 0 all matched, 1 differences, 3 when something was not captured (winning over 1)', () => {
    const code = (v: Verdict[], o?: { strict?: boolean; update?: boolean }) => exitCodeOf(v, o);
    assert.equal(code(['matched', 'matched']), 0);
    assert.equal(code([]), 0);
    for (const v of ['changed', 'sizeChanged', 'blank'] as const) assert.equal(code(['matched', v]), 1, v);
    assert.equal(code(['matched', 'new', 'missing']), 0, 'new and missing pass without --strict');
    assert.equal(code(['matched', 'new'], { strict: true }), 1);
    assert.equal(code(['missing'], { strict: true }), 1);
    assert.equal(code(['changed', 'failed']), 3);
    assert.equal(code(['failed'], { update: true }), 3, 'never 0 when something was not checked');
    assert.equal(code(['changed', 'new', 'blank'], { update: true }), 0, '--update exits 0 once everything was captured');
  });
});

describe('checks: running targets with injected capture and compare', () => {
  it('gives each scene its verdict and its baseline, named as DESIGN.md says', async () => {
    const cfg = config([
      { name: 'cover', room: ROOM, scene: '/test/cover' },
      { name: 'deck', room: ROOM, directory: '/test' },
      { name: 'empty', room: ROOM, scene: '/e' },
      { name: 'broken', room: ROOM, scene: '/b' },
    ]);
    const d = deps(
      { cover: [shot('/test/cover', 'A')], deck: [shot('/test/cover', 'A'), shot('/test/page1', 'NEW'), shot('/test/page2', 'X', 8), shot('/test/new', 'N')], empty: [shot('/e', 'blank')], broken: Object.assign(new Error('401 Unauthorized'), { code: 'unauthorized' }) },
      { 'scene-snap-baselines/cover.png': png('A'), 'scene-snap-baselines/deck/test/cover.png': png('A'), 'scene-snap-baselines/deck/test/page1.png': png('OLD'), 'scene-snap-baselines/deck/test/page2.png': png('X'), 'scene-snap-baselines/deck/test/gone.png': png('G'), 'scene-snap-baselines/old-target.png': png('O') },
      ['blank'],
    );
    const items = await runChecks(cfg, cfg.targets, d, { findOrphans: true });
    const byName = Object.fromEntries(items.map((i) => [i.name, i]));
    assert.deepEqual(Object.fromEntries(items.map((i) => [i.name, i.verdict])), {
      cover: 'matched',
      'deck/test/cover': 'matched',
      'deck/test/page1': 'changed',
      'deck/test/page2': 'sizeChanged',
      'deck/test/new': 'new',
      'deck/test/gone': 'missing',
      empty: 'blank',
      broken: 'failed',
      'old-target': 'missing',
    });
    assert.equal(byName['deck/test/page1']!.baseline, 'scene-snap-baselines/deck/test/page1.png');
    assert.equal(byName['deck/test/page1']!.changedPixels, 8);
    assert.deepEqual(byName['deck/test/page2']!.expectedSize, { width: 4, height: 2 });
    assert.deepEqual(byName['deck/test/page2']!.actualSize, { width: 8, height: 2 });
    assert.equal(byName.broken!.error!.code, 'unauthorized');
    assert.deepEqual(d.written, [], 'nothing written without --update');
  });

  it('--update=changed writes changed and size-changed baselines only; missing writes new ones; all every captured one but blanks', async () => {
    const cfg = config([{ name: 'deck', room: ROOM, directory: '/d' }]);
    const scenes = { deck: [shot('/d/same', 'S'), shot('/d/changed', 'C2'), shot('/d/new', 'N'), shot('/d/blank', 'blank'), shot('/d/size', 'Z', 8)] };
    const baselines = { 'scene-snap-baselines/deck/d/same.png': png('S'), 'scene-snap-baselines/deck/d/changed.png': png('C1'), 'scene-snap-baselines/deck/d/size.png': png('Z') };
    const written = async (update: 'changed' | 'missing' | 'all') => {
      const d = deps(scenes, baselines, ['blank']);
      await runChecks(cfg, cfg.targets, d, { update });
      return d.written.sort();
    };
    assert.deepEqual(await written('changed'), ['scene-snap-baselines/deck/d/changed.png', 'scene-snap-baselines/deck/d/size.png']);
    assert.deepEqual(await written('missing'), ['scene-snap-baselines/deck/d/new.png']);
    assert.deepEqual(await written('all'), ['scene-snap-baselines/deck/d/changed.png', 'scene-snap-baselines/deck/d/new.png', 'scene-snap-baselines/deck/d/same.png', 'scene-snap-baselines/deck/d/size.png']);
  });

  it('lets allowBlank pass a one-colour picture', async () => {
    const cfg = config([{ name: 'b', room: ROOM, scene: '/b', allowBlank: true }]);
    const items = await runChecks(cfg, cfg.targets, deps({ b: [shot('/b', 'blank')] }, { 'scene-snap-baselines/b.png': png('blank') }, ['blank']));
    assert.equal(items[0]!.verdict, 'matched');
  });

  it('refuses a scene path that would climb out of the baselines folder', async () => {
    const cfg = config([{ name: 'deck', room: ROOM, directory: '/' }]);
    const items = await runChecks(cfg, cfg.targets, deps({ deck: [shot('/../../etc/x', 'E')] }, {}));
    assert.equal(items[0]!.verdict, 'failed');
    assert.match(items[0]!.error!.message, /cannot be a baseline file name/);
  });

  it('runs targets in parallel, but no more than the concurrency at once', async () => {
    const cfg = config(Array.from({ length: 9 }, (_, i) => ({ name: `t${i}`, room: ROOM, scene: `/s${i}` })));
    let running = 0;
    let most = 0;
    const d = deps({}, {});
    d.capture = async (t) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      return [shot(t.path, t.name)];
    };
    const items = await runChecks(cfg, cfg.targets, d, { concurrency: 3 });
    assert.equal(items.length, 9);
    assert.equal(most, 3);
  });
});
