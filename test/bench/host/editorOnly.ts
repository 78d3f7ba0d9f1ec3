import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { ROOMS } from '../../support/rooms';
import { editorBench } from './editorBench';
import { sceneSnapApi, startFake } from './hostSetup';

// `npm run bench:editor`: issue #23's rows alone, in the test host with the development build (the whole
// `npm run bench` takes long). Prints the figures as JSON, and writes them to SCENE_SNAP_BENCH_OUT if set.

export async function run(): Promise<void> {
  const api = await sceneSnapApi();
  const fake = await startFake();
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
