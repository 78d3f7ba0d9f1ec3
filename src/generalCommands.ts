import * as vscode from 'vscode';

/** Commands that are not about a room or a screenshot: the log and the settings. */
export function registerGeneralCommands(log: vscode.LogOutputChannel): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sceneSnap.showLog', () => log.show()),
    vscode.commands.registerCommand('sceneSnap.openSettings', () =>
      vscode.commands.executeCommand('workbench.action.openSettings', '@ext:scenesnap.scene-snap'),
    ),
  );
}
