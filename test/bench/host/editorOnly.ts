import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { SceneSnapApi } from '../../../src/extension/extension';
import { ROOMS } from '../../support/rooms';
import { editorBench } from './editorBench';

// `npm run bench:editor`: issue #23's rows alone, in the test host with the development build (the whole
// `npm run bench` takes long). Prints the figures as JSON, and writes them to SCENE_SNAP_BENCH_OUT if set.

type FakeModule = typeof import('../../fake-netless/server.mjs', { with: { 'resolution-mode': 'import' } });

export async function run(): Promise<void> {
  const ext = vscode.extensions.getExtension<SceneSnapApi>('scenesnap.scene-snap');
  if (!ext) throw new Error('Scene Snap is not installed');
  const api = await ext.activate();
  const { startFakeNetless }: FakeModule = await import('../../fake-netless/server.mjs');
  const fake = await startFakeNetless({});
  const config = vscode.workspace.getConfiguration();
  const others = [ROOMS.course, ROOMS.unicode, ROOMS.deck, ROOMS.hangzhou];
  await config.update('sceneSnap.apiBaseUrl', fake.url, vscode.ConfigurationTarget.Global);
  await config.update('sceneSnap.snapshots.maxMegabytes', 500, vscode.ConfigurationTarget.Global);
  await config.update('sceneSnap.openPreview', false, vscode.ConfigurationTarget.Workspace);
  await config.update('sceneSnap.rooms', [ROOMS.reference, ...others].map((uuid) => ({ uuid })), vscode.ConfigurationTarget.Workspace);
  await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
  try {
    const figures = await editorBench(api, ROOMS.reference, others);
    const text = JSON.stringify({ vscode: vscode.version, editor: figures }, null, 2);
    console.log(`editor bench: ${text}`);
    if (process.env.SCENE_SNAP_BENCH_OUT) writeFileSync(process.env.SCENE_SNAP_BENCH_OUT, `${text}\n`);
  } finally {
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await fake.close();
  }
}
