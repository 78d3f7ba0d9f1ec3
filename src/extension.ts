import * as vscode from 'vscode';
import { registerRoomsView } from './rooms/roomsView';
import { registerGeneralCommands } from './generalCommands';

/**
 * Builds the parts and registers them. Nothing here touches the network or loads the API client:
 * that happens on the first request (see esbuild.mjs: dist/api.js is a separate bundle).
 */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Scene Snap', { log: true });
  context.subscriptions.push(log);
  try {
    context.subscriptions.push(registerGeneralCommands(log), registerRoomsView());
  } catch (err) {
    // VS Code logs a failed activate() only in its own log; tell the user where it went wrong.
    const message = err instanceof Error ? err.message : String(err);
    log.error(`Activation failed: ${err instanceof Error ? (err.stack ?? message) : message}`);
    void vscode.window.showErrorMessage(`Scene Snap could not start: ${message}`, 'Show Log').then((choice) => {
      if (choice) log.show();
    });
    throw err;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
