// @ts-check
// Demo only. `npm run demo` loads this next to Scene Snap as a second extension under development; it is
// not part of Scene Snap and never packaged. The demo gives the VS Code it starts the sandbox's SDK token in
// SCENE_SNAP_DEMO_SDK_TOKEN (the extension host inherits that environment); this stores it as a user would,
// through Scene Snap's own `sceneSnap.setToken` command, so it lands in SecretStorage and Scene Snap reads
// it from there like any other token. Scene Snap itself never reads a token from the environment.
const vscode = require('vscode');

async function activate() {
  const token = process.env.SCENE_SNAP_DEMO_SDK_TOKEN;
  // Out of this process's environment at once, so extensions activated later cannot read it there.
  delete process.env.SCENE_SNAP_DEMO_SDK_TOKEN;
  if (!token) return;
  try {
    await vscode.commands.executeCommand('sceneSnap.setToken', { token });
  } catch (err) {
    // VS Code would only log a failed activation; the demo's user should see why screenshots will fail.
    void vscode.window.showErrorMessage(`Scene Snap demo: could not store the sandbox token: ${err instanceof Error ? err.message : err}`);
  }
}

module.exports = { activate };
