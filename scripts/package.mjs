// @ts-check
// Packs Scene Snap into scene-snap-<version>.vsix with vsce.
//
//   npm run package [-- --out <file.vsix>]
//
// The production build goes into a staging copy of the working tree, not into dist/: dist/ holds the
// development build that other test runs in this checkout are using at the same moment. The copy keeps the
// sources and tests on purpose, so that .vscodeignore (an allowlist) is what keeps them out of the VSIX, as
// it would be when packing the checkout itself.
import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { packagedReadme } from './packagedReadme.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Build outputs, caches and installed packages: never part of a package, and large. */
const NOT_STAGED = new Set(['.git', 'node_modules', '.cache', 'out', 'dist', '.test-logs', '.test-artifacts']);

/**
 * Runs a command; rejects with its output when it fails, so the caller can say which step broke.
 * @param {string} what  the step, for the error message
 * @param {string} cmd
 * @param {string[]} args
 * @param {string} cwd
 * @returns {Promise<string>} stdout and stderr
 */
function step(what, cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', (err) => reject(new Error(`${what}: ${err.message}`)));
    child.on('close', (code) => (code === 0 ? resolve(output) : reject(new Error(`${what} failed (exit ${code}):\n${output.trim()}`))));
  });
}

/**
 * @param {{ out?: string, log?: (line: string) => void }} [opts]
 * @returns {Promise<{ file: string, bytes: number }>}
 */
export async function packageVsix(opts = {}) {
  const log = opts.log ?? ((line) => console.log(`[package] ${line}`));
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8'));
  const file = path.resolve(opts.out ?? path.join(repoRoot, `${manifest.name}-${manifest.version}.vsix`));
  const staging = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-package-'));
  try {
    await cp(repoRoot, staging, {
      recursive: true,
      filter: (src) => {
        const rel = path.relative(repoRoot, src);
        return !NOT_STAGED.has(rel.split(path.sep)[0] ?? '') && !rel.endsWith('.vsix');
      },
    });
    await writeFile(path.join(staging, 'README.md'), packagedReadme(await readFile(path.join(repoRoot, 'README.md'), 'utf8')));
    await step('the production build (esbuild)', process.execPath, [path.join(repoRoot, 'esbuild.mjs'), '--production', '--outdir', path.join(staging, 'dist')], repoRoot);
    await mkdir(path.dirname(file), { recursive: true });
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    // --no-dependencies: esbuild bundled undici into dist/api.js; the VSIX needs no node_modules.
    // The project has no public repository URL yet. --allow-missing-repository: vsce would otherwise stop to
    // ask. --no-rewrite-relative-links: vsce would otherwise refuse the README's relative image links, which
    // it can only turn into absolute ones from that URL (the images themselves, docs/images/, are far too
    // big to ship). Once there is a URL, put it in package.json `repository` and drop both flags.
    const flags = ['--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links'];
    const output = await step('vsce package', process.execPath, [vsce, 'package', ...flags, '--out', file], staging);
    for (const line of output.split('\n')) if (/WARNING|warn/i.test(line)) log(line.trim());
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const { size } = await stat(file);
  const shown = file.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), file) : file;
  log(`${shown}: ${(size / 1024).toFixed(1)} KB`);
  return { file, bytes: size };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  packageVsix(values.out ? { out: values.out } : {}).catch((err) => {
    console.error(`[package] ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  });
}
