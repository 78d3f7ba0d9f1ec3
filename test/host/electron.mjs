// @ts-check
// The same integration suite in desktop VS Code, for developer machines with internet:
// @vscode/test-electron downloads VS Code (the minimum, 1.100.3, unless SCENE_SNAP_VSCODE_VERSION says
// otherwise) and runs out/test/integration/index.js in it.
//   npm run test:electron                        all integration tests
//   SCENE_SNAP_TEST_FILE=activation npm run test:electron   one file
import { runTests } from '@vscode/test-electron';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './setup.mjs';

const workspace = await mkdtemp(path.join(os.tmpdir(), 'scene-snap-ws-'));
try {
  await runTests({
    version: process.env.SCENE_SNAP_VSCODE_VERSION ?? '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: path.join(repoRoot, 'out', 'test', 'integration', 'index'),
    launchArgs: [workspace, '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { SCENE_SNAP_TEST_FILE: process.env.SCENE_SNAP_TEST_FILE ?? '', SCENE_SNAP_TEST_GREP: process.env.SCENE_SNAP_TEST_GREP ?? '' },
  });
} catch (err) {
  console.error(`[electron] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
}
