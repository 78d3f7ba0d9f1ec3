import * as vscode from 'vscode';
import type { SceneSnapApi } from '../../../src/extension/extension';

// What each bench entry run alone (editorOnly, compareOnly, directoryOnly) starts from.

type FakeModule = typeof import('../../fake-netless/server.mjs', { with: { 'resolution-mode': 'import' } });

/** Scene Snap's exported API, the extension activated. */
export async function sceneSnapApi(): Promise<SceneSnapApi> {
  const ext = vscode.extensions.getExtension<SceneSnapApi>('scenesnap.scene-snap');
  if (!ext) throw new Error('Scene Snap is not installed');
  return ext.activate();
}

/** The local fake Netless service, started in this host. */
export async function startFake(options: Parameters<FakeModule['startFakeNetless']>[0] = {}) {
  const { startFakeNetless }: FakeModule = await import('../../fake-netless/server.mjs');
  return startFakeNetless(options);
}
