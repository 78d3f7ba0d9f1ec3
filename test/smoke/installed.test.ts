import * as assert from 'node:assert/strict';
import path from 'node:path';
import * as vscode from 'vscode';
import type { SceneSnapApi } from '../../src/extension/extension';

/**
 * Scene Snap as a user gets it: installed from the VSIX into the test host's extensions dir, not loaded
 * from this checkout. Proves the package holds everything the extension needs at run time (the lazily
 * loaded dist/api.js with undici among it).
 */
type FakeModule = typeof import('../fake-netless/server.mjs', { with: { 'resolution-mode': 'import' } });

const EXTENSION_ID = 'scenesnap.scene-snap';
const REFERENCE_ROOM = 'faed3130727911ebaea37759ee91947c';

describe('Scene Snap installed from its VSIX', () => {
  it('is the copy in the extensions dir, running as an installed extension', () => {
    const extensionsDir = process.env.SCENE_SNAP_TEST_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'SCENE_SNAP_TEST_EXTENSIONS_DIR is not set: run this suite with run.mjs --vsix');
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const relative = path.relative(extensionsDir, extension.extensionPath);
    assert.ok(!relative.startsWith('..') && !path.isAbsolute(relative), `${extension.extensionPath} is not inside ${extensionsDir}`);
    assert.match(path.basename(extension.extensionPath), /^scenesnap\.scene-snap-\d+\.\d+\.\d+/);
  });

  it('activates and takes a screenshot through its exported API, without a preview', async () => {
    const { startFakeNetless }: FakeModule = await import('../fake-netless/server.mjs');
    const fake = await startFakeNetless();
    const config = vscode.workspace.getConfiguration('sceneSnap');
    try {
      const extension = vscode.extensions.getExtension<SceneSnapApi>(EXTENSION_ID)!;
      const api = await extension.activate();
      // Installed, not under development: VS Code runs it in Production mode, so no test internals.
      assert.equal('__test' in api, false, 'the installed copy exposes test internals');
      await config.update('apiBaseUrl', fake.url, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('sceneSnap.setToken', { token: fake.sdkToken('writer') });
      const tabsBefore = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;

      const result = await api.screenshotScene({ room: REFERENCE_ROOM, path: '/test/cover', width: 320, height: 180 }, { preview: false });

      assert.ok(result.url.startsWith(`${fake.url}/`), `the result points elsewhere: ${result.url}`);
      const png = await fetch(result.url);
      assert.equal(png.headers.get('content-type'), 'image/png');
      const shots = fake.requests.filter((r) => r.endpoint === 'screenshots');
      assert.equal(shots.length, 1, 'the fake service got no (or more than one) screenshot request');
      assert.deepEqual(JSON.parse(shots[0]!.body), { width: 320, height: 180, path: '/test/cover' });
      assert.equal(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabsBefore, '{preview:false} opened a tab');
    } finally {
      await vscode.commands.executeCommand('sceneSnap.clearToken', {});
      await config.update('apiBaseUrl', undefined, vscode.ConfigurationTarget.Global);
      await fake.close();
    }
  });
});
