// @ts-check
// Starting, using and stopping code-server (the VS Code server with a real Node extension host) and the
// headless Chromium that opens its web workbench. Shared by the test runner (run.mjs, also for the
// installed-VSIX smoke test) and the demo (scripts/demo.mjs). Facts behind each flag and setting:
// shared/notes/vscode-test-host.md.
import { spawn } from 'node:child_process';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a fresh profile needs to stay quiet: no welcome page, trust prompt, telemetry, updates, AI chat. */
export const QUIET_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'chat.disableAIFeatures': true,
  'workbench.tips.enabled': false,
  // Workspaces of test runs lie inside this repository; keep git from offering to open it.
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
};

/** Chromium flags for a headless run that never talks to the network on its own. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** @returns {Promise<number>} a loopback port nobody listens on right now */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * This machine's file as the web client names it: the server is "remote" from the browser's point of view.
 * @param {number} port
 * @param {string} file
 */
export function remoteUri(port, file) {
  return `vscode-remote://127.0.0.1:${port}${pathToFileURL(file).pathname}`;
}

/**
 * The workbench URL. code-server takes no --extensionDevelopmentPath on its command line; the web client
 * reads it (and extensionTestsPath) from the `payload` query parameter.
 * @param {number} port
 * @param {{ folder: string, payload: [string, string][] }} open
 */
export function workbenchUrl(port, open) {
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(open.folder)}&payload=${encodeURIComponent(JSON.stringify(open.payload))}`;
}

/**
 * Keeps code-server's own files (and marketplace lookups) out of $HOME and off the network.
 * @param {string} dir
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function serverEnv(dir, extra = {}) {
  return {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_DATA_HOME: path.join(dir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(dir, 'xdg-config'),
    ...extra,
  };
}

/**
 * @typedef {object} CodeServerOptions
 * @property {string} entry        code-server's out/node/entry.js (from setup.mjs ensureHost())
 * @property {string} node         the Node binary to run it with
 * @property {number} port
 * @property {string} dir          this run's folder: user data, config, XDG folders, the log
 * @property {string} [extensionsDir]  default <dir>/extensions
 * @property {NodeJS.ProcessEnv} [env]  added to the environment; the extension host inherits it
 * @property {string[]} [extraArgs]
 * @property {Record<string, unknown>} [userSettings]  on top of QUIET_USER_SETTINGS
 */

/**
 * Starts code-server in its own process group (stopProcessGroup() ends it with everything it spawned) and
 * resolves once it listens. Its output goes to <dir>/code-server.log.
 * @param {CodeServerOptions} opts
 * @returns {Promise<import('node:child_process').ChildProcess>}
 */
export async function startCodeServer(opts) {
  const userData = path.join(opts.dir, 'user-data');
  await mkdir(path.join(userData, 'User'), { recursive: true });
  await writeFile(path.join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_USER_SETTINGS, ...opts.userSettings }, null, 2));
  const config = path.join(opts.dir, 'config.yaml');
  await writeFile(config, 'auth: none\ncert: false\n');
  const args = [
    opts.entry,
    '--bind-addr', `127.0.0.1:${opts.port}`,
    '--auth', 'none',
    '--config', config,
    '--user-data-dir', userData,
    '--extensions-dir', opts.extensionsDir ?? path.join(opts.dir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(opts.extraArgs ?? []),
  ];
  const logFile = path.join(opts.dir, 'code-server.log');
  const child = spawn(opts.node, args, { env: serverEnv(opts.dir, opts.env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const fail = (/** @type {string} */ why) => {
      clearTimeout(timer);
      // Whatever it started before failing must not outlive the caller.
      void stopProcessGroup(child);
      reject(new Error(`${why}:\n${output.slice(-2000)}`));
    };
    const timer = setTimeout(() => fail('code-server did not start listening within 60 s'), 60_000);
    const onData = (/** @type {Buffer} */ chunk) => {
      const text = chunk.toString();
      output += text;
      void appendFile(logFile, text).catch(() => {});
      if (output.includes('HTTP server listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) => fail(`code-server could not be run: ${err.message}`));
    child.on('exit', (code, signal) => fail(`code-server exited (${signal ?? code}) before listening`));
  });
}

/**
 * Installs a VSIX into an extensions folder with code-server's own installer (what `code
 * --install-extension` does), offline.
 * @param {{ entry: string, node: string, dir: string, extensionsDir: string, vsix: string }} opts
 * @returns {Promise<string>} the installer's output
 */
export async function installExtension(opts) {
  await mkdir(opts.extensionsDir, { recursive: true });
  const args = [opts.entry, '--user-data-dir', path.join(opts.dir, 'user-data'), '--extensions-dir', opts.extensionsDir, '--install-extension', opts.vsix];
  return new Promise((resolve, reject) => {
    const child = spawn(opts.node, args, { env: serverEnv(opts.dir), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => {
      // The installer reports some failures on stdout with exit code 0; trust only its success line.
      if (code === 0 && /was successfully installed/.test(output)) resolve(output);
      else reject(new Error(`installing ${opts.vsix} failed (exit ${code}):\n${output.trim()}`));
    });
  });
}

/**
 * Ends a detached child's whole process group (code-server: the server, its extension hosts, its
 * watchers): SIGTERM, then SIGKILL after 3 s.
 * @param {import('node:child_process').ChildProcess | undefined} child
 */
export async function stopProcessGroup(child) {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
  // The leader may exit before its group: whatever is left gets the SIGKILL now rather than never.
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    /* the group is gone */
  }
}

/**
 * Headless Chromium through playwright-core (loaded only when needed: the demo without a test never opens one).
 * @param {string} executablePath
 */
export async function launchChromium(executablePath) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
