// @ts-check
// The README's picture of the HTML report (docs/images/cli-report.png):
//
//   npm run docs:report     (builds the command line, then runs this)
//
// Starts the fake Netless service, writes a throwaway repository with a checks file over the fake's
// reference room, takes its baselines (scene-snap check --update=missing), lets the board of one scene
// change, runs scene-snap check (exit 1: one changed scene) and photographs the report.html it wrote, opened
// from disk in the headless Chromium the VS Code test host uses (SCENE_SNAP_CHROMIUM, else
// /usr/bin/chromium), in the compare page's swipe mode.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { startFakeNetless } from '../test/fake-netless/server.mjs';
import { launchChromium } from '../test/host/codeServer.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const cli = path.join(root, 'cli', 'dist', 'scene-snap.js');
const out = path.join(root, 'docs', 'images', 'cli-report.png');
const ROOM = 'faed3130727911ebaea37759ee91947c'; // the fake's reference room: /init, /test/cover, /test/page1

const CHECKS = `// Scene Snap checks
{
  "targets": [
    { "name": "cover", "room": "${ROOM}", "scene": "/test/cover", "width": 640, "height": 360 },
    { "name": "lesson", "room": "${ROOM}", "directory": "/test", "width": 640, "height": 360 },
    { "name": "start", "room": "${ROOM}", "scene": "/init", "width": 640, "height": 360 },
  ],
}
`;

const fake = await startFakeNetless();
const repo = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-docs-'));
try {
  await writeFile(path.join(repo, 'scene-snap.json'), CHECKS);
  const env = { PATH: process.env.PATH ?? '', SCENE_SNAP_API: fake.url, SCENE_SNAP_SDK_TOKEN: fake.sdkToken() };
  /** @param {string[]} args */
  const check = (args) => promisify(execFile)(process.execPath, [cli, 'check', '--quiet', ...args], { cwd: repo, env }).then(() => 0, (err) => /** @type {{ code: number }} */ (err).code);
  const taken = await check(['--update=missing']);
  if (taken !== 0) throw new Error(`taking the baselines exited ${taken}`);
  fake.changeScene(ROOM, '/test/page1');
  const found = await check([]);
  if (found !== 1) throw new Error(`the check exited ${found}, not 1 (one changed scene)`);
  const browser = await launchChromium(process.env.SCENE_SNAP_CHROMIUM ?? '/usr/bin/chromium');
  try {
    const page = await browser.newPage({ viewport: { width: 1000, height: 500 }, colorScheme: 'light' });
    await page.goto(pathToFileURL(path.join(repo, 'scene-snap-report', 'report.html')).href);
    await page.waitForSelector('button.mode[data-mode="swipe"]', { timeout: 20_000 });
    await page.click('button.mode[data-mode="swipe"]');
    await page.waitForFunction('[...document.images].every((i) => i.complete && i.naturalWidth > 0)');
    await page.screenshot({ path: out });
  } finally {
    await browser.close();
  }
  console.log(`wrote ${path.relative(root, out)}`);
} finally {
  await fake.close();
  await rm(repo, { recursive: true, force: true });
}
