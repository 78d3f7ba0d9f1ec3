// @ts-check
// Runs a mocha suite inside a real VS Code: code-server (VS Code server + Node extension host) opened in
// headless Chromium by playwright-core. The suite is the standard `run(): Promise<void>` module that
// @vscode/test-electron loads too. Exit code: the suite's (0 = passed), 124 when it never reports,
// 2 when the host cannot be set up or started.
//
//   node test/host/run.mjs [--tests out/test/integration/index.js] [--file <name>] [--grep <re>]
//                          [--timeout <s>] [--code-server <version>] [--keep] [--label <name>]
//                          [--logs <dir>] [--server-arg=<extra code-server flag>]... [--vsix <file>]...
//
// --vsix installs that VSIX into the run's extensions dir (code-server --install-extension) and tests the
// installed copy instead of this development folder (the packaging smoke test, test/smoke/). It may be
// given more than once (the benchmark installs a hello-world yardstick beside Scene Snap).
//
// Every run writes its logs to <logs>/<time>-<label>/ (default .test-logs/; kept when the run fails, or
// with --keep): runner.log (everything the suite and the page printed), code-server.log, the user data
// and extension host logs (user-data/logs), and a screenshot of the workbench on failure or timeout.
import { existsSync } from 'node:fs';
import { mkdir, rm, rename, writeFile, appendFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { freePort, installExtension, launchChromium, remoteUri, startCodeServer, stopProcessGroup, workbenchUrl } from './codeServer.mjs';
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
    vsix: { type: 'string', multiple: true, default: [] },
  },
});

/** VSIX files to install into the run's extensions dir (--vsix, repeatable). */
const vsixes = (opts.vsix ?? []).map((v) => path.resolve(v));
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

/**
 * code-server for this run; test switches travel to the extension host as environment variables.
 * @param {{ entry: string, node: string, port: number, extraArgs: string[], extensionsDir: string }} host
 */
function startTestServer(host) {
  return startCodeServer({
    ...host,
    dir: runDir,
    extraArgs: [...host.extraArgs, ...(opts['server-arg'] ?? [])],
    env: {
      SCENE_SNAP_TEST_FILE: opts.file ?? '',
      SCENE_SNAP_TEST_GREP: opts.grep ?? '',
      SCENE_SNAP_TEST_RUN_DIR: runDir,
      SCENE_SNAP_TEST_ARTIFACTS: artifactsDir,
      // Where an installed VSIX lives (--vsix), so the smoke suite can check it runs that copy.
      SCENE_SNAP_TEST_EXTENSIONS_DIR: vsixes.length > 0 ? host.extensionsDir : '',
    },
  });
}

/** @type {Array<{ url: string, contentType: string }>} */
const openedPages = [];
/** @type {Promise<unknown>[]} */
const openingPages = [];

/**
 * The smallest rectangle holding the first visible match of each selector, `pad` px wider on each side,
 * within the viewport (the README's pictures show only the part they are about).
 * @param {import('playwright-core').Page} page
 * @param {string[]} selectors
 * @param {number} pad
 */
async function clipAround(page, selectors, pad) {
  let [left, top, right, bottom] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const selector of selectors) {
    let box = null;
    for (const element of await page.locator(selector).all()) {
      box = (await element.isVisible()) ? await element.boundingBox() : null;
      if (box && box.width > 0 && box.height > 0) break;
    }
    if (!box) throw new Error(`nothing visible matches ${selector}`);
    [left, top] = [Math.min(left, box.x), Math.min(top, box.y)];
    [right, bottom] = [Math.max(right, box.x + box.width), Math.max(bottom, box.y + box.height)];
  }
  const viewport = page.viewportSize() ?? { width: 1400, height: 900 };
  const x = Math.max(0, Math.floor(left - pad));
  const y = Math.max(0, Math.floor(top - pad));
  return { x, y, width: Math.min(viewport.width, Math.ceil(right + pad)) - x, height: Math.min(viewport.height, Math.ceil(bottom + pad)) - y };
}

/**
 * A suite inside the extension host cannot reach the browser; it logs a request line (see
 * test/support/runnerBridge.ts) and waits for the answer file. The runner acts on the real page:
 *   {"action":"screenshot","name":"x"}            → .test-artifacts/x.png
 *   {"action":"screenshot","name":"x","around":["css",…],"pad":16} → only the box around the first visible
 *                                                   match of each selector, `pad` px more on each side
 *   {"action":"keys","waitFor":"css","text64":"…","press":["Enter"]} → once `waitFor` is visible, typed
 *                                                   into whatever has focus, as a person would
 *   {"action":"click","selector":"css","force"?:true} → a click on the first visible match
 *   {"action":"text","selector":"css"}               → the text of the first visible match
 *   {"action":"count","selector":"css"}              → how many matches are visible now (no waiting)
 *   {"action":"popups"}                              → the pages the workbench opened since the last ask
 *                                                   (e.g. Open in Browser): their URL and content type
 * Answers are written under a temporary name and renamed, so the suite never reads half a file.
 * @param {import('playwright-core').Page} page
 * @param {string} id
 * @param {string} json
 */
async function answerBridge(page, id, json) {
  const bridgeDir = path.join(artifactsDir, 'bridge');
  await mkdir(bridgeDir, { recursive: true });
  /** @type {{ ok: boolean, file?: string, error?: string, text?: string, count?: number, pages?: typeof openedPages }} */
  let answer;
  try {
    const request = JSON.parse(json);
    if (request.action === 'screenshot' && /^[\w.-]+$/.test(request.name)) {
      const file = path.join(artifactsDir, `${request.name}.png`);
      const clip = Array.isArray(request.around) ? await clipAround(page, request.around, Number(request.pad) || 0) : undefined;
      await page.screenshot({ path: `${file}.partial.png`, ...(clip ? { clip } : {}) });
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
      // `force`: no wait for the element to hold still (a list VS Code renders anew on each progress tick).
      await page.click(request.selector, { timeout: 10_000, force: request.force === true });
      answer = { ok: true };
    } else if (request.action === 'text' && typeof request.selector === 'string') {
      const element = page.locator(request.selector).first();
      await element.waitFor({ state: 'visible', timeout: 10_000 });
      answer = { ok: true, text: await element.innerText() };
    } else if (request.action === 'count' && typeof request.selector === 'string') {
      const all = await page.locator(request.selector).all();
      let visible = 0;
      for (const element of all) if (await element.isVisible()) visible++;
      answer = { ok: true, count: visible };
    } else if (request.action === 'popups') {
      await Promise.all(openingPages.splice(0));
      answer = { ok: true, pages: openedPages.splice(0) };
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

async function main() {
  await mkdir(runDir, { recursive: true });
  const testsPath = path.resolve(repoRoot, opts.tests ?? '');
  if (!existsSync(testsPath) && !existsSync(`${testsPath}.js`)) {
    say(`the tests path ${testsPath} does not exist (did you run \`npm run compile-tests\`?)`);
    return 2;
  }
  for (const vsix of vsixes) {
    if (!existsSync(vsix)) {
      say(`the VSIX ${vsix} does not exist (did you run \`npm run package\`?)`);
      return 2;
    }
  }
  if (vsixes.length === 0 && !existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
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
  const extensionsDir = path.join(runDir, 'extensions');
  for (const vsix of vsixes) {
    try {
      await installExtension({ entry: host.codeServerEntry, node: host.nodeBinary, dir: runDir, extensionsDir, vsix });
    } catch (err) {
      say(`could not install the VSIX: ${err instanceof Error ? err.message : err}`);
      return 2;
    }
    say(`installed ${path.basename(vsix)} into ${path.relative(repoRoot, extensionsDir)}`);
  }
  const port = await freePort();
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let server;
  /** @type {import('playwright-core').Browser | undefined} */
  let browser;
  try {
    try {
      server = await startTestServer({ entry: host.codeServerEntry, node: host.nodeBinary, port, extraArgs: host.extraArgs, extensionsDir });
    } catch (err) {
      say(`code-server could not start: ${err instanceof Error ? err.message : err}`);
      return 2;
    }
    say(`VS Code ${host.vscodeVersion} (code-server) on 127.0.0.1:${port}; logs in ${path.relative(repoRoot, runDir)}`);

    browser = await launchChromium(host.chromium);
    // Clipboard permissions as a person's browser grants them to VS Code, so Copy Image can be tested.
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 }, permissions: ['clipboard-read', 'clipboard-write'] });
    page.on('console', (msg) => note(`[page ${msg.type()}] ${msg.text()}`));
    page.on('pageerror', (err) => note(`[page error] ${err.message}`));
    // What the workbench opens in a new tab (vscode.env.openExternal in a web host): recorded for the
    // suite's "popups" request, then closed.
    page.context().on('page', (opened) => {
      openingPages.push(
        (async () => {
          await opened.waitForLoadState('load', { timeout: 10_000 }).catch(() => {});
          const contentType = /** @type {string} */ (await opened.evaluate('document.contentType').catch(() => ''));
          openedPages.push({ url: opened.url(), contentType });
          await opened.close().catch(() => {});
        })(),
      );
    });

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

    // VS Code loads a test suite only in a window with an extension development path. For an installed
    // VSIX that path is the suite's own folder, which holds no extension, so the installed copy is the
    // only Scene Snap there is.
    const developmentPath = vsixes.length > 0 ? path.dirname(testsPath) : repoRoot;
    /** @type {[string, string][]} */
    const payload = [
      ['extensionDevelopmentPath', remoteUri(port, developmentPath)],
      ['extensionTestsPath', remoteUri(port, testsPath.replace(/\.js$/, ''))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(workbenchUrl(port, { folder: workspace, payload }));

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
