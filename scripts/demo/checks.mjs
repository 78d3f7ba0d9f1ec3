// @ts-check
// The demo's checks (issue 24): a scene-snap.json with committed-looking baselines in the demo workspace,
// one of which fails (the live board, which changes before every shot), so a new user sees the checks'
// loop in the first minute: from the terminal (the demo runs `scene-snap check` once as it starts) and from
// VS Code (Scene Snap: Run Checks, then Accept as Baseline beside the diff).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderScenePng } from '../../test/fake-netless/png.mjs';

/** The reference room's scenes the demo checks: cover and page1 match their baselines, the live board does not. */
const STABLE = [
  { name: 'cover', scene: '/test/cover' },
  { name: 'page1', scene: '/test/page1' },
];
export const LIVE_TARGET = 'live-board';
export const STABLE_TARGETS = STABLE.map((t) => t.name);
/** The checks' default size (DESIGN.md), which is also the demo's screenshots': a preview of these scenes offers Accept. */
const SIZE = { width: 1280, height: 720 };

/**
 * Writes scene-snap.json and its baselines (the pictures the sandbox serves now) into the workspace.
 * @param {string} dir  the workspace folder
 * @param {{ room: string, scene: string }} live  the scene whose board changes before every shot
 */
export async function writeDemoChecks(dir, live) {
  const targets = [
    ...STABLE.map((t) => ({ name: t.name, room: live.room, scene: t.scene })),
    { name: LIVE_TARGET, room: live.room, scene: live.scene },
  ];
  const text = [
    '// Scene Snap checks (see the README, "Whiteboard checks in CI"): each target is shot and compared with',
    '// its baseline in scene-snap-baselines/. The live board changes before every shot, so it fails.',
    JSON.stringify({ targets }, null, 2),
    '',
  ].join('\n');
  await writeFile(path.join(dir, 'scene-snap.json'), text);
  const baselines = path.join(dir, 'scene-snap-baselines');
  await mkdir(baselines, { recursive: true });
  for (const t of targets) {
    await writeFile(path.join(baselines, `${t.name}.png`), renderScenePng({ room: t.room, scene: t.scene, ...SIZE, revision: 0, blank: false }));
  }
}

/**
 * Runs `scene-snap check` on the demo workspace against the sandbox, its output said line by line. The
 * token goes to the child's environment only (never argv, never printed).
 * @param {{ repoRoot: string, workspace: string, api: string, token: string, say: (line: string) => void }} o
 * @returns {Promise<number | undefined>} its exit code; undefined when the command line is not built
 */
export function runDemoCheck({ repoRoot, workspace, api, token, say }) {
  const cli = path.join(repoRoot, 'cli', 'dist', 'scene-snap.js');
  if (!existsSync(cli)) {
    say('the command line is not built (node esbuild.mjs --cli): skipping `scene-snap check`');
    return Promise.resolve(undefined);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'check', '--config', path.join(workspace, 'scene-snap.json')], {
      cwd: workspace,
      env: { ...process.env, SCENE_SNAP_API: api, SCENE_SNAP_SDK_TOKEN: token },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let rest = '';
    const lines = (/** @type {Buffer} */ chunk) => {
      const text = rest + chunk.toString('utf8');
      const parts = text.split('\n');
      rest = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) say(`scene-snap check: ${line}`);
    };
    child.stdout.on('data', lines);
    child.stderr.on('data', lines);
    child.on('close', (code) => {
      if (rest.trim()) say(`scene-snap check: ${rest}`);
      resolve(code ?? 1);
    });
  });
}
