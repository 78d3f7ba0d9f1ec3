// npm run bench:snapshots: keeping the 1,000 PNGs of the fake service's 1,000-scene deck through
// keepSnapshots into a fresh store, in plain Node: wall time, the largest event-loop delay while it runs
// (perf_hooks.monitorEventLoopDelay; goal ≤ 50 ms), memory, and the store's size on disk; then the same
// again (every image already kept: the dedupe path), usage() and an eviction to half.
// The fake service runs in a child process and draws every PNG before the measured runs, so that drawing
// them does not count against this loop.
// Then the memory of the blank check (issue #21): a 1,000-scene directory of empty 4000×4000 scenes kept
// with the blank check the extension runs on each kept PNG, in a fresh process of its own (its RSS is not
// the deck's leftovers): peak RSS during the keep.
//   node out/test/bench/snapshotBench.js [--width 1280] [--height 720] [--concurrency 4]
//   node out/test/bench/snapshotBench.js --empty-scenes   (only that, as JSON: scripts/bench.mjs)
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver, monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { Agent } from 'undici';
import { fetchPng } from '../../src/core/api/download';
import { checkBlankPng } from '../../src/core/images/blankPng';
import { keepSnapshots, type FetchPng, type KeepOptions, type KeepOutcome } from '../../src/core/snapshots/keepSnapshots';
import { SnapshotStore } from '../../src/core/snapshots/snapshotStore';
import { emptyScenePng, withText } from '../support/bigPngs';
import { ROOMS } from '../support/rooms';
import { clearProxyEnvironment } from '../unit/support/fakeApi';

const MB = 1024 * 1024;

/** Starts the fake service in its own process; resolves to its URL and admin SDK token. */
function startFakeProcess(): Promise<{ child: ChildProcess; url: string; token: string }> {
  const script = path.join(__dirname, '..', 'fake-netless', 'server.mjs');
  const child = spawn(process.execPath, [script, '--port', '0', '--png-cache', '1000'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /^(http:\/\/\S+)$/m.exec(out)?.[1];
      const token = /^SDK token \(admin\): (\S+)$/m.exec(out)?.[1];
      if (url && token) resolve({ child, url, token });
    });
    child.once('exit', (code) => reject(new Error(`the fake service exited with ${code}`)));
  });
}

async function diskBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).blocks * 512;
  }
  return total;
}

interface Run {
  wallMs: number;
  maxDelayMs: number;
  p99DelayMs: number;
  peakRssMb: number;
  peakHeapMb: number;
  /** The longest garbage collection pause (blocks the loop whatever the machine's load). */
  maxGcMs: number;
  /** CPU time of this process (user + system), which the machine's load does not inflate much. */
  cpuMs: number;
  outcomes: KeepOutcome[];
}

/** One keepSnapshots run, watched. */
async function measure(results: { url: string }[], fetcher: FetchPng, store: KeepOptions['store'], concurrency: number, sampleMs = 50): Promise<Run> {
  global.gc?.();
  const delay = monitorEventLoopDelay({ resolution: 5 });
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const sampler = setInterval(sample, sampleMs);
  let maxGc = 0;
  const gc = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) maxGc = Math.max(maxGc, entry.duration);
  });
  gc.observe({ entryTypes: ['gc'] });
  delay.enable();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const outcomes = await keepSnapshots(results, { fetchPng: fetcher, store, concurrency });
  const wallMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  delay.disable();
  clearInterval(sampler);
  gc.disconnect();
  sample();
  return { wallMs, maxDelayMs: delay.max / 1e6, p99DelayMs: delay.percentile(99) / 1e6, peakRssMb: peakRss / MB, peakHeapMb: peakHeap / MB, maxGcMs: maxGc, cpuMs: (used.user + used.system) / 1000, outcomes };
}

/** The event-loop delay of a loop doing nothing: what the machine itself adds (a busy shared machine). */
async function idleDelayMs(ms: number): Promise<number> {
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  await new Promise((resolve) => setTimeout(resolve, ms));
  delay.disable();
  return delay.max / 1e6;
}

export interface EmptyScenesFigures {
  scenes: number;
  width: number;
  height: number;
  kept: number;
  blank: number;
  wallMs: number;
  /** RSS before the keep, and its peak during it (sampled every 10 ms). */
  startRssMb: number;
  peakRssMb: number;
  peakHeapMb: number;
}

/** Serves `count` empty scenes at /empty/<n>.png on a loopback port: one colour, other bytes for each (a tEXt). */
async function emptyScenesServer(count: number, width: number, height: number): Promise<{ server: Server; urls: string[] }> {
  const base = await emptyScenePng(width, height, [250, 250, 250]);
  const server = createServer((req, res) => {
    const n = /^\/empty\/(\d+)\.png$/.exec(req.url ?? '')?.[1];
    if (n === undefined) return void res.writeHead(404).end();
    const png = withText(base, 'Scene', n);
    res.writeHead(200, { 'content-type': 'image/png', 'content-length': png.length }).end(png);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { server, urls: Array.from({ length: count }, (_, i) => `http://127.0.0.1:${port}/empty/${i}.png`) };
}

/**
 * Keeps `count` empty scenes as the extension does (src/extension/snapshots/snapshotService.ts: each PNG put in the
 * store, then its blank check while the bytes are at hand), and watches this process's memory meanwhile.
 */
async function keepEmptyScenes(count: number, width: number, height: number, concurrency: number): Promise<EmptyScenesFigures> {
  const { server, urls } = await emptyScenesServer(count, width, height);
  const folder = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-empty-bench-'));
  const agent = new Agent({ connections: concurrency * 2 });
  try {
    const store = new SnapshotStore(folder);
    let blank = 0;
    const checked: KeepOptions['store'] = {
      put: async (bytes) => {
        const stored = await store.put(bytes);
        if ((await checkBlankPng(bytes, stored)) === 'blank') blank++;
        return stored;
      },
    };
    const fetcher: FetchPng = (url, options) => fetchPng(url, { ...options, dispatcher: agent });
    global.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const startRssMb = process.memoryUsage().rss / MB;
    const run = await measure(urls.map((url) => ({ url })), fetcher, checked, concurrency, 10);
    return { scenes: count, width, height, kept: run.outcomes.filter((o) => o.kind === 'kept').length, blank, wallMs: run.wallMs, startRssMb, peakRssMb: run.peakRssMb, peakHeapMb: run.peakHeapMb };
  } finally {
    await agent.close();
    server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/** keepEmptyScenes in a fresh process (this file with --empty-scenes), so that its RSS starts clean. */
export function emptyScenesInChild(script: string): Promise<EmptyScenesFigures> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--expose-gc', script, '--empty-scenes'], { maxBuffer: 1024 * 1024 }, (err, stdout) => {
      if (err) return reject(err);
      resolve(JSON.parse(stdout.trim().split('\n').pop()!) as EmptyScenesFigures);
    });
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { width: { type: 'string', default: '1280' }, height: { type: 'string', default: '720' }, concurrency: { type: 'string', default: '4' }, 'empty-scenes': { type: 'boolean', default: false } },
  });
  if (values['empty-scenes']) {
    console.log(JSON.stringify(await keepEmptyScenes(1000, 4000, 4000, Number(values.concurrency))));
    return;
  }
  const [width, height, concurrency] = [Number(values.width), Number(values.height), Number(values.concurrency)];
  clearProxyEnvironment();
  const fake = await startFakeProcess();
  const folder = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-snapshot-bench-'));
  const agent = new Agent({ connections: concurrency * 2 });
  try {
    const response = await fetch(`${fake.url}/v5/rooms/${ROOMS.deck}/screenshot-list`, {
      method: 'POST',
      headers: { token: fake.token, region: 'eu', 'content-type': 'application/json' },
      body: JSON.stringify({ width, height, path: '/deck' }),
    });
    const results = (await response.json()) as { url: string }[];
    if (results.length !== 1000) throw new Error(`expected 1,000 scenes, got ${results.length}`);
    const store = new SnapshotStore(folder);
    const fetcher: FetchPng = (url, options) => fetchPng(url, { ...options, dispatcher: agent });
    let t = 0;

    // Every PNG drawn once beforehand (the fake keeps them), so that the measured runs pay for downloading
    // and keeping only, as they would against a real bucket, not for a neighbour process drawing pictures.
    t = performance.now();
    for (let i = 0; i < results.length; i += 8) {
      await Promise.all(results.slice(i, i + 8).map(async ({ url }) => (await fetch(url)).arrayBuffer()));
    }
    const drawMs = performance.now() - t;
    const idle = await idleDelayMs(5000);
    const first = await measure(results, fetcher, store, concurrency);
    const kept = first.outcomes.filter((o) => o.kind === 'kept').length;
    const failures = first.outcomes.filter((o) => o.kind === 'failed').map((o) => (o.kind === 'failed' ? o.code : ''));
    const usage = await store.usage();
    const onDisk = await diskBytes(folder);
    const again = await measure(results, fetcher, store, concurrency);

    t = performance.now();
    await store.usage();
    const usageMs = performance.now() - t;
    t = performance.now();
    const evicted = await store.evict({ maxBytes: Math.floor(usage.bytes / 2) });
    const evictMs = performance.now() - t;

    const row = (what: string, value: string, goal = ''): void => console.log(`| ${what} | ${value} | ${goal} |`);
    console.log(`Scene Snap snapshot bench (Node ${process.version}, ${process.platform}/${process.arch}, ${os.cpus().length} cores): 1,000 scenes of ${width}×${height}, ${concurrency} at once\n`);
    console.log('| figure | value | goal |');
    console.log('|---|---:|---|');
    row('kept (failed)', `${kept} (${failures.length}${failures.length ? `: ${[...new Set(failures)].join(', ')}` : ''})`);
    row('the fake service drawing the 1,000 PNGs (not measured below)', `${(drawMs / 1000).toFixed(1)} s`);
    row('idle loop for 5 s: max event-loop delay (the machine\'s own noise)', `${idle.toFixed(1)} ms`);
    row('first keep: wall time', `${(first.wallMs / 1000).toFixed(2)} s`);
    row('first keep: CPU time of this process, per snapshot', `${(first.cpuMs / 1000).toFixed(2)} ms`);
    row('first keep: max event-loop delay', `${first.maxDelayMs.toFixed(1)} ms`, '≤ 50 ms');
    row('first keep: p99 event-loop delay', `${first.p99DelayMs.toFixed(1)} ms`);
    row('first keep: longest GC pause', `${first.maxGcMs.toFixed(1)} ms`);
    row('first keep: peak RSS / heap used', `${first.peakRssMb.toFixed(0)} / ${first.peakHeapMb.toFixed(0)} MB`);
    row('store: snapshots, bytes (usage())', `${usage.count}, ${(usage.bytes / MB).toFixed(1)} MB`);
    row('store: size on disk (blocks)', `${(onDisk / MB).toFixed(1)} MB`);
    row('again, all already kept: wall time', `${(again.wallMs / 1000).toFixed(2)} s`);
    row('again: CPU time per snapshot', `${(again.cpuMs / 1000).toFixed(2)} ms`);
    row('again: max event-loop delay', `${again.maxDelayMs.toFixed(1)} ms`, '≤ 50 ms');
    row('usage() over 1,000 files', `${usageMs.toFixed(0)} ms`);
    row('evict to half the size', `${evictMs.toFixed(0)} ms (${evicted.removed} removed)`);
    const empty = await emptyScenesInChild(__filename);
    row(
      `1,000 empty ${empty.width}×${empty.height} scenes kept, with the blank check: peak RSS (at the start)`,
      `${empty.peakRssMb.toFixed(0)} MB (${empty.startRssMb.toFixed(0)} MB); ${empty.blank} of ${empty.kept} blank in ${(empty.wallMs / 1000).toFixed(1)} s`,
      'flat: not growing with the image',
    );
  } finally {
    await agent.close();
    fake.child.kill('SIGTERM');
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
