import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { SceneSnapError } from '../../src/api/errors';
import { SnapshotStore, isSnapshotHash } from '../../src/snapshots/snapshotStore';
import { noisyPng, numberedPng, solidPng } from './support/pngs';

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every file below `dir`, relative. */
function filesIn(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** Runs the store worker in a child process; resolves to its JSON report. */
function worker(args: string[]): Promise<{ puts: number; wrong: number; evicted: number }> {
  const script = path.join(__dirname, 'support', 'storeWorker.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as { puts: number; wrong: number; evicted: number }) : reject(new Error(`worker exited ${code}: ${err}`))));
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
    assert.equal(await store.verifiedPath(kept.hash), store.pathOf(kept.hash));
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
    assert.equal(await store.verifiedPath('0'.repeat(64)), undefined);
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
      assert.equal(await store.verifiedPath(a.hash), undefined);
    });

    it('holding another valid PNG (a file swapped under the name) reads as missing too', async () => {
      const a = await store.put(numberedPng(1));
      const other = numberedPng(2);
      writeFileSync(store.pathOf(a.hash), other);
      assert.equal(await store.get(a.hash), undefined);
      // And it is removed, so the next put of the right bytes writes them again.
      assert.equal(await store.has(a.hash), false);
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
      const report = await store.evict({ maxBytes: c.bytes + d.bytes });
      assert.deepEqual(report, { removed: 2, freedBytes: a.bytes + b.bytes, count: 2, bytes: c.bytes + d.bytes });
      assert.deepEqual((await store.hashes()).sort(), [c.hash, d.hash].sort());
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
      assert.deepEqual((await store.hashes()).sort(), [a.hash, b.hash].sort());
      assert.equal(await store.has(c.hash), false);
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
      assert.deepEqual((await store.hashes()).sort(), [a.hash, b.hash].sort());
      assert.equal(await store.has(c.hash), false);
      // Pinned bytes still count: the store says it is over the cap rather than lie.
      assert.equal(report.bytes, a.bytes + b.bytes);
      await other.setReferences('file:///other/workspace', { referenced: [b.hash], pinned: [] });
      await store.evict({ maxBytes: 0 });
      assert.deepEqual(await store.hashes(), []);
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

    it('sweeps temporary files that a crashed writer left long ago, and leaves fresh ones', async () => {
      const a = await store.put(numberedPng(1));
      const shard = path.dirname(store.pathOf(a.hash));
      const stale = path.join(shard, `.${a.hash}.abcdef.tmp`);
      const fresh = path.join(shard, `.${a.hash}.012345.tmp`);
      writeFileSync(stale, 'half a png');
      writeFileSync(fresh, 'being written');
      const old = new Date(clock - 2 * 3600 * 1000);
      utimesSync(stale, old, old);
      utimesSync(fresh, new Date(clock), new Date(clock));
      assert.deepEqual(await store.usage(), { count: 1, bytes: a.bytes });
      assert.deepEqual(filesIn(dir).map((f) => path.basename(f)).sort(), [`${a.hash}.png`, path.basename(fresh)].sort());
    });
  });

  describe('Clear History (removeUnreferenced)', () => {
    it('removes what no owner references, keeps what another workspace still shows', async () => {
      const mine = await store.put(numberedPng(1));
      const shared = await store.put(numberedPng(2));
      const theirs = await store.put(numberedPng(3));
      await store.setReferences('file:///mine', { referenced: [mine.hash, shared.hash], pinned: [] });
      await store.setReferences('file:///theirs', { referenced: [shared.hash, theirs.hash], pinned: [] });
      // This window clears its history.
      await store.setReferences('file:///mine', { referenced: [], pinned: [] });
      const report = await store.removeUnreferenced({ released: [mine.hash, shared.hash] });
      assert.deepEqual({ removed: report.removed, freedBytes: report.freedBytes }, { removed: 1, freedBytes: mine.bytes });
      assert.deepEqual((await store.hashes()).sort(), [shared.hash, theirs.hash].sort());
    });

    it('leaves a young unreferenced snapshot (another window may be about to record it), removes an old one', async () => {
      const old = await store.put(numberedPng(1));
      tick(60 * 60 * 1000);
      const young = await store.put(numberedPng(2));
      tick(1000);
      await store.removeUnreferenced({});
      assert.deepEqual(await store.hashes(), [young.hash]);
      assert.equal(await store.has(old.hash), false);
      await store.removeUnreferenced({ graceMs: 0 });
      assert.deepEqual(await store.hashes(), []);
    });

    it('keeps `keep` and what any owner pins', async () => {
      const a = await store.put(numberedPng(1));
      const b = await store.put(numberedPng(2));
      const c = await store.put(numberedPng(3));
      await store.setReferences('w', { referenced: [], pinned: [b.hash] });
      await store.removeUnreferenced({ keep: [a.hash], released: [a.hash, b.hash, c.hash] });
      assert.deepEqual((await store.hashes()).sort(), [a.hash, b.hash].sort());
      await store.dropReferences('w');
      await store.removeUnreferenced({ released: [b.hash] });
      assert.deepEqual(await store.hashes(), [a.hash]);
    });

    it('ignores a refs file it cannot read, and keeps only hashes from one it can', async () => {
      const a = await store.put(numberedPng(1));
      await store.setReferences('w', { referenced: [a.hash, 'not-a-hash', '../x'], pinned: [] });
      const refsDir = path.join(dir, 'refs');
      const [file] = readdirSync(refsDir);
      assert.deepEqual((JSON.parse(readFileSync(path.join(refsDir, file!), 'utf8')) as { referenced: string[] }).referenced, [a.hash]);
      writeFileSync(path.join(refsDir, `${'f'.repeat(32)}.json`), '{not json');
      await store.removeUnreferenced({ released: [a.hash] });
      assert.deepEqual(await store.hashes(), [a.hash]);
    });

    it('writes one owner\'s quick successive references in order', async () => {
      const a = await store.put(numberedPng(1));
      await Promise.all([
        store.setReferences('w', { referenced: [a.hash], pinned: [] }),
        store.setReferences('w', { referenced: [], pinned: [] }),
      ]);
      await store.removeUnreferenced({ released: [a.hash] });
      assert.deepEqual(await store.hashes(), []);
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
        for (const r of reports.slice(0, 2)) assert.deepEqual(r, { puts: 45, wrong: 0, evicted: 0 });
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

    it('one evicting while others write and read never shows wrong bytes, and a put after it stays', async () => {
      const pngs = [numberedPng(3, 200, 200), numberedPng(4, 200, 200)];
      const files = pngs.map((p, i) => {
        const f = path.join(os.tmpdir(), `${path.basename(dir)}-ev-${i}.png`);
        writeFileSync(f, p);
        return f;
      });
      try {
        const [writer, evictor] = await Promise.all([worker([dir, 'put', ...files, '--times', '30']), worker([dir, 'evict', '--times', '30'])]);
        assert.equal(writer.wrong, 0);
        assert.equal(writer.puts, 60);
        assert.ok(evictor.evicted >= 0);
      } finally {
        for (const f of files) rmSync(f, { force: true });
      }
      // Whatever the interleaving, what is there is intact, and a put now is kept.
      for (const h of await store.hashes()) assert.ok(pngs.some((p) => sha(p) === h));
      for (const p of pngs) {
        const kept = await store.put(p);
        assert.deepEqual(Buffer.from((await store.get(kept.hash))!), p);
        assert.equal(statSync(store.pathOf(kept.hash)).size, p.length);
      }
      assert.ok(filesIn(dir).every((f) => !path.basename(f).startsWith('.')), filesIn(dir).join(', '));
    });
  });
});
