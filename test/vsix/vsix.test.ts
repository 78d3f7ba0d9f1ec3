import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { zipEntries, type ZipEntry } from '../support/zipEntries';

/**
 * `npm run package`: what the VSIX holds, how big it is, and that Scene Snap works when installed from it
 * (test/smoke/ inside a code-server that has only the installed copy).
 */
const repoRoot = path.resolve(__dirname, '../../..');
const MAX_BYTES = 300 * 1024;

/** Entry names vsce may write: its own two files, and below extension/ only what the extension runs on. */
const ALLOWED: RegExp[] = [
  /^\[Content_Types\]\.xml$/,
  /^extension\.vsixmanifest$/,
  /^extension\/package\.json$/,
  /^extension\/package\.nls(\.[\w-]+)?\.json$/, // the manifest's translations
  /^extension\/l10n\/bundle\.l10n(\.[\w-]+)?\.json$/, // the code's translations
  /^extension\/readme\.md$/i,
  /^extension\/changelog\.md$/i,
  /^extension\/license(\.txt)?$/i,
  /^extension\/dist\/(extension|api|previewHost|snapshots|compare|compareWorker|compareView|editor|thumbnailWorker|checksHost)\.js$/,
  /^extension\/dist\/webview\/[^/]+$/,
  /^extension\/media\/.+$/, // webview styles, icons, walkthrough pages
];
/** Never in a package, even inside an allowed folder. */
const FORBIDDEN = /\.map$|(^|\/)(src|test|out|\.cache|node_modules|\.vscode-test|\.test-logs)(\/|$)/;

interface Run {
  code: number | null;
  output: string;
}

function run(args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** The translations in the checkout: each must ship. */
function translationFiles(): string[] {
  const nls = readdirSync(repoRoot).filter((f) => /^package\.nls(\.[\w-]+)?\.json$/.test(f));
  // The translated bundles; bundle.l10n.json (English, the export source) is not needed at run time.
  const bundles = existsSync(path.join(repoRoot, 'l10n')) ? readdirSync(path.join(repoRoot, 'l10n')).filter((f) => /^bundle\.l10n\.[\w-]+\.json$/.test(f)).map((f) => `l10n/${f}`) : [];
  return [...nls, ...bundles].map((f) => `extension/${f}`);
}

/** Every file path the manifest points at (main, icons, webview assets named in contributes). */
function manifestFiles(manifest: { main: string; icon?: string; contributes?: unknown }): string[] {
  const found = new Set([manifest.main, ...(manifest.icon ? [manifest.icon] : [])]);
  const visit = (value: unknown): void => {
    if (typeof value === 'string' && /^(\.\/)?(dist|media)\//.test(value)) found.add(value);
    else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  visit(manifest.contributes);
  return [...found].map((f) => `extension/${f.replace(/^\.\//, '')}`);
}

describe('the VSIX (npm run package)', function () {
  this.timeout(60_000);
  let dir: string;
  let vsix: string;
  let entries: ZipEntry[];

  before(async function () {
    this.timeout(120_000);
    dir = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-vsix-'));
    vsix = path.join(dir, 'scene-snap.vsix');
    const packed = await run([path.join(repoRoot, 'scripts', 'package.mjs'), '--out', vsix], 110_000);
    assert.equal(packed.code, 0, `npm run package failed:\n${packed.output}`);
    entries = zipEntries(readFileSync(vsix));
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('holds only the allowlisted files: no sources, tests, source maps, caches or node_modules', () => {
    const unexpected = entries.map((e) => e.name).filter((name) => FORBIDDEN.test(name) || !ALLOWED.some((re) => re.test(name)));
    assert.deepEqual(unexpected, [], `files that must not be in the VSIX (check .vscodeignore):\n${entries.map((e) => e.name).join('\n')}`);
  });

  it('holds every file the extension needs: manifest, docs, license, the bundles, what contributes names, translations', () => {
    const names = new Set(entries.map((e) => e.name.toLowerCase()));
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
    const needed = ['extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/dist/api.js', 'extension/dist/previewHost.js', 'extension/dist/snapshots.js', 'extension/dist/compare.js', 'extension/dist/compareWorker.js', 'extension/dist/compareView.js', 'extension/dist/editor.js', 'extension/dist/thumbnailWorker.js', 'extension/dist/checksHost.js', 'extension/dist/webview/compare.js', 'extension/dist/webview/compare.css', ...manifestFiles(manifest), ...translationFiles()];
    assert.deepEqual(needed.filter((n) => !names.has(n.toLowerCase())), [], 'missing from the VSIX');
    assert.ok(names.has('extension/license.txt') || names.has('extension/license'), 'the LICENSE is missing from the VSIX');
  });

  it(`is at most ${MAX_BYTES / 1024} KB`, () => {
    const bytes = statSync(vsix).size;
    const largest = [...entries].sort((a, b) => b.compressedSize - a.compressedSize).slice(0, 5).map((e) => `${e.name} ${(e.compressedSize / 1024).toFixed(1)} KB`);
    assert.ok(bytes <= MAX_BYTES, `the VSIX has ${(bytes / 1024).toFixed(1)} KB; the largest entries (compressed):\n${largest.join('\n')}`);
  });

  it('installs into VS Code and works from the installed copy (test/smoke/)', async function () {
    this.timeout(150_000);
    const smoke = await run(
      [path.join(repoRoot, 'test', 'host', 'run.mjs'), '--vsix', vsix, '--tests', path.join(repoRoot, 'out', 'test', 'smoke', 'index.js'), '--label', 'smoke', '--logs', path.join(dir, 'logs'), '--timeout', '120'],
      140_000,
    );
    assert.equal(smoke.code, 0, `the smoke suite failed against the installed VSIX:\n${smoke.output}`);
    assert.match(smoke.output, /^smoke: 2 passed, 0 failed$/m, smoke.output);
  });
});
