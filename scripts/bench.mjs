// @ts-check
// npm run bench [-- --runs N] [-- --code-server <version>]
//
// Measures Scene Snap inside the real VS Code test host, as users get it (the production VSIX, installed
// next to a hello-world yardstick), N times in fresh hosts, and prints one table of medians with their
// spread: activation against the yardstick, the exported API against a bare undici request at 50 ms
// latency, the preview until its image is decoded, a 1,000-scene gallery against a 1-scene one, heap
// growth over 100 screenshots, and the sizes of what ships. The table also goes to
// .test-artifacts/bench.md and the raw figures to .test-artifacts/bench.json.
import { spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { cliRows } from './cliBench.mjs';
import { packageVsix } from './package.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(repoRoot, '.cache', 'bench');
const { values: opts } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'code-server': { type: 'string' } } });

/**
 * @param {string} what
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, echo?: boolean }} [o]
 */
function node(what, args, o = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: o.cwd ?? repoRoot, env: { ...process.env, ...o.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (/** @type {Buffer} */ c) => {
      output += c;
      if (o.echo) process.stderr.write(c);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${what} failed (exit ${code}):\n${output.slice(-3000)}`))));
  });
}

/** @param {number[]} xs */
function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? /** @type {number} */ (s[(s.length - 1) / 2]) : (/** @type {number} */ (s[s.length / 2 - 1]) + /** @type {number} */ (s[s.length / 2])) / 2;
}

/** @param {number} n @param {number} [digits] */
const fmt = (n, digits = 1) => n.toFixed(digits);

/** @param {number[]} xs @param {number} [digits] */
const summary = (xs, digits = 1) => {
  // A row the host could not measure (the preview rows need a test hook: test/bench/host/index.ts).
  const ok = xs.filter((x) => Number.isFinite(x));
  if (ok.length === 0) return { median: 'n/a', spread: 'not measured' };
  return { median: fmt(median(ok), digits), spread: `${fmt(Math.min(...ok), digits)}–${fmt(Math.max(...ok), digits)}` };
};

/**
 * #13's rows: compareImages against the bare decoder + pixelmatch in the same host, a 100-scene directory
 * compared with its last shot, and the compare panel's first paint after the command (two 1920×1080
 * snapshots). A run without kept snapshots measured no first paint (null); the row then says so.
 * @param {any[]} results
 */
function compareRows(results) {
  const ms = results.map((r) => r.comparePanelFirstPaintMs).filter((v) => typeof v === 'number');
  const shown = ms.length ? summary(ms) : { median: 'n/a', spread: 'no kept snapshots' };
  const c = results.map((r) => r.compare);
  const d = results.map((r) => r.directoryCompare).filter(Boolean);
  return [
    ['`compareImages`, two 1920×1080 PNGs (worker thread)', summary(c.map((x) => x.oursMs)), 'ms', ''],
    ['bare decodePng ×2 + pixelmatch, same host', summary(c.map((x) => x.bareMs)), 'ms', ''],
    ['`compareImages`: ratio', summary(c.map((x) => x.oursMs / x.bareMs), 2), '×', '≤ 1.3'],
    ['100-scene directory (1280×720) shot again: from the call to its badges (100 kept, 100 compared)', summary(d.map((x) => x.wallMs / 1000), 2), 's', ''],
    ['100-scene directory: max event-loop delay meanwhile', summary(d.map((x) => x.maxEventLoopDelayMs)), 'ms', '≤ 50'],
    ['100-scene directory: p99 event-loop delay', summary(d.map((x) => x.p99EventLoopDelayMs)), 'ms', ''],
    ['compare panel first paint after the command (two 1920×1080 snapshots)', shown, 'ms', ''],
  ];
}

/**
 * Issue #23's rows: the hover over a known room uuid in a 50,000-line log of 2,000 uuids against a fixed
 * one-line hover provider in the same host, the link provider over that log, the event loop while it is
 * scrolled (test/bench/host/editorBench.ts; alone: `npm run bench:editor`). Kept apart to ease merges.
 * @param {any[]} results
 */
function editorRows(results) {
  const e = results.map((r) => r.editor).filter(Boolean);
  // The provider's own times come from a test hook: measured only when the host runs the development build.
  /** @param {(x: any) => unknown} pick */
  const own = (pick) => {
    const xs = e.map(pick).filter((x) => typeof x === 'number');
    return xs.length ? summary(xs) : { median: 'n/a', spread: 'test hook only' };
  };
  return [
    ['editor hover, known room with its thumbnail (cached): Scene Snap, `executeHoverProvider` round trip', summary(e.map((x) => x.hover.oursMedianMs)), 'ms', '≤ 50'],
    ['editor hover: fixed one-line provider, same host', summary(e.map((x) => x.hover.fixedMedianMs)), 'ms', ''],
    ['editor hover: ratio', summary(e.map((x) => x.hover.oursMedianMs / x.hover.fixedMedianMs), 2), '×', '≤ 1.5'],
    ['editor hover: slowest of 30, Scene Snap (thumbnail cached)', summary(e.map((x) => x.hover.oursMaxMs)), 'ms', '≤ 50'],
    ['editor hover: slowest of 30, fixed one-line provider', summary(e.map((x) => x.hover.fixedMaxMs)), 'ms', ''],
    ['editor hover: 90th percentile of 30, Scene Snap / fixed one-line provider', summary(e.map((x) => x.hover.oursP90Ms / x.hover.fixedP90Ms), 2), '×', ''],
    ["editor hover: the provider's own time, slowest of 30", own((x) => x.hover.ownMaxMs), 'ms', ''],
    ['editor hover: the first (thumbnail made in the worker)', summary(e.map((x) => x.hover.firstMs)), 'ms', ''],
    ["editor links, 50,000-line log shown at its middle: the provider's own time per call (lines shown + 300 above and below)", own((x) => x.links.scanOwnMedianMs), 'ms', '≤ 5'],
    ["editor links: the provider's own time, slowest of 20 calls", own((x) => x.links.scanOwnMaxMs), 'ms', '≤ 5'],
    ['editor links: `executeLinkProvider` round trip (with VS Code\'s own link detection over the whole log)', summary(e.map((x) => x.links.callMedianMs)), 'ms', ''],
    ['editor links: `executeLinkProvider` round trip, Scene Snap\'s links off', summary(e.map((x) => x.links.callWithoutOursMedianMs)), 'ms', ''],
    ['editor: max event-loop delay scrolling the log, feature on', summary(e.map((x) => x.scroll.on.maxEventLoopDelayMs)), 'ms', '≤ 50'],
    ['editor: max event-loop delay scrolling the log, feature off', summary(e.map((x) => x.scroll.off.maxEventLoopDelayMs)), 'ms', ''],
    ['editor: link provider registered anew while scrolling (asked again each time)', summary(e.map((x) => x.scrollRelinks?.reregistered ?? NaN), 0), '', ''],
  ];
}

async function sizes() {
  const dist = path.join(work, 'dist');
  await node('the production build', [path.join(repoRoot, 'esbuild.mjs'), '--production', '--outdir', dist]);
  const size = async (/** @type {string} */ f) => (await stat(path.join(dist, f))).size;
  return {
    extension: await size('extension.js'),
    api: await size('api.js'),
    previewHost: await size('previewHost.js'),
    snapshots: await size('snapshots.js'),
    webview: (await size(path.join('webview', 'preview.js'))) + (await size(path.join('webview', 'preview.css'))),
  };
}

/**
 * #12: keeping the 1,000 snapshots of the deck after its directory screenshot (test/bench/host/index.ts
 * keepDeckSnapshots). Kept apart from the other rows to ease merges.
 * @param {any[]} results
 */
function snapshotRows(results) {
  const k = results.map((r) => r.snapshots);
  return [
    ['keep 1,000 snapshots (1280×720): the directory call resolves', summary(k.map((s) => s.resolvedMs)), 'ms', ''],
    ['keep 1,000 snapshots: until all are in the store', summary(k.map((s) => s.wallMs / 1000), 2), 's', ''],
    ['keep 1,000 snapshots: max event-loop delay meanwhile', summary(k.map((s) => s.maxEventLoopDelayMs)), 'ms', '≤ 50'],
    ['keep 1,000 snapshots: p99 event-loop delay', summary(k.map((s) => s.p99EventLoopDelayMs)), 'ms', ''],
    ['keep 1,000 snapshots: peak extension host RSS growth', summary(k.map((s) => s.peakRssGrowthMb)), 'MB', ''],
    ['keep 1,000 snapshots: store size on disk', summary(k.map((s) => s.storeMb)), 'MB', ''],
  ];
}

/**
 * #21: the memory of the blank check. A 1,000-scene directory of empty 4000×4000 scenes kept with the
 * blank check, once, in plain Node (test/bench/snapshotBench.ts --empty-scenes, its own fresh process).
 * Kept apart from the other rows to ease merges.
 */
async function emptySceneRows() {
  const out = await node('keeping 1,000 empty 4000×4000 scenes', ['--expose-gc', path.join(repoRoot, 'out', 'test', 'bench', 'snapshotBench.js'), '--empty-scenes']);
  const e = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  const once = (/** @type {string} */ what) => ({ median: what, spread: '1 run' });
  return [
    [`keep 1,000 empty ${e.width}×${e.height} scenes, with the blank check: peak RSS`, once(fmt(e.peakRssMb, 0)), 'MB', 'flat, not ~48 MB a scene in flight'],
    ['keep 1,000 empty scenes: RSS before the keep', once(fmt(e.startRssMb, 0)), 'MB', ''],
    ['keep 1,000 empty scenes: called Blank', once(`${e.blank} of ${e.kept}`), '', 'all'],
  ];
}

/**
 * #22: the region found for a room in the fifth data centre asked, at 50 ms latency, against one bare
 * room-info call (test/bench/regionBench.ts, plain Node, its own fresh process, dist/api.js as shipped).
 * Kept apart from the other rows to ease merges.
 */
async function regionRows() {
  const out = await node('finding a region', [path.join(repoRoot, 'out', 'test', 'bench', 'regionBench.js')]);
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  const once = (/** @type {string} */ what) => ({ median: what, spread: `median of ${r.rounds} calls, 1 run` });
  return [
    [`region found, room in the 5th region asked, ${r.latencyMs} ms latency`, once(fmt(r.findRegionMedianMs)), 'ms', ''],
    ['one bare room-info call (undici), same latency', once(fmt(r.bareRoomInfoMedianMs)), 'ms', ''],
    ['region found: ratio', once(fmt(r.ratio, 3)), '×', '≤ 1.2'],
  ];
}

/**
 * The yardstick's folder with undici bundled beside it (issue #15): `vsce package --no-dependencies` ships
 * no node_modules, so its `benchHello.shot` requires ./undici.js, one esbuild bundle of the same undici
 * Scene Snap ships. Built in .cache/bench, so the source folder stays as checked in.
 */
async function helloWithUndici() {
  const dir = path.join(work, 'hello');
  await cp(path.join(repoRoot, 'test', 'bench', 'hello'), dir, { recursive: true });
  const { build } = await import('esbuild');
  await build({ stdin: { contents: "module.exports = require('undici');", resolveDir: repoRoot }, bundle: true, platform: 'node', format: 'cjs', target: 'node20', minify: true, outfile: path.join(dir, 'undici.js'), logLevel: 'error' });
  return dir;
}

/**
 * The rows of issue #15: the screenshot command to its preview tab, to its image decoded, and a second
 * shot into the reused panel, each beside the yardstick (bare undici + a bare webview) and the ratio.
 * @param {any[]} results
 */
function pathRows(results) {
  const p = results.map((r) => r.previewPath);
  /** @type {Array<[string, string]>} */
  const figures = [
    ['command → preview tab exists', 'tab'],
    ['command → image decoded in the page', 'decoded'],
    ['second shot, reused panel → new image decoded', 'reused'],
  ];
  return figures.flatMap(([name, k]) => [
    [`${name}: Scene Snap, 0 ms latency`, summary(p.map((x) => x.snap[k])), 'ms', ''],
    [`${name}: yardstick (bare undici + webview)`, summary(p.map((x) => x.hello[k])), 'ms', ''],
    [`${name}: ratio`, summary(p.map((x) => x.snap[k] / x.hello[k]), 2), '×', '≤ 1.1'],
  ]);
}

/**
 * Issue 21's rows: a 50,000-scene directory's gallery (the page gets what the history keeps of it, and
 * renders only the tiles around its viewport). Kept apart from the other rows to ease merges.
 * @param {any[]} gal
 */
function hugeGalleryRows(gal) {
  const huge = gal.map((g) => g.huge ?? {});
  return [
    ['gallery first paint: 50,000 scenes (from the call)', summary(huge.map((h) => h.ms)), 'ms', ''],
    ['gallery page, init to first paint: 50,000 scenes', summary(huge.map((h) => h.renderMs)), 'ms', ''],
    ['gallery DOM elements: 50,000 scenes', summary(huge.map((h) => h.domNodes), 0), '', 'bounded: a screenful'],
    ['gallery tiles in the DOM: 50,000 scenes', summary(huge.map((h) => h.tiles), 0), '', `of ${huge.find((h) => h.scenesShown)?.scenesShown ?? '?'} kept`],
    ['gallery page JS heap: 50,000 scenes', summary(huge.map((h) => h.heapMb)), 'MB', ''],
  ];
}

/**
 * Issue 22's rows: a whole room of 20 directories × 50 scenes. The walk against bare undici at 50 ms latency,
 * in plain Node (test/bench/wholeRoomBench.ts, its own process; alone: `node out/test/bench/wholeRoomBench.js`),
 * and the grouped gallery's first paint in the host runs. Kept apart from the other rows to ease merges.
 * @param {any[]} gal
 */
async function wholeRoomRows(gal) {
  const out = await node('a whole room of 20 × 50 scenes', [path.join(repoRoot, 'out', 'test', 'bench', 'wholeRoomBench.js'), '--runs', '7']);
  const w = JSON.parse(out.trim().split('\n').pop() ?? '{}');
  const runsOf = (/** @type {string} */ what) => ({ median: what, spread: `median of ${w.runs}` });
  return [
    ['whole room 20 × 50 at 50 ms latency: scene list + 20 screenshot-list, 4 at once', runsOf(fmt(w.oursMs)), 'ms', ''],
    ['the same 20 calls by bare undici, 4 at once', runsOf(fmt(w.bareMs)), 'ms', ''],
    ['whole room: ratio', runsOf(fmt(w.ratio, 2)), '×', '≤ 1.3'],
    ['whole room: max event-loop delay meanwhile', { median: fmt(w.maxEventLoopDelayMs), spread: `worst ${fmt(w.worstEventLoopDelayMs)}, p99 ${fmt(w.p99EventLoopDelayMs)}` }, 'ms', '≤ 50'],
    ['gallery first paint: whole room of 20 × 50 scenes, grouped', summary(gal.map((g) => g.wholeRoomMs ?? NaN)), 'ms', ''],
    ['gallery first paint: whole room against 1 scene', summary(gal.map((g) => (g.wholeRoomMs ?? NaN) / g.oneMs), 2), '×', '≤ 2'],
  ];
}

async function main() {
  const runs = Number(opts.runs);
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  console.log('[bench] building the tests, the VSIX and the hello-world yardstick');
  await node('compiling the tests', [path.join(repoRoot, 'esbuild.mjs'), '--tests']);
  const snap = await packageVsix({ out: path.join(work, 'scene-snap.vsix'), log: () => {} });
  const helloVsix = path.join(work, 'hello.vsix');
  const helloDir = await helloWithUndici();
  await node('packaging the yardstick', [path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '-o', helloVsix], {
    cwd: helloDir,
  });

  /** @type {any[]} */
  const results = [];
  for (let i = 0; i < runs; i++) {
    const out = path.join(work, `run-${i}.json`);
    console.log(`[bench] run ${i + 1} of ${runs}`);
    const args = [path.join(repoRoot, 'test', 'host', 'run.mjs'), '--tests', 'out/test/bench/host/index.js', '--vsix', snap.file, '--vsix', helloVsix, '--label', `bench-${i}`, '--timeout', '300'];
    if (opts['code-server']) args.push('--code-server', opts['code-server']);
    await node(`benchmark run ${i + 1}`, args, { env: { SCENE_SNAP_BENCH_OUT: out, SCENE_SNAP_BENCH_RUN: String(i) } });
    results.push(JSON.parse(await readFile(out, 'utf8')));
  }
  const bytes = await sizes();
  console.log('[bench] keeping 1,000 empty 4000×4000 scenes (blank check memory)');
  const emptyScenes = await emptySceneRows();
  console.log('[bench] finding the region of a room (5 data centres at once)');
  const regions = await regionRows();
  console.log('[bench] a whole room of 20 × 50 scenes');
  const wholeRoom = await wholeRoomRows(results.map((r) => r.gallery));
  console.log('[bench] the command line: shot and check against bare scripts (scripts/cliBench.mjs)');
  await node('building the command line', [path.join(repoRoot, 'esbuild.mjs'), '--cli']);
  const commandLine = await cliRows(runs);

  const act = results.map((r) => r.activation);
  const over = results.map((r) => r.overhead50ms);
  const gal = results.map((r) => r.gallery);
  const rows = [
    ['activation: Scene Snap `activate()`', summary(act.map((a) => a.sceneSnapMs)), 'ms', ''],
    ['activation: hello-world yardstick', summary(act.map((a) => a.helloMs)), 'ms', ''],
    ['activation: ratio', summary(act.map((a) => a.sceneSnapMs / a.helloMs), 2), '×', '≤ 1.5'],
    // Its own part of it: loading the main module and the activate() call (test/bench/host: ownActivationTime).
    ['activation, own time (loading + `activate()` call): Scene Snap', summary(act.map((a) => a.sceneSnapOwn.loadMs + a.sceneSnapOwn.activateMs)), 'ms', ''],
    ['activation, own time: of which loading dist/extension.js', summary(act.map((a) => a.sceneSnapOwn.loadMs)), 'ms', ''],
    ['activation, own time: hello-world yardstick', summary(act.map((a) => a.helloOwn.loadMs + a.helloOwn.activateMs)), 'ms', ''],
    ['undici loaded by activation', { median: act.some((a) => a.undiciLoadedByActivation) ? 'yes' : 'no', spread: `${runs} of ${runs} runs` }, '', 'no'],
    ['`screenshotScene` (no preview), 50 ms latency', summary(over.map((o) => o.oursMedianMs)), 'ms', ''],
    ['bare undici request, same call', summary(over.map((o) => o.bareMedianMs)), 'ms', ''],
    ['command overhead: ratio', summary(over.map((o) => o.oursMedianMs / o.bareMedianMs), 3), '×', '≤ 1.05'],
    ['with the preview: until the image is decoded', summary(results.map((r) => r.previewDecodedMs)), 'ms', ''],
    ...pathRows(results),
    ['gallery first paint: 1 scene', summary(gal.map((g) => g.oneMs)), 'ms', ''],
    ['gallery first paint: 1,000 scenes', summary(gal.map((g) => g.thousandMs)), 'ms', ''],
    ['gallery first paint: ratio', summary(gal.map((g) => g.thousandMs / g.oneMs), 2), '×', '≤ 2'],
    ['images requested by first paint (1,000 scenes)', summary(gal.map((g) => g.thousandImagesRequestedAtFirstPaint), 0), '', 'only visible ones'],
    ...hugeGalleryRows(gal),
    ...wholeRoom,
    ['extension host heap growth over 100 screenshots', summary(results.map((r) => r.heapGrowthMb)), 'MB', '≤ 20'],
    ...snapshotRows(results),
    ...emptyScenes,
    ...regions,
    ...compareRows(results),
    ...editorRows(results),
    ...commandLine,
    ['size: what activation loads (dist/extension.js)', { median: fmt(bytes.extension / 1024), spread: 'minified' }, 'KB', ''],
    ['size: lazy API client (dist/api.js, with undici)', { median: fmt(bytes.api / 1024), spread: 'minified' }, 'KB', ''],
    ['size: lazy preview host (dist/previewHost.js)', { median: fmt(bytes.previewHost / 1024), spread: 'minified' }, 'KB', ''],
    ['size: lazy snapshot store (dist/snapshots.js)', { median: fmt(bytes.snapshots / 1024), spread: 'minified' }, 'KB', ''],
    ['size: webview bundle (preview.js + preview.css)', { median: fmt(bytes.webview / 1024), spread: 'minified' }, 'KB', ''],
    ['size: VSIX', { median: fmt(snap.bytes / 1024), spread: 'zip' }, 'KB', '≤ 300'],
  ];
  const table = [
    `Scene Snap benchmark: ${runs} runs in VS Code ${results[0]?.vscode ?? '?'} (code-server), ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| figure | median | spread (min–max) | unit | goal |',
    '|---|---:|---:|---|---|',
    ...rows.map(([name, s, unit, goal]) => `| ${name} | ${/** @type {any} */ (s).median} | ${/** @type {any} */ (s).spread} | ${unit} | ${goal} |`),
  ].join('\n');
  console.log(`\n${table}\n`);
  const artifacts = path.join(repoRoot, '.test-artifacts');
  await mkdir(artifacts, { recursive: true });
  await writeFile(path.join(artifacts, 'bench.md'), `${table}\n`);
  await writeFile(path.join(artifacts, 'bench.json'), `${JSON.stringify({ runs: results, sizes: { ...bytes, vsix: snap.bytes } }, null, 2)}\n`);
}

main().catch((err) => {
  console.error(`[bench] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
