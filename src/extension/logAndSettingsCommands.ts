import * as vscode from 'vscode';

/** The two commands that open something of VS Code's own for Scene Snap: its log and its settings. */
export function registerLogAndSettingsCommands(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sceneSnap.showLog', () => log.show()),
    vscode.commands.registerCommand('sceneSnap.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:scenesnap.scene-snap'),
    ),
  );
}
