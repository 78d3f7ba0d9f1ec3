// @ts-check
// Where the demo opens VS Code. By default the code-server of the tests (works on a machine without a
// desktop: the demo prints the URL to open); with --desktop, desktop VS Code (`code` on PATH). Each host
// knows how to stop everything it started.
import { execFile, spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort, remoteUri, startCodeServer, stopProcessGroup, workbenchUrl } from '../../test/host/codeServer.mjs';
import { ensureHost } from '../../test/host/setup.mjs';

/**
 * @typedef {object} DemoHostOptions
 * @property {string} dir            the demo's folder for this host's profile (user data, extensions)
 * @property {string} workspace      the folder to open
 * @property {string[]} extensions   folders of extensions under development to load (Scene Snap first)
 * @property {NodeJS.ProcessEnv} env  added to the host's environment (its extension host inherits it)
 * @property {Record<string, unknown>} userSettings  the demo profile's user settings (where the sandbox's
 *           sceneSnap.apiBaseUrl must go: Scene Snap ignores a workspace value of it)
 * @property {(line: string) => void} log
 */

/**
 * @typedef {object} DemoHost
 * @property {import('node:child_process').ChildProcess} process  exits when the host ends on its own
 * @property {() => Promise<void>} stop  ends everything the host started
 * @property {string} [url]  what to open in a browser (code-server only)
 */

/**
 * @param {DemoHostOptions & { port?: number }} opts
 * @returns {Promise<DemoHost>}
 */
export async function startWebHost(opts) {
  const host = await ensureHost({ log: opts.log });
  const port = opts.port ?? (await freePort());
  const child = await startCodeServer({ entry: host.codeServerEntry, node: host.nodeBinary, port, dir: opts.dir, env: opts.env, extraArgs: host.extraArgs, userSettings: opts.userSettings });
  /** @type {[string, string][]} */
  const payload = [['extensionDevelopmentPath', remoteUri(port, await linkTogether(path.join(opts.dir, 'development'), opts.extensions))]];
  return { process: child, stop: () => stopProcessGroup(child), url: workbenchUrl(port, { folder: opts.workspace, payload }) };
}

/**
 * One folder that holds (links to) every extension under development. The web client keeps its payload in
 * a Map, so a second extensionDevelopmentPath entry would replace the first; a folder without a
 * package.json of its own is scanned as a folder of extensions instead.
 * @param {string} dir  created
 * @param {string[]} extensions
 * @returns {Promise<string>} dir
 */
async function linkTogether(dir, extensions) {
  await mkdir(dir, { recursive: true });
  // 'junction' matters on Windows only (a directory link without admin rights); elsewhere it is ignored.
  await Promise.all(extensions.map((e, i) => symlink(e, path.join(dir, `${i + 1}-${path.basename(e)}`), 'junction')));
  return dir;
}

/** @returns {string | undefined} the `code` executable on PATH */
export function findCode() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, process.platform === 'win32' ? 'code.cmd' : 'code');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

/**
 * Desktop VS Code in a profile of its own (user data and extensions under `dir`): the sandbox token then
 * never lands in the secret storage of the user's everyday profile, where it would replace their real SDK
 * token, and their other extensions stay out of the demo. `--wait` keeps `code` running until the window
 * closes, which ends the demo too.
 * The `code` command starts VS Code itself detached, in a session of its own, so stopping `code` leaves the
 * window open; stop() also ends the processes that run on this demo's profile folder.
 * @param {DemoHostOptions} opts
 * @returns {Promise<DemoHost>}
 */
export async function startDesktopHost(opts) {
  const code = findCode();
  if (!code) throw new Error('--desktop needs desktop VS Code, but `code` is not on PATH. Install VS Code (and its `code` command), or run the demo without --desktop.');
  const userData = path.join(opts.dir, 'user-data');
  await mkdir(path.join(userData, 'User'), { recursive: true });
  await writeFile(path.join(userData, 'User', 'settings.json'), `${JSON.stringify(opts.userSettings, null, 2)}\n`);
  const args = [
    '--new-window',
    '--wait',
    '--user-data-dir', userData,
    '--extensions-dir', path.join(opts.dir, 'extensions'),
    ...opts.extensions.map((e) => `--extensionDevelopmentPath=${e}`),
    opts.workspace,
  ];
  const child = spawn(code, args, { env: { ...process.env, ...opts.env }, detached: true, stdio: 'ignore' });
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (err) => reject(new Error(`could not run ${code}: ${err.message}`)));
  });
  const stop = async () => {
    await stopProcessGroup(child);
    for (const pid of await processesMentioning(userData)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* ended meanwhile */
      }
    }
  };
  return { process: child, stop };
}

/**
 * Processes whose command line contains `text` (a folder only this demo uses). POSIX `ps`; on Windows
 * there is none and the window stays open.
 * @param {string} text
 * @returns {Promise<number[]>}
 */
async function processesMentioning(text) {
  if (process.platform === 'win32') return [];
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid=,args=']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(text))
    .map((line) => Number.parseInt(line, 10))
    .filter((pid) => Number.isInteger(pid) && pid !== process.pid);
}
