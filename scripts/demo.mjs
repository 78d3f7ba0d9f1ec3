// @ts-check
// A sandbox to try Scene Snap in, offline:
//
//   npm run demo                 (builds, then runs this) prints the URL of a VS Code (code-server) to open
//   npm run demo -- --desktop    opens desktop VS Code instead (needs `code` on PATH)
//   npm run demo -- --port 8080  code-server on that port instead of a free one
//
// It starts the fake Netless service (test/fake-netless/, its default rooms), writes a workspace whose
// .vscode/settings.json lists its rooms, points the demo profile's user settings at it (Scene Snap takes
// sceneSnap.apiBaseUrl from user settings only), and opens that workspace in a VS Code with Scene Snap
// loaded from this checkout. The sandbox SDK token reaches SecretStorage through Scene Snap's own Set Token
// command (see scripts/demo/sandbox-token/extension.js); it is never written to settings or any file.
// Ctrl-C (SIGINT) or SIGTERM stops everything it started and deletes its temporary folder.
import { existsSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DECK_DIRECTORY, defaultRooms } from '../test/fake-netless/rooms.mjs';
import { startFakeNetless } from '../test/fake-netless/server.mjs';
import { startDesktopHost, startWebHost } from './demo/hosts.mjs';
import { writeDemoWorkspace } from './demo/workspace.mjs';
import { deckEditor } from './demo/deckChanges.mjs';
import { sandboxRequestLog } from './demo/requestLog.mjs';
import { runDemoCheck } from './demo/checks.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const tokenHelper = path.join(repoRoot, 'scripts', 'demo', 'sandbox-token');

/** @param {string} line */
const say = (line) => console.log(`[demo] ${line}`);

/** What the demo started, in order; stopped in reverse. */
class Started {
  /** @type {{ what: string, stop: () => Promise<void> }[]} */
  #items = [];
  /** @param {string} what @param {() => Promise<void>} stop */
  add(what, stop) {
    this.#items.push({ what, stop });
  }
  async stopAll() {
    for (const { what, stop } of this.#items.splice(0).reverse()) {
      await stop().catch((err) => console.error(`[demo] could not stop ${what}: ${err instanceof Error ? err.message : err}`));
    }
  }
}

/** The directory a screenshot-list request asked for (the service's default, the root, when none). @param {string} body */
function shotDirectory(body) {
  try {
    const path = JSON.parse(body)?.path;
    return typeof path === 'string' ? path : '/';
  } catch {
    return '/';
  }
}

async function main() {
  const { values: opts } = parseArgs({ options: { desktop: { type: 'boolean', default: false }, port: { type: 'string' } } });
  if (!existsSync(path.join(repoRoot, 'dist', 'extension.js'))) {
    say('dist/extension.js is missing: run `npm run demo` (it builds first) or `npm run build`');
    return 2;
  }
  const started = new Started();
  /** @type {(reason: string) => void} */
  let requestStop = () => {};
  const stopRequested = new Promise((/** @type {(reason: string) => void} */ resolve) => (requestStop = resolve));
  const dir = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-demo-'));
  /** The VS Code host's process group, once there is one. */
  let hostGroup = 0;
  let signals = 0;
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
    process.on(signal, () => {
      if (++signals === 1) return requestStop(signal);
      // A second Ctrl-C while stopping: stop waiting, but still leave nothing behind.
      try {
        if (hostGroup) process.kill(-hostGroup, 'SIGKILL');
      } catch {
        /* already gone */
      }
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  }

  started.add('the temporary folder', () => rm(dir, { recursive: true, force: true }));
  try {
    const rooms = defaultRooms();
    // One scene whose board changes before every shot, as in a class in progress: shooting it twice
    // shows why Scene Snap keeps what it saw (the bucket object is overwritten at the same URL).
    const live = { room: rooms[0]?.uuid ?? '', scene: '/init' };
    // What the sandbox serves, so a demo audience sees each request (the images summed up); never headers
    // (they carry the token).
    const requestLog = sandboxRequestLog(say);
    const deckRoom = rooms.find((r) => r.scenes.some((s) => s.startsWith(`${DECK_DIRECTORY}/`)));
    /** @type {ReturnType<typeof deckEditor> | undefined} */
    let deck;
    const sandbox = await startFakeNetless({
      rooms,
      liveScenes: [live],
      onAnswer: (req, status) => {
        requestLog.answered(req, status);
        // After each shot of the deck, a few of its scenes change, one is added and one removed, so the next
        // shot shows what Scene Snap says of a changed directory.
        if (deck && status === 201 && req.endpoint === 'screenshot-list' && req.room === deckRoom?.uuid) {
          const edited = deck.afterShot(shotDirectory(req.body));
          if (edited) say(`sandbox: the deck changed for its next shot: ${edited}`);
        }
      },
    });
    if (deckRoom) deck = deckEditor(sandbox, deckRoom.uuid, DECK_DIRECTORY);
    started.add('the sandbox', () => sandbox.close());
    say(`sandbox (fake Netless service): ${sandbox.url}, ${sandbox.rooms.length} rooms`);
    const workspace = await writeDemoWorkspace(path.join(dir, 'workspace'), { ...sandbox, live });
    say(`temporary folder: ${dir} (deleted when the demo stops)`);
    // The checks' loop from the terminal (issue 24): the workspace's checks, one of which fails.
    const checked = await runDemoCheck({ repoRoot, workspace, api: sandbox.url, token: sandbox.sdkToken('admin'), say });
    if (checked !== undefined) say(`scene-snap check exited ${checked} (1: differences found). In VS Code, run Scene Snap: Run Checks to see them and accept the new picture.`);

    const hostOptions = {
      dir: path.join(dir, 'host'),
      workspace,
      extensions: [repoRoot, tokenHelper],
      // Read once by the demo-only helper extension in each window's extension host; see its header.
      env: { SCENE_SNAP_DEMO_SDK_TOKEN: sandbox.sdkToken('admin') },
      // The API host is read from user settings only, so it goes into the demo profile's, not the workspace's.
      userSettings: { 'sceneSnap.apiBaseUrl': sandbox.url },
      log: (/** @type {string} */ line) => say(line),
    };
    const host = opts.desktop ? await startDesktopHost(hostOptions) : await startWebHost({ ...hostOptions, ...(opts.port ? { port: Number(opts.port) } : {}) });
    hostGroup = host.process.pid ?? 0;
    started.add(opts.desktop ? 'VS Code' : 'code-server', host.stop);
    const hostExited = new Promise((resolve) => host.process.once('exit', (code, signal) => resolve(`the VS Code host exited (${signal ?? code})`)));

    if (host.url) {
      say('open this URL in a browser:');
      console.log(`  ${host.url}`);
    } else {
      say('desktop VS Code is opening the sandbox workspace');
    }
    say('then try Scene Snap: Screenshot a Scene… from the Command Palette, or the Scene Snap view. Ctrl-C stops the demo.');
    const reason = await Promise.race([stopRequested, hostExited]);
    requestLog.flush();
    say(`stopping (${reason})`);
    return 0;
  } catch (err) {
    say(`could not start: ${err instanceof Error ? err.message : err}`);
    return 1;
  } finally {
    await started.stopAll();
    say('stopped');
  }
}

process.exit(await main());
