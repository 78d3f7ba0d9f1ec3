import * as vscode from 'vscode';
import { startProfile } from './editorBench';
import { sceneSnapApi, startFake } from './hostSetup';
import { HUGE, SLIDES, benchRooms, compareDirectory, hugeGallery, type ManagerLike } from './index';

// The 100-scene directory row of `npm run bench` alone (from the call to its badges, and the host's event
// loop meanwhile), in a fresh history or (BIG_HISTORY=1) after the 50,000-scene gallery rows have filled it:
//   node esbuild.mjs && node esbuild.mjs --tests && node test/host/run.mjs --tests out/test/bench/host/directoryOnly.js --timeout 300

export async function run(): Promise<void> {
  const api = await sceneSnapApi();
  const fake = await startFake({ latencyMs: 50, pngCacheSize: 1300, rooms: await benchRooms() });
  const config = vscode.workspace.getConfiguration();
  await config.update('sceneSnap.apiBaseUrl', fake.url, vscode.ConfigurationTarget.Global);
  await config.update('sceneSnap.rooms', [{ uuid: SLIDES, region: 'eu' }, { uuid: HUGE, region: 'us-sv' }], vscode.ConfigurationTarget.Workspace);
  await config.update('sceneSnap.preview.reuse', false, vscode.ConfigurationTarget.Workspace);
  await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
  try {
    const manager = (await vscode.commands.executeCommand('sceneSnap.preview.manager')) as ManagerLike;
    if (process.env.BIG_HISTORY) for (let i = 0; i < 2; i++) await hugeGallery(api, manager);
    const rows = [];
    for (let i = 0; i < Number(process.env.ROUNDS ?? 1); i++) {
      await new Promise((r) => setTimeout(r, 3000));
      // PROFILE=1: the hottest functions of the extension host meanwhile, by own time.
      rows.push(await compareDirectory(api, manager, fake, process.env.PROFILE ? startProfile : undefined));
    }
    console.log(`directory bench: ${JSON.stringify({ bigHistory: Boolean(process.env.BIG_HISTORY), rows }, null, 2)}`);
  } finally {
    await vscode.commands.executeCommand('sceneSnap.clearToken', {});
    await fake.close();
  }
}
