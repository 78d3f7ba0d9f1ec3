import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import { runnerBridgeAvailable, workbenchScreenshot } from '../support/runnerBridge';

const EXTENSION_ID = 'scenesnap.scene-snap';

/**
 * Whether our lazily bundled API client (dist/api.js, which carries undici) is loaded. Test files may load
 * undici themselves through out/src; only the extension loads dist/api.js, and only on a request. (That
 * dist/extension.js carries no undici is checked on the bundle itself: test/unit/apiLazyLoad.test.ts.)
 */
function apiBundleLoaded(extensionPath: string): string[] {
  const bundle = path.join(extensionPath, 'dist', 'api.js');
  return Object.keys(require.cache).filter((p) => p === bundle);
}

async function eventually<T>(probe: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('Scene Snap in a real VS Code', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `${EXTENSION_ID} is not installed in the test host`);
    extension = found;
    await extension.activate();
  });

  it('is present, with the identity of the contract, and activates', () => {
    assert.equal(extension.isActive, true);
    const pkg = extension.packageJSON as { publisher: string; name: string; displayName: string; engines: { vscode: string } };
    assert.equal(pkg.publisher, 'scenesnap');
    assert.equal(pkg.name, 'scene-snap');
    assert.equal(pkg.displayName, 'Scene Snap');
    assert.equal(pkg.engines.vscode, '^1.100.0');
  });

  it('activates only on its own contributions (no "*", no onStartupFinished)', () => {
    const events = (extension.packageJSON as { activationEvents?: string[] }).activationEvents ?? [];
    assert.ok(!events.includes('*'), 'activates on *');
    assert.ok(!events.includes('onStartupFinished'), 'activates on onStartupFinished');
  });

  it('contributes the Scene Snap container with the Rooms view and its welcome content', () => {
    const contributes = (extension.packageJSON as { contributes: Record<string, any> }).contributes;
    const container = contributes.viewsContainers.activitybar.find((c: { id: string }) => c.id === 'sceneSnap');
    assert.equal(container?.title, 'Scene Snap');
    const views: Array<{ id: string; name: string }> = contributes.views.sceneSnap;
    assert.deepEqual(views.map((v) => [v.id, v.name]).find(([id]) => id === 'sceneSnap.rooms'), ['sceneSnap.rooms', 'Rooms']);
    assert.ok(contributes.viewsWelcome.some((w: { view: string }) => w.view === 'sceneSnap.rooms'));
  });

  it('opens the Rooms view, which the workbench knows as a real view', async () => {
    // The focus command exists only for a registered view; running it proves the view is there.
    await vscode.commands.executeCommand('sceneSnap.rooms.focus');
    await vscode.commands.executeCommand('workbench.view.extension.sceneSnap');
  });

  it('registers every command it contributes, each with the "Scene Snap" category', async () => {
    const all = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON as { contributes: { commands: Array<{ command: string; category: string }> } }).contributes.commands;
    assert.ok(contributed.length > 0);
    for (const c of contributed) {
      assert.ok(all.has(c.command), `${c.command} is contributed but not registered`);
      assert.equal(c.category, 'Scene Snap', `${c.command} has category ${c.category}`);
    }
  });

  it('shows its log: the "Scene Snap" output channel', async () => {
    await vscode.commands.executeCommand('sceneSnap.showLog');
    // Showing a channel opens its document (scheme `output`), named after the channel.
    const doc = await eventually(
      () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'output' && decodeURIComponent(d.uri.toString()).includes('Scene Snap')),
      'the Scene Snap output document',
    );
    assert.equal(doc.uri.scheme, 'output');
  });

  it('loads no network code while activating', () => {
    assert.deepEqual(apiBundleLoaded(extension.extensionPath), []);
  });
});

// Only the code-server runner has a browser to photograph, so these tests exist only there (not under
// test:electron, where desktop VS Code runs the suite).
if (runnerBridgeAvailable) describe('the workbench as a person sees it', () => {
  it('shows the Scene Snap container with the Rooms welcome content (screenshot kept in .test-artifacts/)', async () => {
    await vscode.commands.executeCommand('workbench.view.extension.sceneSnap');
    const file = await workbenchScreenshot('rooms-welcome');
    const png = readFileSync(file);
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
    assert.ok(png.length > 10_000, `a real workbench screenshot is larger than ${png.length} bytes`);
  });
});
