// @ts-check
// Builds Scene Snap.
//   node esbuild.mjs               development build of dist/ (source maps)
//   node esbuild.mjs --production  minified dist/ without source maps (what the VSIX ships)
//   node esbuild.mjs --production --outdir <dir>   the same into <dir> (packaging builds into a staging
//                                  copy, so that the dev build in dist/, which test runs use, stays)
//   node esbuild.mjs --watch       rebuild dist/ on change
//   node esbuild.mjs --tests       transpile src/ and test/ to out/ for mocha (one file per module)
//   node esbuild.mjs --cli         the command line into cli/dist/ (scene-snap.js and its compare worker),
//                                  apart from dist/ so that the VSIX does not grow
import * as esbuild from 'esbuild';
import { cp, readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildReportPage } from './scripts/reportPage.mjs';
import { simdParserOnly } from './scripts/simdParserOnly.mjs';
import { vscodeOnce } from './scripts/vscodeOnce.mjs';

const root = path.dirname(fileURLToPath(import.meta.url));
const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const outdirAt = process.argv.indexOf('--outdir');
const distDir = outdirAt > 0 && process.argv[outdirAt + 1] ? path.resolve(process.argv[outdirAt + 1]) : path.join(root, 'dist');

/**
 * Every file below `dir` (relative to the repo) whose name passes `keep`.
 * @param {string} dir
 * @param {(name: string) => boolean} keep
 */
async function filesBelow(dir, keep) {
  const entries = await readdir(path.join(root, dir), { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && keep(e.name))
    .map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

/** @type {esbuild.BuildOptions} */
const nodeBundle = {
  plugins: [vscodeOnce, simdParserOnly],
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

/**
 * The extension and its lazily loaded parts are separate bundles on purpose: activation loads only
 * dist/extension.js; dist/api.js (undici and the client) is required on the first request,
 * dist/previewHost.js (the preview's host side) when a preview is first needed, and dist/compare.js (the
 * compare client) on the first compare, dist/snapshots.js (the snapshot store) after the first screenshot; it runs dist/compareWorker.js (PNG decoder and pixelmatch) in a
 * worker thread.
 * @returns {esbuild.BuildOptions[]}
 */
function distBuilds() {
  /** @type {esbuild.BuildOptions[]} */
  const builds = [
    { ...nodeBundle, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: distDir },
    { ...nodeBundle, entryPoints: { api: 'src/core/api/index.ts' }, outdir: distDir },
    { ...nodeBundle, entryPoints: { previewHost: 'src/extension/preview/previewManager.ts' }, outdir: distDir },
    // The snapshot store, its downloads and blank check: loaded after the first screenshot.
    { ...nodeBundle, entryPoints: { snapshots: 'src/core/snapshots/index.ts' }, outdir: distDir },
    { ...nodeBundle, entryPoints: { compare: 'src/core/images/index.ts', compareWorker: 'src/core/images/compareWorker.ts' }, outdir: distDir },
    // The compare panel's host side (commands, pickers, panel), required on the first compare command.
    { ...nodeBundle, entryPoints: { compareView: 'src/extension/compareView/host.ts' }, outdir: distDir },
    // Rooms and tokens in editors (#23): providers and their commands, required when the first text
    // document opens; its thumbnails are made in dist/thumbnailWorker.js.
    { ...nodeBundle, entryPoints: { editor: 'src/extension/editor/editorFeature.ts', thumbnailWorker: 'src/core/images/thumbnailWorker.ts' }, outdir: distDir },
    // The checks of scene-snap.json (their core, the blank check, the result list), on the first checks command.
    { ...nodeBundle, entryPoints: { checksHost: 'src/extension/checks/checksHost.ts' }, outdir: distDir },
    {
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      entryPoints: { preview: 'src/webview/preview.ts', compare: 'src/webview/compare.ts' },
      outdir: path.join(distDir, 'webview'),
      sourcemap: production ? false : 'linked',
      minify: production,
      logLevel: 'warning',
    },
  ];
  return builds.map((b) => ({ ...b, absWorkingDir: root }));
}

async function buildDist() {
  await rm(distDir, { recursive: true, force: true });
  await Promise.all(distBuilds().map((b) => esbuild.build(b)));
}

/**
 * Tests run from out/, which mirrors the repo: out/src/** and out/test/**. Plain .mjs/.js files of test/
 * (the fake server, fixtures) are copied next to them so relative imports work from both trees.
 */
async function buildTests() {
  const out = path.join(root, 'out');
  await rm(out, { recursive: true, force: true });
  const isTs = (/** @type {string} */ n) => n.endsWith('.ts') && !n.endsWith('.d.ts');
  const entryPoints = [
    ...(await filesBelow('src', isTs)).filter((f) => !f.startsWith(path.join('src', 'webview'))),
    ...(await filesBelow('test', isTs)),
  ];
  await esbuild.build({
    absWorkingDir: root,
    entryPoints,
    outbase: '.',
    outdir: 'out',
    bundle: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  for (const file of await filesBelow('test', (/** @type {string} */ n) => /\.(mjs|js|json)$/.test(n))) {
    if (file.startsWith(path.join('test', 'host'))) continue; // the runner runs from test/host itself
    await cp(path.join(root, file), path.join(out, file));
  }
}

/**
 * The command line: one bundled file with its dependencies (undici, fast-png, pixelmatch, @vscode/l10n)
 * and a `#!/usr/bin/env node` banner, plus the compare worker it starts beside it; cli/package.json makes
 * cli/ an npm package whose bin is scene-snap. The HTML report's page (the compare panel's page code with a
 * stand-in host, scripts/reportPage.mjs) is built first and inlined as a define: it ships in scene-snap.js,
 * never in the VSIX.
 */
async function buildCli() {
  const outdir = path.join(root, 'cli', 'dist');
  const version = (/** @type {string} */ f) => readFile(path.join(root, f), 'utf8').then((t) => JSON.parse(t).version);
  await rm(outdir, { recursive: true, force: true });
  await esbuild.build({
    ...nodeBundle,
    absWorkingDir: root,
    entryPoints: { 'scene-snap': 'src/cli/main.ts', compareWorker: 'src/core/images/compareWorker.ts' },
    outdir,
    external: [],
    plugins: [],
    sourcemap: false,
    minify: true,
    banner: { js: '#!/usr/bin/env node' },
    define: {
      SCENE_SNAP_VERSION: JSON.stringify(await version('package.json')),
      PIXELMATCH_VERSION: JSON.stringify(await version('node_modules/pixelmatch/package.json')),
      SCENE_SNAP_REPORT_PAGE: JSON.stringify(await buildReportPage({ minify: true })),
    },
  });
}

if (args.has('--cli')) {
  await buildCli();
} else if (args.has('--tests')) {
  await buildTests();
} else if (args.has('--watch')) {
  await rm(path.join(root, 'dist'), { recursive: true, force: true });
  const contexts = await Promise.all(distBuilds().map((b) => esbuild.context(b)));
  await Promise.all(contexts.map((c) => c.watch()));
  console.log('[watch] building dist/ on every change; Ctrl-C to stop');
} else {
  await buildDist();
}
