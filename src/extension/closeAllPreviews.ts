import * as vscode from 'vscode';

/**
 * Close All Previews: every Scene Snap tab (previews, one per room and path, and compare panels), found by
 * their webview's viewType among the tabs, so panels restored after a reload and not yet loaded go too.
 * Resolves to how many were closed.
 */
export function registerCloseAllPreviews(): vscode.Disposable {
  return vscode.commands.registerCommand('sceneSnap.closeAllPreviews', async () => {
    const ours = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && /(^|-)sceneSnap\./.test(tab.input.viewType));
    if (ours.length > 0) await vscode.window.tabGroups.close(ours);
    return ours.length;
  });
}
