import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { SceneSnapError } from '../../src/core/api/errors';
import { GRACE_MS, OWNER_EXPIRY_MS, SnapshotStore, isSnapshotHash } from '../../src/core/snapshots/snapshotStore';
import { noisyPng, numberedPng, solidPng } from './support/pngs';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every file below `dir`, relative. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** The hashes of the snapshot files below `dir` (what the store keeps), sorted. */
function keptHashes(dir: string): string[] {
  return filesIn(dir).flatMap((f) => {
    const match = /^[0-9a-f]{2}[\\/]([0-9a-f]{64})\.png$/.exec(f);
    return match ? [match[1]!] : [];
  });
}

type WorkerReport = { puts: number; wrong: number; lost: number; evicted: number };

/** Runs the store worker in a child process; resolves to its JSON report. */
function worker(args: string[]): Promise<WorkerReport> {
  const script = path.join(__dirname, 'support', 'storeWorker.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as WorkerReport) : reject(new Error(`worker exited ${code}: ${err}`))));
  });
}

describe('snapshot store', () => {
  let dir: string;
  let clock: number;
  let store: SnapshotStore;
  const tick = (ms = 1000): number => (clock += ms);

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-store-'));
    clock = Date.now() - 24 * 3600 * 1000;
    store = new SnapshotStore(dir, { now: () => clock });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps a PNG under its SHA-256 with the size from its header, and gives the same bytes back', async () => {
    const png = solidPng(33, 17, [10, 20, 30, 255]);
    const kept = await store.put(png);
    assert.deepEqual(kept, { hash: sha(png), width: 33, height: 17, bytes: png.length });
    assert.ok(isSnapshotHash(kept.hash));
    assert.equal(store.pathOf(kept.hash), path.join(dir, kept.hash.slice(0, 2), `${kept.hash}.png`));
    assert.deepEqual(Buffer.from((await store.get(kept.hash))!), png);
    assert.deepEqual(readFileSync(store.pathOf(kept.hash)), png);
    // Nothing else written: no temporary files left.
    assert.deepEqual(filesIn(dir), [path.join(kept.hash.slice(0, 2), `${kept.hash}.png`)]);
  });

  it('stores identical images once (dedupe) and counts them once', async () => {
    const png = numberedPng(1);
    const first = await store.put(png);
    const second = await store.put(Buffer.from(png));
    await store.put(numberedPng(2));
    assert.equal(first.hash, second.hash);
    assert.deepEqual(await store.usage(), { count: 2, bytes: png.length + numberedPng(2).length });
    assert.equal(filesIn(dir).length, 2);
  });

  it('answers undefined for a snapshot it does not have, and refuses what is not a hash or not a PNG', async () => {
    assert.equal(await store.get('0'.repeat(64)), undefined);
    assert.equal(await store.touch('0'.repeat(64)), false);
    assert.throws(() => store.pathOf('../../etc/passwd'), (e: unknown) => e instanceof SceneSnapError && e.code === 'invalidInput');
    await assert.rejects(store.get('ABC'), (e: unknown) => e instanceof SceneSnapError && e.code === 'invalidInput');
    await assert.rejects(store.put(Buffer.from('<Error>AccessDenied</Error>')), (e: unknown) => e instanceof SceneSnapError && e.code === 'invalidInput' && /not a PNG/.test(e.message));
    assert.throws(() => new SnapshotStore('relative/folder'), /absolute/);
    assert.deepEqual(await store.usage(), { count: 0, bytes: 0 });
  });

  describe('a corrupt or truncated file', () => {
    it('is detected by its hash and reported missing, never given as other bytes', async () => {
      const a = await store.put(numberedPng(1, 40, 40));
      truncateSync(store.pathOf(a.hash), 30);
      assert.equal(await store.get(a.hash), undefined);
    });

    it('holding another valid PNG (a file swapped under the name) reads as missing too', async () => {
      const a = await store.put(numberedPng(1));
      const other = numberedPng(2);
      writeFileSync(store.pathOf(a.hash), other);
      assert.equal(await store.get(a.hash), undefined);
      // And it is removed, so the next put of the right bytes writes them again.
      assert.equal(existsSync(store.pathOf(a.hash)), false);
      await store.put(numberedPng(1));
      assert.deepEqual(Buffer.from((await store.get(a.hash))!), numberedPng(1));
    });

    it('is repaired by a put of the right bytes', async () => {
      const png = numberedPng(7, 50, 50);
      const a = await store.put(png);
      writeFileSync(store.pathOf(a.hash), png.subarray(0, png.length - 10));
      await store.put(png);
      assert.deepEqual(readFileSync(store.pathOf(a.hash)), png);
    });
  });

  describe('eviction (least recently used first)', () => {
    it('removes the oldest until the store is within the cap', async () => {
      const kept = [];
      for (const n of [1, 2, 3, 4]) {
        tick();
        kept.push(await store.put(numberedPng(n)));
      }
      const [a, b, c, d] = kept as [typeof kept[0], typeof kept[0], typeof kept[0], typeof kept[0]];
      const told: string[] = [];
      const report = await store.evict({ maxBytes: c.bytes + d.bytes, onRemoved: (h) => told.push(h) });
      assert.deepEqual(report, { removed: 2, freedBytes: a.bytes + b.bytes, count: 2, bytes: c.bytes + d.bytes });
      // The caller is told which went (it remembers why: freed by the user, or the cap).
      assert.deepEqual(told, [a.hash, b.hash]);
      assert.deepEqual(keptHashes(dir), [c.hash, d.hash].sort());
      // Within the cap already: nothing more goes.
      assert.equal((await store.evict({ maxBytes: c.bytes + d.bytes })).removed, 0);
    });

    it('counts a get or a put as a use', async () => {
      const a = await store.put(numberedPng(1));
      tick();
      const b = await store.put(numberedPng(2));
      tick();
      const c = await store.put(numberedPng(3));
      tick();
      await store.get(a.hash); // a is now the most recent
      tick();
      await store.put(numberedPng(2)); // and b after it
      await store.evict({ maxBytes: a.bytes + b.bytes });
      assert.deepEqual(keptHashes(dir), [a.hash, b.hash].sort());
      assert.equal(existsSync(store.pathOf(c.hash)), false);
    });

    it('keeps pinned snapshots whatever the cap, from the caller and from every owner', async () => {
      const a = await store.put(numberedPng(1));
      tick();
      const b = await store.put(numberedPng(2));
      tick();
      const c = await store.put(numberedPng(3));
      // Another window's history pins b (a workspace this window knows nothing of).
      const other = new SnapshotStore(dir);
      await other.setReferences('file:///other/workspace', { referenced: [b.hash], pinned: [b.hash] });
      const report = await store.evict({ maxBytes: 0, pinned: new Set([a.hash]) });
      assert.equal(report.removed, 1);
      assert.deepEqual(keptHashes(dir), [a.hash, b.hash].sort());
      assert.equal(existsSync(store.pathOf(c.hash)), false);
      // Pinned bytes still count: the store says it is over the cap rather than lie.
      assert.equal(report.bytes, a.bytes + b.bytes);
      await other.setReferences('file:///other/workspace', { referenced: [b.hash], pinned: [] });
      await store.evict({ maxBytes: 0 });
      assert.deepEqual(keptHashes(dir), []);
    });

    it('with 0 MB keeps none', async () => {
      for (let n = 0; n < 5; n++) await store.put(numberedPng(n));
      const report = await store.evict({ maxBytes: 0 });
      assert.equal(report.removed, 5);
      assert.deepEqual(await store.usage(), { count: 0, bytes: 0 });
      assert.deepEqual(filesIn(dir), []);
    });

    it('keeps a snapshot another window used between listing and removing it', async () => {
      const a = await store.put(numberedPng(1));
      const otherWindow = new SnapshotStore(dir); // real clock: later than the listed mtime
      const evicting = new SnapshotStore(dir, { now: () => clock, afterList: async () => void (await otherWindow.get(a.hash)) });
      const report = await evicting.evict({ maxBytes: 0 });
      assert.equal(report.removed, 0);
      assert.deepEqual(Buffer.from((await store.get(a.hash))!), numberedPng(1));
    });

    it('refuses a cap that is not a number of bytes', async () => {
      await assert.rejects(store.evict({ maxBytes: -1 }), (e: unknown) => e instanceof SceneSnapError && e.code === 'invalidInput');
      await assert.rejects(store.evict({ maxBytes: Number.NaN }), /cap/);
    });
  });

  describe('Clear History (removeUnreferenced): one grace rule for every delete', () => {
    const settle = (): number => tick(GRACE_MS + 1000);

    it('removes what no owner references once settled, keeps what another workspace still shows', async () => {
      const mine = await store.put(numberedPng(1));
      const shared = await store.put(numberedPng(2));
      const theirs = await store.put(numberedPng(3));
      await store.setReferences('file:///mine', { referenced: [mine.hash, shared.hash], pinned: [] });
      await store.setReferences('file:///theirs', { referenced: [shared.hash, theirs.hash], pinned: [] });
      // This window clears its history.
      await store.setReferences('file:///mine', { referenced: [], pinned: [] });
      settle();
      const report = await store.removeUnreferenced();
      assert.deepEqual({ removed: report.removed, freedBytes: report.freedBytes }, { removed: 1, freedBytes: mine.bytes });
      assert.deepEqual(keptHashes(dir), [shared.hash, theirs.hash].sort());
    });

    it('never removes a snapshot younger than the grace: another window may be keeping the same PNG and not yet have recorded it', async () => {
      // Window A cleared an entry showing this PNG long ago; window B has just kept an identical one (a
      // blank frame, an unchanged scene) and records its reference a moment later.
      const windowA = store;
      const windowB = new SnapshotStore(dir, { now: () => clock });
      const old = await windowA.put(numberedPng(1));
      settle();
      const keptByB = await windowB.put(numberedPng(1));
      assert.equal(keptByB.hash, old.hash);
      tick(1000);
      const report = await windowA.removeUnreferenced();
      assert.equal(report.removed, 0, 'the file B is keeping was removed before B could record it');
      await windowB.setReferences('file:///b', { referenced: [keptByB.hash], pinned: [] });
      assert.deepEqual(Buffer.from((await windowB.get(keptByB.hash))!), numberedPng(1));
      // Recorded now: settled or not, it stays; once B lets it go and it settles, it goes.
      settle();
      assert.equal((await windowA.removeUnreferenced()).removed, 0);
      await windowB.setReferences('file:///b', { referenced: [], pinned: [] });
      settle();
      assert.equal((await windowA.removeUnreferenced()).removed, 1);
      assert.deepEqual(keptHashes(dir), []);
    });

    it('leaves a young unreferenced snapshot, removes an old one', async () => {
      const old = await store.put(numberedPng(1));
      settle();
      const young = await store.put(numberedPng(2));
      tick(1000);
      await store.removeUnreferenced();
      assert.deepEqual(keptHashes(dir), [young.hash]);
      assert.equal(existsSync(store.pathOf(old.hash)), false);
      settle();
      await store.removeUnreferenced();
      assert.deepEqual(keptHashes(dir), []);
    });

    it('keeps `keep` and what any owner pins', async () => {
      const a = await store.put(numberedPng(1));
      const b = await store.put(numberedPng(2));
      const c = await store.put(numberedPng(3));
      await store.setReferences('w', { referenced: [], pinned: [b.hash] });
      settle();
      await store.removeUnreferenced({ keep: [a.hash] });
      assert.deepEqual(keptHashes(dir), [a.hash, b.hash].sort());
      assert.equal(existsSync(store.pathOf(c.hash)), false);
      await store.setReferences('w', { referenced: [], pinned: [] });
      await store.removeUnreferenced();
      assert.deepEqual(keptHashes(dir), []);
    });

    it('ignores a refs file it cannot read, and keeps only hashes from one it can', async () => {
      const a = await store.put(numberedPng(1));
      await store.setReferences('w', { referenced: [a.hash, 'not-a-hash', '../x'], pinned: [] });
      const refsDir = path.join(dir, 'refs');
      const [file] = readdirSync(refsDir);
      assert.deepEqual((JSON.parse(readFileSync(path.join(refsDir, file!), 'utf8')) as { referenced: string[] }).referenced, [a.hash]);
      writeFileSync(path.join(refsDir, `${'f'.repeat(32)}.json`), '{not json');
      settle();
      await store.removeUnreferenced();
      assert.deepEqual(keptHashes(dir), [a.hash]);
    });

    it('writes one owner\'s quick successive references in order', async () => {
      const a = await store.put(numberedPng(1));
      await Promise.all([
        store.setReferences('w', { referenced: [a.hash], pinned: [] }),
        store.setReferences('w', { referenced: [], pinned: [] }),
      ]);
      settle();
      await store.removeUnreferenced();
      assert.deepEqual(keptHashes(dir), []);
    });

    it('drops the references of an owner not written for 30 days (its workspace is gone): they protect nothing, and the file goes', async () => {
      const a = await store.put(numberedPng(1));
      const b = await store.put(numberedPng(2));
      await store.setReferences('file:///gone', { referenced: [a.hash], pinned: [a.hash] });
      await store.setReferences('file:///here', { referenced: [b.hash], pinned: [b.hash] });
      const [gone, here] = ['file:///gone', 'file:///here'].map((owner) => path.join(dir, 'refs', `${sha(Buffer.from(owner)).slice(0, 32)}.json`)) as [string, string];
      assert.ok(existsSync(gone) && existsSync(here));
      const longAgo = new Date(clock - OWNER_EXPIRY_MS - 1000);
      utimesSync(gone, longAgo, longAgo);
      settle();
      assert.equal((await store.evict({ maxBytes: 0 })).removed, 1, 'a pin of a workspace gone for 30 days still held');
      assert.deepEqual(keptHashes(dir), [b.hash]);
      assert.equal(existsSync(gone), false, 'the refs file of the gone workspace is still there');
      assert.equal(existsSync(here), true);
    });

    it('sweeps what a crash left once it is older than the grace (temporary refs and PNG files, aside copies), and leaves fresh ones', async () => {
      const a = await store.put(numberedPng(1));
      await store.setReferences('w', { referenced: [a.hash], pinned: [] });
      const shard = path.dirname(store.pathOf(a.hash));
      const refsDir = path.join(dir, 'refs');
      const [refsFile] = readdirSync(refsDir);
      const leftovers = {
        pngTemp: path.join(shard, `.${a.hash}.abcdef.tmp`),
        aside: path.join(shard, `.${a.hash}.abcdef.evict`),
        refsTemp: path.join(refsDir, `${refsFile}.abcdef123456.tmp`),
      };
      const fresh = {
        pngTemp: path.join(shard, `.${a.hash}.012345.tmp`),
        refsTemp: path.join(refsDir, `${refsFile}.012345678901.tmp`),
      };
      const old = new Date(clock - GRACE_MS - 60_000);
      for (const f of Object.values(leftovers)) {
        writeFileSync(f, 'left by a crash');
        utimesSync(f, old, old);
      }
      for (const f of Object.values(fresh)) {
        writeFileSync(f, 'being written');
        utimesSync(f, new Date(clock), new Date(clock));
      }
      assert.deepEqual(await store.usage(), { count: 1, bytes: a.bytes });
      await store.removeUnreferenced();
      for (const [what, f] of Object.entries(leftovers)) assert.equal(existsSync(f), false, `${what} left by a crash is still there`);
      for (const [what, f] of Object.entries(fresh)) assert.equal(existsSync(f), true, `a fresh ${what} was swept`);
      assert.deepEqual(keptHashes(dir), [a.hash]);
    });
  });

  describe('shared by several processes (VS Code windows)', () => {
    it('two stores writing the same hashes at once lose nothing and leave no partial file', async () => {
      const pngs = [noisyPng(1, 512, 512), noisyPng(2), solidPng(200, 100, [1, 2, 3, 255])];
      const files = pngs.map((p, i) => {
        const f = path.join(os.tmpdir(), `${path.basename(dir)}-src-${i}.png`);
        writeFileSync(f, p);
        return f;
      });
      const folder = path.join(dir, 'store');
      const shared = new SnapshotStore(folder);
      // While the children write, every read of a final path is absent or complete: never half a file.
      let reading = true;
      let reads = 0;
      const reader = (async () => {
        while (reading) {
          for (const p of pngs) {
            const raw = await readFile(shared.pathOf(sha(p))).catch(() => undefined);
            if (raw) {
              assert.equal(sha(raw), sha(p), 'a reader saw a partial or foreign file');
              reads++;
            }
            const viaGet = await shared.get(sha(p));
            if (viaGet) assert.equal(sha(viaGet), sha(p));
          }
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      try {
        const reports = await Promise.all([worker([folder, 'put', ...files, '--times', '15']), worker([folder, 'put', ...files, '--times', '15']), (async () => {
          for (let i = 0; i < 15; i++) for (const p of pngs) await shared.put(p);
        })()]);
        for (const r of reports.slice(0, 2)) assert.deepEqual(r, { puts: 45, wrong: 0, lost: 0, evicted: 0 });
      } finally {
        reading = false;
        await reader;
        for (const f of files) rmSync(f, { force: true });
      }
      assert.ok(reads > 0, 'the reader never saw a file');
      assert.deepEqual(await shared.usage(), { count: 3, bytes: pngs.reduce((s, p) => s + p.length, 0) });
      for (const p of pngs) assert.deepEqual(Buffer.from((await shared.get(sha(p)))!), p);
      assert.ok(filesIn(folder).every((f) => f.endsWith('.png') && !path.basename(f).startsWith('.')), filesIn(folder).join(', '));
    });

    it('a window keeping a PNG never loses it to another window clearing an entry of the same PNG', async () => {
      // Identical PNGs are common (blank frames, unchanged scenes). One process keeps a PNG and records it,
      // as a keep does, then lets it go (the entry rotated out); another clears its own history of the
      // same PNG over and over. A settled snapshot nobody references is there to show the clearer works.
      const png = numberedPng(5, 64, 64);
      const file = path.join(os.tmpdir(), `${path.basename(dir)}-race.png`);
      writeFileSync(file, png);
      const stale = await store.put(numberedPng(6));
      const longAgo = new Date(Date.now() - GRACE_MS - 60_000);
      utimesSync(store.pathOf(stale.hash), longAgo, longAgo);
      try {
        const [keeper, clearer] = await Promise.all([worker([dir, 'keep', file, '--times', '150']), worker([dir, 'clear', file, '--times', '150'])]);
        assert.equal(keeper.puts, 150);
        assert.equal(keeper.wrong, 0, 'a reader saw other bytes under the hash');
        assert.equal(keeper.lost, 0, `the keeper lost its file ${keeper.lost} times between keeping and recording it`);
        assert.equal(clearer.evicted, 1, 'the clearer removed something else than the settled, unreferenced snapshot');
      } finally {
        rmSync(file, { force: true });
      }
      assert.deepEqual(keptHashes(dir), [sha(png)]);
      assert.deepEqual(Buffer.from((await store.get(sha(png)))!), png);
    });

    it('one evicting while others write and read never shows wrong bytes, and a put after it stays', async () => {
      const pngs = [numberedPng(3, 200, 200), numberedPng(4, 200, 200)];
      const files = pngs.map((p, i) => {
        const f = path.join(os.tmpdir(), `${path.basename(dir)}-ev-${i}.png`);
        writeFileSync(f, p);
        return f;
      });
      try {
        const [writer, evictor] = await Promise.all([worker([dir, 'put', ...files, '--times', '200']), worker([dir, 'evict', '--for-ms', '1500'])]);
        assert.equal(writer.wrong, 0, 'a reader saw other bytes under the hash');
        assert.equal(writer.puts, 400);
        // The two really raced: the evictor removed what the writer had just written, again and again.
        assert.ok(evictor.evicted > 0, `the evictor removed nothing (${evictor.evicted})`);
      } finally {
        for (const f of files) rmSync(f, { force: true });
      }
      // Whatever the interleaving, what is there is intact, and a put now is kept.
      for (const h of keptHashes(dir)) assert.ok(pngs.some((p) => sha(p) === h));
      for (const p of pngs) {
        const kept = await store.put(p);
        assert.deepEqual(Buffer.from((await store.get(kept.hash))!), p);
        assert.equal(statSync(store.pathOf(kept.hash)).size, p.length);
      }
      assert.ok(filesIn(dir).every((f) => !path.basename(f).startsWith('.')), filesIn(dir).join(', '));
    });
  });
});
