// A second process sharing a snapshot store with the test (another VS Code window, in the product):
//   node storeWorker.js <folder> put <png file>... --times N
//   node storeWorker.js <folder> evict --times N
// Prints one JSON line of what it did; exits non-zero on any exception.
import { readFileSync } from 'node:fs';
import { SnapshotStore } from '../../../src/snapshots/snapshotStore';

async function main(): Promise<void> {
  const [folder, mode, ...rest] = process.argv.slice(2);
  const timesAt = rest.indexOf('--times');
  const times = timesAt >= 0 ? Number(rest[timesAt + 1]) : 1;
  const files = timesAt >= 0 ? rest.slice(0, timesAt) : rest;
  const store = new SnapshotStore(folder!);
  const report = { puts: 0, wrong: 0, evicted: 0 };
  const pngs = files.map((f) => readFileSync(f));
  for (let i = 0; i < times; i++) {
    if (mode === 'put') {
      for (const png of pngs) {
        const kept = await store.put(png);
        report.puts++;
        const back = await store.get(kept.hash);
        // Missing is allowed (an evictor may have just taken it); other bytes never.
        if (back && !Buffer.from(back).equals(png)) report.wrong++;
      }
    } else if (mode === 'evict') {
      report.evicted += (await store.evict({ maxBytes: 0 })).removed;
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
