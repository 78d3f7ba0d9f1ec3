// A second process sharing a snapshot store with the test (another VS Code window, in the product):
//   node storeWorker.js <folder> put <png file>... --times N    put, then read back
//   node storeWorker.js <folder> keep <png file>... --times N   put, record as referenced, read back, let go
//   node storeWorker.js <folder> evict --for-ms T               evict down to 0 bytes, again and again for T ms
//   node storeWorker.js <folder> clear <png file>... --times N               Clear History of a window (references none)
// Prints one JSON line of what it did; exits non-zero on any exception.
//   wrong: a read of the file under a hash gave other bytes (never allowed);
//   lost: a PNG kept and recorded was not there when read back (allowed for put against an evictor, whose
//         cap may take it at once; never for keep, which only a Clear History of another window races).
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { SnapshotStore } from '../../../src/core/snapshots/snapshotStore';

async function main(): Promise<void> {
  const [folder, mode, ...rest] = process.argv.slice(2);
  const timesAt = rest.indexOf('--times');
  const forAt = rest.indexOf('--for-ms');
  const until = forAt >= 0 ? Date.now() + Number(rest[forAt + 1]) : 0;
  const times = timesAt >= 0 ? Number(rest[timesAt + 1]) : forAt >= 0 ? Infinity : 1;
  const files = rest.slice(0, [timesAt, forAt, rest.length].filter((i) => i >= 0).reduce((a, b) => Math.min(a, b)));
  const store = new SnapshotStore(folder!);
  const report = { puts: 0, wrong: 0, lost: 0, evicted: 0 };
  const pngs = files.map((f) => readFileSync(f));
  const owner = `worker:${process.pid}`;
  /** The raw file, not get(): get() checks the hash and would hide a torn or foreign file as missing. */
  const readBack = async (hash: string, png: Buffer): Promise<void> => {
    const raw = await readFile(store.pathOf(hash)).catch(() => undefined);
    if (raw === undefined) report.lost++;
    else if (!raw.equals(png)) report.wrong++;
  };
  for (let i = 0; i < times && (!until || Date.now() < until); i++) {
    if (mode === 'put') {
      for (const png of pngs) {
        const kept = await store.put(png);
        report.puts++;
        await readBack(kept.hash, png);
      }
    } else if (mode === 'keep') {
      for (const png of pngs) {
        const kept = await store.put(png);
        report.puts++;
        await store.setReferences(owner, { referenced: [kept.hash], pinned: [] });
        await readBack(kept.hash, png);
        await store.setReferences(owner, { referenced: [], pinned: [] });
      }
    } else if (mode === 'evict') {
      report.evicted += (await store.evict({ maxBytes: 0 })).removed;
    } else if (mode === 'clear') {
      await store.setReferences(owner, { referenced: [], pinned: [] });
      // Today's Clear History of an entry showing these PNGs (it used to remove them at once: `released`).
      report.evicted += (await store.removeUnreferenced()).removed;
    } else {
      throw new Error(`unknown mode ${mode}`);
    }
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
