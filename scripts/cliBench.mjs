// @ts-check
// The command line's rows of `npm run bench` (issue #24), also runnable alone: node scripts/cliBench.mjs [--runs N]
//   - `scene-snap shot` at 50 ms latency, the whole process, against a bare Node script making the same
//     undici POST and writing the PNG (goal ≤ 1.3×);
//   - `scene-snap check` of 100 scenes (1280×720, half changed) at 0 ms latency against the bare pipeline
//     (the same downloads, fast-png decode and pixelmatch in as many workers), goal ≤ 1.3×; and 400 scenes,
//     goal ≤ 4.4× the 100-scene time.
// Needs the CLI bundle (node esbuild.mjs --cli); the fake service runs in this process.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CLI = path.join(repoRoot, 'cli', 'dist', 'scene-snap.js');
const ROOM_100 = 'b0000000000000000000000000000100';
const ROOM_400 = 'b0000000000000000000000000000400';
/** The compare pool's size (defaultPoolSize in src/core/images/compareClient.ts), for the bare pipeline. */
const WORKERS = Math.max(1, Math.min(4, availableParallelism()));

/** @param {string} file @param {string[]} args @param {Record<string, string>} env @returns {Promise<number>} ms */
function timed(file, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    // 1 is `check` finding the changed half; anything else (and 1 from the bare scripts) is a failure.
    child.on('close', (code) => (code === 0 || (code === 1 && file === CLI) ? resolve(performance.now() - started) : reject(new Error(`${path.basename(file)} ${args[0]} exited ${code}: ${err.slice(-2000)}`))));
  });
}

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? /** @type {number} */ (s[(s.length - 1) / 2]) : (/** @type {number} */ (s[s.length / 2 - 1]) + /** @type {number} */ (s[s.length / 2])) / 2;
}
/** @param {number[]} xs @param {number} [digits] */
const summary = (xs, digits = 1) => ({ median: median(xs).toFixed(digits), spread: `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}` });

/** @param {number} n */
const deck = (n) => Array.from({ length: n }, (_, i) => `/deck/s${String(i + 1).padStart(3, '0')}`);

/**
 * @param {number} runs
 * @returns {Promise<[string, {median: string, spread: string}, string, string][]>}
 */
export async function cliRows(runs) {
  const { startFakeNetless } = await import(pathToFileURL(path.join(repoRoot, 'test', 'fake-netless', 'server.mjs')).href);
  const work = await mkdtemp(path.join(tmpdir(), 'scene-snap-bench-cli-'));
  const fake = await startFakeNetless({
    rooms: [
      { uuid: ROOM_100, name: '100', region: 'us-sv', scenes: deck(100) },
      { uuid: ROOM_400, name: '400', region: 'us-sv', scenes: deck(400) },
    ],
    pngCacheSize: 2000,
  });
  const env = { SCENE_SNAP_API: fake.url, SCENE_SNAP_SDK_TOKEN: fake.sdkToken(), CI: '1' };
  try {
    // shot at 50 ms latency, whole process.
    fake.setLatency(50);
    const shot = { ours: /** @type {number[]} */ ([]), bare: /** @type {number[]} */ ([]) };
    for (let i = 0; i < runs; i++) {
      shot.ours.push(await timed(CLI, ['shot', ROOM_100, '/deck/s001', '--out', path.join(work, 'ours.png'), '--quiet'], env));
      shot.bare.push(await timed(path.join(repoRoot, 'scripts', 'cliBench', 'bareShot.mjs'), [fake.url, ROOM_100, '/deck/s001', path.join(work, 'bare.png')], env));
    }
    fake.setLatency(0);

    /** @param {string} room @param {number} n */
    const checkRun = async (room, n) => {
      const folder = path.join(work, `check-${n}`);
      await mkdir(folder, { recursive: true });
      await writeFile(path.join(folder, 'scene-snap.json'), JSON.stringify({ targets: [{ name: 'deck', room, directory: '/deck' }] }));
      await timed(CLI, ['check', '--config', path.join(folder, 'scene-snap.json'), '--update=all', '--quiet'], env);
      for (const scene of deck(n).filter((_, i) => i % 2 === 0)) fake.changeScene(room, scene);
      const ours = [];
      const bare = [];
      for (let i = 0; i < runs; i++) {
        // Warm the fake's PNG cache first so that drawing does not count against the first of the two.
        if (i === 0) await timed(CLI, ['check', '--config', path.join(folder, 'scene-snap.json'), '--quiet'], env);
        ours.push(await timed(CLI, ['check', '--config', path.join(folder, 'scene-snap.json'), '--quiet'], env));
        bare.push(await timed(path.join(repoRoot, 'scripts', 'cliBench', 'barePipeline.mjs'), [fake.url, room, '/deck', path.join(folder, 'scene-snap-baselines', 'deck'), String(WORKERS)], env));
      }
      return { ours, bare };
    };
    const c100 = await checkRun(ROOM_100, 100);
    const c400 = await checkRun(ROOM_400, 400);
    return [
      ['`scene-snap shot`, 50 ms latency, whole process', summary(shot.ours, 0), 'ms', ''],
      ['bare Node script: the same undici POST, PNG written', summary(shot.bare, 0), 'ms', ''],
      ['`scene-snap shot`: ratio', summary(shot.ours.map((o, i) => o / /** @type {number} */ (shot.bare[i])), 2), '×', '≤ 1.3'],
      [`\`scene-snap check\`, 100 scenes 1280×720, half changed, 0 ms latency (${WORKERS} compare workers)`, summary(c100.ours.map((x) => x / 1000), 2), 's', ''],
      ['bare pipeline: same downloads, fast-png decode + pixelmatch, same workers', summary(c100.bare.map((x) => x / 1000), 2), 's', ''],
      ['`scene-snap check` 100 scenes: ratio', summary(c100.ours.map((o, i) => o / /** @type {number} */ (c100.bare[i])), 2), '×', '≤ 1.3'],
      ['`scene-snap check`, 400 scenes', summary(c400.ours.map((x) => x / 1000), 2), 's', ''],
      ['`scene-snap check`: 400 scenes / 100 scenes', summary(c400.ours.map((o, i) => o / /** @type {number} */ (c100.ours[i])), 2), '×', '≤ 4.4'],
    ];
  } finally {
    await fake.close();
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
  const rows = await cliRows(Number(values.runs));
  console.log(['| figure | median | spread (min–max) | unit | goal |', '|---|---:|---:|---|---|', ...rows.map(([name, s, unit, goal]) => `| ${name} | ${s.median} | ${s.spread} | ${unit} | ${goal} |`)].join('\n'));
}
