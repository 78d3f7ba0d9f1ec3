import * as assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { descendantsOf, isRunning } from '../support/processTree';
import { DemoProcess } from './demoProcess';

/**
 * `npm run demo -- --desktop` with a stand-in for VS Code's `code` command on PATH (there is no desktop
 * VS Code here): how the demo calls it, and that the demo ends it, and the app it started, on Ctrl-C or
 * when the window closes.
 */
const repoRoot = path.resolve(__dirname, '../../..');

/**
 * Behaves like VS Code's CLI with --wait: starts the app detached, in a session of its own, with the same
 * arguments, then waits. Records its arguments, whether the sandbox token came (never the token itself)
 * and the app's pid.
 */
const FAKE_CODE = `#!/bin/sh
printf '%s\\n' "$@" > "$FAKE_CODE_RECORD.args"
if [ -n "$SCENE_SNAP_DEMO_SDK_TOKEN" ]; then echo set > "$FAKE_CODE_RECORD.token"; fi
setsid "$FAKE_CODE_NODE" -e 'setInterval(() => {}, 1000)' -- "$@" > /dev/null 2>&1 &
echo $! > "$FAKE_CODE_RECORD.app"
exec sleep 600
`;

interface DesktopDemo {
  demo: DemoProcess;
  bin: string;
  tempDir: string;
  /** The stand-in `code` (waiting, like `code --wait`) and the app it started. */
  cli: number;
  app: number;
  args: string[];
}

async function startDesktopDemo(): Promise<DesktopDemo> {
  const bin = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-fake-code-'));
  writeFileSync(path.join(bin, 'code'), FAKE_CODE);
  chmodSync(path.join(bin, 'code'), 0o755);
  const record = path.join(bin, 'record');
  const demo = new DemoProcess(repoRoot, ['--desktop'], { PATH: `${bin}${path.delimiter}${process.env.PATH}`, FAKE_CODE_RECORD: record, FAKE_CODE_NODE: process.execPath });
  const tempDir = (await demo.waitFor(/temporary folder: (\S+)/, 'its temporary folder', 20_000))[1]!;
  await demo.waitFor(/desktop VS Code is opening the sandbox workspace/, 'that VS Code is opening', 20_000);
  // The stand-in writes its app's pid, then replaces itself with `sleep 600`: wait for both, not just the
  // file (the exec may come a moment after it).
  const until = Date.now() + 10_000;
  const standIn = () => descendantsOf(demo.child.pid!).find((p) => p.command.includes('sleep 600'));
  while (!(existsSync(`${record}.app`) && standIn()) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  const cli = standIn();
  assert.ok(cli, `the stand-in \`code\` is not running:\n${demo.output}`);
  const app = Number(readFileSync(`${record}.app`, 'utf8'));
  return { demo, bin, tempDir, cli: cli.pid, app, args: readFileSync(`${record}.args`, 'utf8').trim().split('\n') };
}

function cleanUp(d: DesktopDemo | undefined): void {
  if (!d) return;
  for (const pid of [d.app, d.cli, d.demo.child.pid!]) {
    try {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  rmSync(d.bin, { recursive: true, force: true });
  rmSync(d.tempDir, { recursive: true, force: true });
}

async function assertStoppedCleanly(d: DesktopDemo, reason: RegExp): Promise<void> {
  const { code, signal } = await d.demo.exited(15_000);
  assert.equal(code, 0, `the demo ended with ${signal ?? code}:\n${d.demo.output}`);
  assert.match(d.demo.output, reason);
  const until = Date.now() + 5000;
  while ((isRunning(d.cli) || isRunning(d.app)) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  assert.equal(isRunning(d.cli), false, 'the `code` command is still running');
  assert.equal(isRunning(d.app), false, 'the VS Code that `code` started is still running');
  assert.equal(existsSync(d.tempDir), false, `${d.tempDir} was not deleted`);
}

describe('the demo with --desktop (a stand-in `code` on PATH)', function () {
  this.timeout(30_000);
  this.bail(true);
  let d: DesktopDemo;

  before(async () => (d = await startDesktopDemo()));
  after(() => cleanUp(d));

  it('opens the sandbox workspace with Scene Snap and the token helper, in a profile of its own', () => {
    const at = (flag: string) => d.args[d.args.indexOf(flag) + 1] ?? '';
    assert.ok(d.args.includes('--wait'), `no --wait in ${d.args.join(' ')}`);
    assert.ok(d.args.includes(`--extensionDevelopmentPath=${repoRoot}`), `Scene Snap is not loaded from the checkout: ${d.args.join(' ')}`);
    assert.ok(d.args.includes(`--extensionDevelopmentPath=${path.join(repoRoot, 'scripts', 'demo', 'sandbox-token')}`), `no token helper: ${d.args.join(' ')}`);
    // Its own profile: the sandbox token must not replace a real SDK token in the user's everyday profile.
    assert.ok(at('--user-data-dir').startsWith(d.tempDir), `--user-data-dir ${at('--user-data-dir')} is outside ${d.tempDir}`);
    assert.ok(at('--extensions-dir').startsWith(d.tempDir), `--extensions-dir ${at('--extensions-dir')} is outside ${d.tempDir}`);
    assert.equal(d.args.at(-1), path.join(d.tempDir, 'workspace'));
    assert.ok(existsSync(path.join(d.tempDir, 'workspace', '.vscode', 'settings.json')), 'the workspace has no settings');
    assert.equal(readFileSync(path.join(d.bin, 'record.token'), 'utf8').trim(), 'set', 'VS Code did not get the sandbox token');
  });

  it('stops on Ctrl-C (SIGINT): `code`, the VS Code it started in a session of its own, its folder', async () => {
    d.demo.child.kill('SIGINT');
    await assertStoppedCleanly(d, /stopping \(SIGINT\)/);
  });
});

describe('the demo with --desktop, when the VS Code window closes', function () {
  this.timeout(30_000);
  let d: DesktopDemo;

  before(async () => (d = await startDesktopDemo()));
  after(() => cleanUp(d));

  it('stops too, and cleans up', async () => {
    process.kill(d.cli, 'SIGTERM'); // `code --wait` returns when its window closes
    await assertStoppedCleanly(d, /stopping \(the VS Code host exited/);
  });
});
