// The side-by-side part of npm run bench:compare (compareBench.ts): a generated set of whiteboard pairs
// written to a temporary directory, then each tool as its own process (compareTool.ts) in interleaved
// rounds, timed from spawn to exit, with the peak memory of its process tree sampled from /proc. Every
// count of Scene Snap's must equal pixelmatch's on pngjs-decoded pixels (an independent decoder); odiff's
// and reg-cli's verdicts (changed or not) must agree with it; odiff's counts are reported beside it.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import { descendantsOf } from '../support/processTree';
import { edited, encode, whiteboard } from '../support/pngs';

const SET_VERSION = 1;

interface PairSet {
  name: string;
  dir: string;
  pairs: number;
  /** pixelmatch's count of each pair (threshold 0.1, anti-aliased pixels not counted). */
  expected: number[];
  bytes: number;
}

/**
 * `pairs` pairs of width × height whiteboards in dir/a and dir/b: when `mixed`, half changed, a quarter
 * identical bytes, a quarter the same pixels re-encoded (RGB instead of RGBA); otherwise all changed.
 */
function makeSet(root: string, name: string, width: number, height: number, pairs: number, mixed: boolean): PairSet {
  const dir = path.join(root, `${width}x${height}-${pairs}${mixed ? '-mixed' : ''}`);
  const made = path.join(dir, 'expected.json');
  if (existsSync(made)) return JSON.parse(readFileSync(made, 'utf8')) as PairSet;
  for (const side of ['a', 'b']) mkdirSync(path.join(dir, side), { recursive: true });
  const expected: number[] = [];
  let bytes = 0;
  for (let i = 0; i < pairs; i++) {
    const board = whiteboard(width, height, 1000 + i);
    const a = encode(board);
    const kind = mixed ? ['changed', 'changed', 'identical', 'reencoded'][i % 4] : 'changed';
    const b = kind === 'identical' ? a : kind === 'reencoded' ? encode(board, 2) : encode(edited(board, 5000 + i));
    const file = `${String(i).padStart(3, '0')}.png`;
    writeFileSync(path.join(dir, 'a', file), a);
    writeFileSync(path.join(dir, 'b', file), b);
    bytes += a.length + b.length;
    const pa = PNG.sync.read(Buffer.from(a));
    const pb = PNG.sync.read(Buffer.from(b));
    expected.push(pixelmatch(pa.data, pb.data, null, width, height, { threshold: 0.1 }));
  }
  const set = { name, dir, pairs, expected, bytes };
  writeFileSync(made, JSON.stringify(set));
  return set;
}

interface Run {
  tool: string;
  wallMs: number;
  /** From before the first read to the last answer, inside the process. */
  ms: number;
  counts: Array<number | boolean>;
  peakTreeKb: number;
  /** User + system CPU of the process tree, sampled (a process that ends between samples loses its last 25 ms). */
  cpuMs: number;
}

/** utime + stime of a process, in ms (/proc/<pid>/stat, fields 14 and 15, in clock ticks of 10 ms). */
function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

function rssKb(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function runTool(tool: string, set: PairSet, work: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [path.join(__dirname, 'compareTool.js'), tool, set.dir, String(set.pairs), work], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    let peak = 0;
    const cpu = new Map<number, number>();
    const sample = (): void => {
      if (child.pid === undefined) return;
      const tree = [child.pid, ...descendantsOf(child.pid).map((p) => p.pid)];
      peak = Math.max(peak, tree.reduce((sum, pid) => sum + rssKb(pid), 0));
      for (const pid of tree) cpu.set(pid, Math.max(cpu.get(pid) ?? 0, cpuMsOf(pid)));
    };
    const timer = setInterval(sample, 25);
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (child.pid !== undefined) cpu.set(child.pid, Math.max(cpu.get(child.pid) ?? 0, cpuMsOf(child.pid)));
      const wallMs = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${tool} exited with ${code}`));
      // Sampled only: a child's own maxRSS starts at its parent's (Linux keeps it across fork and exec).
      const line = JSON.parse(out.trim().split('\n').pop()!) as { ms: number; counts: Array<number | boolean> };
      resolve({ tool, wallMs, ms: line.ms, counts: line.counts, peakTreeKb: peak, cpuMs: [...cpu.values()].reduce((a, b) => a + b, 0) });
    });
  });
}

function available(request: string): boolean {
  try {
    require.resolve(request, { paths: [process.cwd(), ...(process.env.BENCH_TOOLS_DIR ? [process.env.BENCH_TOOLS_DIR] : [])] });
    return true;
  } catch {
    return false;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const ms = (n: number): string => n.toFixed(0);

/** Checks a run against pixelmatch's counts; returns how its counts compare. Throws on a wrong verdict. */
function check(run: Run, set: PairSet): string {
  run.counts.forEach((c, i) => {
    const want = set.expected[i]!;
    if (run.tool === 'scenesnap' && c !== want) throw new Error(`Scene Snap counted ${String(c)} changed pixels on ${set.name} pair ${i}, pixelmatch ${want}`);
    const changed = typeof c === 'boolean' ? c : c > 0;
    if (changed !== want > 0) throw new Error(`${run.tool} says pair ${i} of ${set.name} ${changed ? 'changed' : 'unchanged'}, pixelmatch counted ${want}`);
  });
  if (run.tool === 'reg-cli') return `verdicts only (${run.counts.filter(Boolean).length} changed)`;
  const total = (run.counts as number[]).reduce((a, b) => a + b, 0);
  const want = set.expected.reduce((a, b) => a + b, 0);
  return total === want ? `${total.toLocaleString('en')} (= pixelmatch)` : `${total.toLocaleString('en')} (pixelmatch ${want.toLocaleString('en')})`;
}

export async function sideBySide(rounds: number): Promise<void> {
  // The set is kept between runs (generating it takes a minute or two on a loaded machine); the work
  // directories (diff images) are not. SET_VERSION changes when the generator does.
  const setRoot = path.join(os.tmpdir(), `scene-snap-compare-bench-set-v${SET_VERSION}`);
  const root = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-compare-bench-'));
  try {
    const tools = ['scenesnap', ...(available('odiff-bin') ? ['odiff'] : []), ...(available('reg-cli/dist/cli.js') ? ['reg-cli'] : [])];
    const missing = ['odiff-bin', 'reg-cli'].filter((t) => !tools.includes(t === 'odiff-bin' ? 'odiff' : t));
    const t = performance.now();
    const sets = [makeSet(setRoot, '100 pairs of 1280×720', 1280, 720, 100, true), makeSet(setRoot, '10 pairs of 1920×1080', 1920, 1080, 10, false)];
    console.log(`\nSide by side (Node ${process.version}, ${os.availableParallelism()} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${rounds} interleaved rounds; set ready in ${ms(performance.now() - t)} ms, kept in ${setRoot})`);
    if (missing.length) console.log(`Not installed, so not measured: ${missing.join(', ')} (npm install, or BENCH_TOOLS_DIR).`);
    for (const set of sets) {
      const runs = new Map<string, Run[]>(tools.map((tool) => [tool, []]));
      const counted = new Map<string, string>();
      for (let r = 0; r < rounds; r++) {
        // Rotated order, so that drift in the machine's load hits every tool alike.
        for (let k = 0; k < tools.length; k++) {
          const tool = tools[(r + k) % tools.length]!;
          const work = path.join(root, 'work', `${tool}-${r}`);
          mkdirSync(work, { recursive: true });
          const run = await runTool(tool, set, work);
          counted.set(tool, check(run, set));
          runs.get(tool)!.push(run);
          rmSync(work, { recursive: true, force: true });
        }
      }
      const ours = median(runs.get('scenesnap')!.map((x) => x.wallMs));
      console.log(`\n${set.name} (${(set.bytes / 2 ** 20).toFixed(1)} MiB of PNG; ${set.expected.filter((c) => c > 0).length} changed per pixelmatch)\n`);
      console.log('| tool | wall time, process (median; min–max) | inside the process (median) | Scene Snap ÷ tool | CPU time, process tree (median) | peak memory, process tree | changed pixels counted |');
      console.log('|---|---:|---:|---:|---:|---:|---|');
      for (const tool of tools) {
        const xs = runs.get(tool)!;
        const wall = xs.map((x) => x.wallMs);
        const label = { scenesnap: 'Scene Snap (compareImages, all calls at once)', odiff: 'odiff-bin (server mode)', 'reg-cli': 'reg-cli' }[tool];
        console.log(`| ${label} | ${ms(median(wall))} ms; ${ms(Math.min(...wall))}–${ms(Math.max(...wall))} | ${ms(median(xs.map((x) => x.ms)))} ms | ${tool === 'scenesnap' ? '' : `${(ours / median(wall)).toFixed(2)} ×`} | ${ms(median(xs.map((x) => x.cpuMs)))} ms | ${(Math.max(...xs.map((x) => x.peakTreeKb)) / 1024).toFixed(0)} MB | ${counted.get(tool)} |`);
      }
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
