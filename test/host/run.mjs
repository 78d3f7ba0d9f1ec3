// @ts-check
// Runs a mocha suite inside a real VS Code: code-server (VS Code server + Node extension host) opened in
// headless Chromium by playwright-core. The suite is the standard `run(): Promise<void>` module that
// @vscode/test-electron loads too. Exit code: the suite's (0 = passed), 124 when it never reports,
// 2 when the host cannot be set up or started.
//
//   node test/host/run.mjs [--tests out/test/integration/index.js] [--file <name>] [--grep <re>]
//                          [--timeout <s>] [--code-server <version>] [--keep] [--label <name>]
//                          [--logs <dir>] [--server-arg=<extra code-server flag>]...
//
// Every run writes its logs to <logs>/<time>-<label>/ (default .test-logs/; kept when the run fails, or
// with --keep): runner.log (everything the suite and the page printed), code-server.log, the user data
// and extension host logs (user-data/logs), and a screenshot of the workbench on failure or timeout.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rm, rename, writeFile, appendFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { DEFAULT_CODE_SERVER, HostSetupError, ensureHost, repoRoot } from './setup.mjs';

const { values: opts } = parseArgs({
  options: {
    tests: { type: 'string', default: 'out/test/integration/index.js' },
    file: { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string', default: '600' },
    'code-server': { type: 'string', default: DEFAULT_CODE_SERVER },
    'server-arg': { type: 'string', multiple: true, default: [] },
    keep: { type: 'boolean', default: false },
    label: { type: 'string', default: 'integration' },
    logs: { type: 'string', default: '.test-logs' },
  },
});

const runDir = path.resolve(repoRoot, opts.logs ?? '.test-logs', `${new Date().toISOString().replace(/[:.]/g, '-')}-${opts.label}`);
const runnerLog = path.join(runDir, 'runner.log');
/** Screenshots a suite asks for (see test/support/runnerBridge.ts); kept after the run. */
const artifactsDir = path.join(repoRoot, '.test-artifacts');
const BRIDGE_REQUEST = /^@@scene-snap:bridge ([\w-]+) (\{.*\})$/;

/** @param {string} line */
function say(line) {
  console.log(`[runner] ${line}`);
  void appendFile(runnerLog, `${line}\n`).catch(() => {});
}

/** @param {string} line */
function note(line) {
  void appendFile(runnerLog, `${line}\n`).catch(() => {});
}

/** @returns {Promise<number>} */
function freePort() {
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

/** Paths inside the payload are vscode-remote URIs of this machine's files. */
function remoteUri(/** @type {number} */ port, /** @type {string} */ file) {
  return `vscode-remote://127.0.0.1:${port}${pathToFileURL(file).pathname}`;
}

/**
 * Starts code-server in its own process group and resolves once it listens.
 * @returns {Promise<import('node:child_process').ChildProcess>}
 */
async function startCodeServer(/** @type {{ entry: string, node: string, port: number, extraArgs: string[] }} */ host) {
  const userData = path.join(runDir, 'user-data');
  await mkdir(path.join(userData, 'User'), { recursive: true });
  await writeFile(
    path.join(userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'chat.disableAIFeatures': true,
        'workbench.tips.enabled': false,
        // The run's workspace lies inside this repository; keep git from offering to open it.
        'git.enabled': false,
        'git.openRepositoryInParentFolders': 'never',
      },
      null,
      2,
    ),
  );
  const config = path.join(runDir, 'config.yaml');
  await writeFile(config, 'auth: none\ncert: false\n');
  const args = [
    host.entry,
    '--bind-addr', `127.0.0.1:${host.port}`,
    '--auth', 'none',
    '--config', config,
    '--user-data-dir', userData,
    '--extensions-dir', path.join(runDir, 'extensions'),
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...host.extraArgs,
    ...(opts['server-arg'] ?? []),
  ];
  const env = {
    ...process.env,
    EXTENSIONS_GALLERY: '{}',
    XDG_DATA_HOME: path.join(runDir, 'xdg-data'),
    XDG_CONFIG_HOME: path.join(runDir, 'xdg-config'),
    // Test switches travel to the extension host as environment variables.
    SCENE_SNAP_TEST_FILE: opts.file ?? '',
    SCENE_SNAP_TEST_GREP: opts.grep ?? '',
    SCENE_SNAP_TEST_RUN_DIR: runDir,
    SCENE_SNAP_TEST_ARTIFACTS: artifactsDir,
  };
  const child = spawn(host.node, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`code-server did not start listening within 60 s:\n${output.slice(-2000)}`)), 60_000);
    const onData = (/** @type {Buffer} */ chunk) => {
      const text = chunk.toString();
      output += text;
      void appendFile(path.join(runDir, 'code-server.log'), text).catch(() => {});
      if (output.includes('HTTP server listening on')) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${signal ?? code}) before listening:\n${output.slice(-2000)}`));
    });
  });
}

/**
 * A suite inside the extension host cannot reach the browser; it logs a request line (see
 * test/support/runnerBridge.ts) and waits for the answer file. The runner acts on the real page:
 *   {"action":"screenshot","name":"x"}            → .test-artifacts/x.png
 *   {"action":"keys","waitFor":"css","text64":"…","press":["Enter"]} → once `waitFor` is visible, typed
 *                                                   into whatever has focus, as a person would
 *   {"action":"click","selector":"css"}              → a click on the first visible match
 * Answers are written under a temporary name and renamed, so the suite never reads half a file.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {string} json
 */
async function answerBridge(page, id, json) {
  const bridgeDir = path.join(artifactsDir, 'bridge');
  await mkdir(bridgeDir, { recursive: true });
  /** @type {{ ok: boolean, file?: string, error?: string }} */
  let answer;
  try {
    const request = JSON.parse(json);
    if (request.action === 'screenshot' && /^[\w.-]+$/.test(request.name)) {
      const file = path.join(artifactsDir, `${request.name}.png`);
      await page.screenshot({ path: `${file}.partial.png` });
      await rename(`${file}.partial.png`, file);
      answer = { ok: true, file };
    } else if (request.action === 'keys') {
      // Wait for the UI the keys are meant for (e.g. a quick pick with a given placeholder), as a person would.
      if (typeof request.waitFor === 'string') await page.waitForSelector(request.waitFor, { state: 'visible', timeout: 10_000 });
      // Text travels base64-encoded, so that a typed token never stands in a log line.
      if (typeof request.text64 === 'string') await page.keyboard.type(Buffer.from(request.text64, 'base64').toString('utf8'), { delay: 5 });
      for (const key of request.press ?? []) await page.keyboard.press(key);
      answer = { ok: true };
    } else if (request.action === 'click' && typeof request.selector === 'string') {
      await page.click(request.selector, { timeout: 10_000 });
      answer = { ok: true };
    } else {
      answer = { ok: false, error: `unknown bridge request ${json}` };
    }
  } catch (err) {
    answer = { ok: false, error: String(err) };
  }
  note(`[runner] bridge ${id}: ${json} → ${JSON.stringify(answer)}`);
  const target = path.join(bridgeDir, `${id}.json`);
  await writeFile(`${target}.partial`, JSON.stringify(answer));
  await rename(`${target}.partial`, target);
}

/** Ends code-server's whole process group (the server, its extension host, its watchers). */
async function stopProcessGroup(/** @type {import('node:child_process').ChildProcess | undefined} */ child) {
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      if (child.pid) process.kill(-child.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 3000);
  await exited;
  clearTimeout(timer);
}

async function main() {
  await mkdir(runDir, { recursive: true });
  const testsPath = path.resolve(repoRoot, opts.tests ?? '');
  if (!existsSync(testsPath) && !existsSync(`${testsPath}.js`)) {
    say(`the tests path ${testsPath} does not exist (did you run \`npm run compile-tests\`?)`);
    return 2;
  }
  if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    say('dist/extension.js is missing: run `npm run build` first');
    return 2;
  }
  const timeoutSeconds = Number(opts.timeout);

  let host;
  try {
    host = await ensureHost({ version: opts['code-server'], log: say });
  } catch (err) {
    say(err instanceof HostSetupError ? err.message : `could not set up the test host: ${err instanceof Error ? err.stack : err}`);
    return 2;
  }

  const workspace = path.join(runDir, 'workspace');
  await mkdir(workspace, { recursive: true });
  const port = await freePort();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  try {
    try {
      server = await startCodeServer({ entry: host.codeServerEntry, node: host.nodeBinary, port, extraArgs: host.extraArgs });
    } catch (err) {
      say(`code-server could not start: ${err instanceof Error ? err.message : err}`);
      return 2;
    }
    say(`VS Code ${host.vscodeVersion} (code-server) on 127.0.0.1:${port}; logs in ${path.relative(repoRoot, runDir)}`);

    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: host.chromium,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('console', (msg) => note(`[page ${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => note(`[page error] ${err.message}`));

    /** @type {(code: number) => void} */
    let settle = () => {};
    const exitCode = new Promise((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationLog', (/** @type {string} */ type, /** @type {unknown} */ args) => {
      const parts = Array.isArray(args) ? args : [args];
      const text = parts.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
      const bridged = BRIDGE_REQUEST.exec(text.trim());
      if (bridged) {
        void answerBridge(page, /** @type {string} */ (bridged[1]), /** @type {string} */ (bridged[2]));
        return;
      }
      if (type === 'error') console.error(text);
      else console.log(text);
      note(text);
    });
    await page.exposeFunction('codeAutomationExit', (/** @type {number} */ code) => settle(Number(code)));

    const payload = [
      ['extensionDevelopmentPath', remoteUri(port, repoRoot)],
      ['extensionTestsPath', remoteUri(port, testsPath.replace(/\.js$/, ''))],
      ['skipWelcome', 'true'],
    ];
    const url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);

    /** @type {NodeJS.Timeout | undefined} */
    let timer;
    const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutSeconds * 1000)));
    const outcome = await Promise.race([exitCode, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      say(`the suite did not report within ${timeoutSeconds} s (it never settled its run() promise)`);
      await page.screenshot({ path: path.join(runDir, 'timeout.png') }).catch(() => {});
      return 124;
    }
    const code = Number(outcome);
    if (code !== 0) {
      say(`the suite failed (exit code ${code})`);
      await page.screenshot({ path: path.join(runDir, 'failure.png') }).catch(() => {});
    }
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await stopProcessGroup(server);
  }
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (err) {
  say(`runner error: ${err instanceof Error ? err.stack : err}`);
  exitCode = 2;
}
if (exitCode === 0 && !opts.keep) {
  await rm(runDir, { recursive: true, force: true });
} else {
  say(`exit ${exitCode}; logs kept in ${path.relative(repoRoot, runDir)}`);
}
process.exit(exitCode);
