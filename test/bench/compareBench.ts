// npm run bench:compare [single|tools]: two parts, both by default.
// - single: compareImages (the exported API's path: the compare client and its worker pool, production
//   bundles from dist/) against the bare pipeline in-process (decodePng of both PNGs, then pixelmatch), on
//   two 1920×1080 whiteboard PNGs; and the main thread's event-loop delay during 100 pairs.
// - tools: side by side on one generated set (compareBenchSet.ts), each tool its own process
//   (compareTool.ts), interleaved rounds: Scene Snap's engine (all calls at once), odiff-bin in its server
//   mode, reg-cli. They are not dependencies (odiff-bin's per-platform binaries keep a lock written on one
//   platform from installing on another with npm ci): `npm install --no-save odiff-bin@4.5.0 reg-cli@0.18.16`
//   first, or BENCH_TOOLS_DIR=<dir> finds them in <dir>/node_modules. A tool not installed is said, not measured. ROUNDS: rounds of the single part (30); TOOL_ROUNDS: of the side by side (5).
// Plain Node. Run after a production build (dist/) and the test transpile (out/), as the npm script does.
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import pixelmatch from 'pixelmatch';
import { decodePng } from '../../src/core/images/decodePng';
import { edited, encode, whiteboard } from '../support/pngs';
import { sideBySide } from './compareSideBySide';

type Compare = typeof import('../../src/core/images/index');

const root = path.join(__dirname, '..', '..', '..');
const dist = (file: string): string => path.join(root, 'dist', file);
const now = (): number => Number(process.hrtime.bigint()) / 1e6;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
const ms = (n: number): string => n.toFixed(1);

function bare(a: Uint8Array, b: Uint8Array): number {
  const da = decodePng(a);
  const db = decodePng(b);
  return pixelmatch(da.data as Uint8Array, db.data as Uint8Array, null, da.width, da.height);
}

async function singlePair(): Promise<void> {
  const { createCompareApi } = require(dist('compare.js')) as Compare;
  const api = createCompareApi();
  const board = whiteboard(1920, 1080, 1);
  const a = encode(board);
  const b = encode(edited(board, 2));

  const rounds = Number(process.env.ROUNDS ?? 30);
  for (let i = 0; i < 5; i++) {
    await api.compareImages(a, b);
    bare(a, b);
  }
  const viaApi: number[] = [];
  const viaBare: number[] = [];
  let result: Awaited<ReturnType<typeof api.compareImages>> | undefined;
  for (let i = 0; i < rounds; i++) {
    // Interleaved, so that drift in the machine's load hits both sides alike.
    let t = now();
    result = await api.compareImages(a, b);
    viaApi.push(now() - t);
    t = now();
    const count = bare(a, b);
    viaBare.push(now() - t);
    if (count !== result.changedPixels) throw new Error(`bare pipeline counted ${count}, compareImages ${result.changedPixels}`);
  }

  // 100 pairs queued at once, as a directory compare does; the main thread only posts and receives.
  const pairs = 100;
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const elu0 = performance.eventLoopUtilization();
  const t100 = now();
  await Promise.all(Array.from({ length: pairs }, () => api.compareImages(a, b)));
  const wall100 = now() - t100;
  const busy = performance.eventLoopUtilization(elu0);
  loop.disable();

  // The machine's own noise: an idle main thread for as long, with the worker idle too.
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((r) => setTimeout(r, Math.min(wall100, 20_000)));
  idle.disable();

  // The same work on the main thread, for contrast: what the event loop would see without the worker.
  const inline = monitorEventLoopDelay({ resolution: 1 });
  inline.enable();
  for (let i = 0; i < 10; i++) {
    bare(a, b);
    await new Promise((r) => setImmediate(r));
  }
  inline.disable();
  api.dispose();

  const production = !readFileSync(dist('compare.js'), 'utf8').includes('sourceMappingURL=');
  const ratio = median(viaApi) / median(viaBare);
  console.log(`Scene Snap compare bench (Node ${process.version}, ${process.platform}/${process.arch}, ${rounds} rounds)\n`);
  console.log(`Two 1920×1080 whiteboard PNGs (${(a.length / 1024).toFixed(0)} and ${(b.length / 1024).toFixed(0)} KiB); ${result!.changedPixels.toLocaleString('en')} pixels changed (${(result!.changedRatio * 100).toFixed(2)} %), ${result!.boxes.length} boxes.\n`);
  console.log('| figure | value | goal |');
  console.log('|---|---:|---|');
  console.log(`| compareImages (worker client), median | ${ms(median(viaApi))} ms |  |`);
  console.log(`| bare decodePng ×2 + pixelmatch in-process, median | ${ms(median(viaBare))} ms |  |`);
  console.log(`| ratio of the medians | ${ratio.toFixed(2)} × | ≤ 1.3 |`);
  console.log(`| 100 pairs queued at once: wall time | ${ms(wall100)} ms |  |`);
  console.log(`| 100 pairs: max event-loop delay of the main thread | ${ms(loop.max / 1e6)} ms | ≤ 50 |`);
  console.log(`| 100 pairs: p99 event-loop delay | ${ms(loop.percentile(99) / 1e6)} ms |  |`);
  console.log(`| 100 pairs: main thread busy (event-loop utilization) | ${(busy.utilization * 100).toFixed(2)} % of ${ms(wall100)} ms |  |`);
  console.log(`| baseline: max event-loop delay of an idle main thread, as long (up to 20 s) | ${ms(idle.max / 1e6)} ms |  |`);
  console.log(`| for contrast, bare pipeline on the main thread: max event-loop delay | ${ms(inline.max / 1e6)} ms |  |`);
  console.log(`| dist/compare.js (host side, loaded on the first compare) | ${(statSync(dist('compare.js')).size / 1024).toFixed(1)} KB |  |`);
  console.log(`| dist/compareWorker.js (decoder + pixelmatch + regions) | ${(statSync(dist('compareWorker.js')).size / 1024).toFixed(1)} KB |  |`);
  if (!production) console.log('\nWarning: dist/ is a development build (source maps, not minified); sizes are not what ships.');
}

async function main(): Promise<void> {
  const part = process.argv[2];
  if (part !== 'tools') await singlePair();
  if (part !== 'single') await sideBySide(Number(process.env.TOOL_ROUNDS ?? 5));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
