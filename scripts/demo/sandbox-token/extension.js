// @ts-check
// Demo only. `npm run demo` loads this next to Scene Snap as a second extension under development; it is
// not part of Scene Snap and never packaged. The demo gives the VS Code it starts the sandbox's SDK token in
// SCENE_SNAP_DEMO_SDK_TOKEN (the extension host inherits that environment); this stores it as a user would,
// through Scene Snap's own `sceneSnap.setToken` command, so it lands in SecretStorage and Scene Snap reads
// it from there like any other token. Scene Snap itself never reads a token from the environment.
//
// Once per demo (its profile is new each time): a window reload gets the token in its environment again,
// but storing it again would only repeat the "Stored the SDK token…" message (issue 25). The first load
// also opens the Scene Snap view, where the demo starts, instead of the Explorer.
const vscode = require('vscode');

/** In this helper's own global state: a yes, never the token. */
const DONE_KEY = 'sceneSnapDemo.sandboxTokenStored';

/** @param {vscode.ExtensionContext} context */
async function activate(context) {
  const token = process.env.SCENE_SNAP_DEMO_SDK_TOKEN;
  // Out of this process's environment at once, so extensions activated later cannot read it there.
  delete process.env.SCENE_SNAP_DEMO_SDK_TOKEN;
  if (!token || context.globalState.get(DONE_KEY)) return;
  try {
    const stored = await vscode.commands.executeCommand('sceneSnap.setToken', { token });
    if (stored === true) await context.globalState.update(DONE_KEY, true);
    await vscode.commands.executeCommand('workbench.view.extension.sceneSnap');
  } catch (err) {
    // VS Code would only log a failed activation; the demo's user should see why screenshots will fail.
    void vscode.window.showErrorMessage(`Scene Snap demo: could not store the sandbox token: ${err instanceof Error ? err.message : err}`);
  }
}

module.exports = { activate };
