import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultRooms } from '../fake-netless/rooms.mjs';
import { startFakeNetless } from '../fake-netless/server.mjs';

type WorkspaceModule = typeof import('../../scripts/demo/workspace.mjs', { with: { 'resolution-mode': 'import' } });
type ChecksModule = typeof import('../../scripts/demo/checks.mjs', { with: { 'resolution-mode': 'import' } });
const repoRoot = path.resolve(__dirname, '../../..');

/**
 * Issue 24: the demo's workspace carries a checks file with baselines, one of which fails (the live board,
 * which changes before every shot), and the demo runs `scene-snap check` on it as it starts. Against the
 * sandbox the demo starts, with the demo's own workspace writer (scripts/ is loaded from the checkout).
 */
describe('the demo: the checks\' loop in the first minute', function () {
  this.timeout(120_000);
  let dir: string;
  let sandbox: Awaited<ReturnType<typeof startFakeNetless>>;
  let workspace: string;
  let checks: ChecksModule;

  before(async () => {
    if (!existsSync(path.join(repoRoot, 'cli', 'dist', 'scene-snap.js'))) execFileSync(process.execPath, ['esbuild.mjs', '--cli'], { cwd: repoRoot, stdio: 'ignore' });
    const writer = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'demo', 'workspace.mjs')).href)) as WorkspaceModule;
    checks = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'demo', 'checks.mjs')).href)) as ChecksModule;
    const rooms = defaultRooms();
    // As scripts/demo.mjs starts it: the reference room's /init is the live board.
    const live = { room: rooms[0]!.uuid, scene: '/init' };
    sandbox = await startFakeNetless({ rooms, liveScenes: [live] });
    dir = mkdtempSync(path.join(tmpdir(), 'scene-snap-demo-checks-'));
    workspace = await writer.writeDemoWorkspace(path.join(dir, 'workspace'), { ...sandbox, live });
  });

  after(async () => {
    await sandbox?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the workspace has scene-snap.json and a baseline PNG per target', () => {
    assert.ok(existsSync(path.join(workspace, 'scene-snap.json')));
    for (const name of [...checks.STABLE_TARGETS, checks.LIVE_TARGET]) {
      const png = readFileSync(path.join(workspace, 'scene-snap-baselines', `${name}.png`));
      assert.deepEqual([...png.subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47], `${name}.png is a PNG`);
    }
    assert.match(readFileSync(path.join(workspace, 'README.md'), 'utf8'), /Scene Snap: Run Checks/);
  });

  it('`scene-snap check` as the demo runs it: exit 1, the live board changed, the others matched, and no token said', async () => {
    const lines: string[] = [];
    const token = sandbox.sdkToken('admin');
    const code = await checks.runDemoCheck({ repoRoot, workspace, api: sandbox.url, token, say: (line) => lines.push(line) });
    assert.equal(code, 1, lines.join('\n'));
    const report = JSON.parse(readFileSync(path.join(workspace, 'scene-snap-report', 'report.json'), 'utf8')) as { failedItems: string[]; passedItems: string[]; newItems: string[] };
    assert.deepEqual(report.failedItems, [checks.LIVE_TARGET]);
    assert.deepEqual([...report.passedItems].sort(), [...checks.STABLE_TARGETS].sort());
    assert.deepEqual(report.newItems, []);
    assert.ok(lines.some((l) => l.includes(checks.LIVE_TARGET)), `the output names the failing target:\n${lines.join('\n')}`);
    assert.ok(!lines.join('\n').includes(token), 'the token was printed');
  });
});
