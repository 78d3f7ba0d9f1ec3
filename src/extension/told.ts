import * as vscode from 'vscode';

/** A problem the user is told about in a notification, not an error of the extension; the command then resolves to undefined. */
export class Told extends Error {
  constructor(message: string, readonly level: 'info' | 'warning' | 'error' = 'warning') {
    super(message);
  }
}

/**
 * Wraps a command's body: a Told problem becomes a notification at its level; anything else is logged
 * under `name` and shown through `failed` (which words it for the command). Never rejects.
 */
export function toldCommands(log: vscode.LogOutputChannel, failed: (message: string) => string) {
  return <A extends unknown[], R>(name: string, body: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R | undefined> => {
      try {
        return await body(...args);
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        if (err instanceof Told) {
          const show = err.level === 'info' ? vscode.window.showInformationMessage : err.level === 'error' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
          void show(message);
        } else {
          log.error(`${name}: ${message}`);
          void vscode.window.showErrorMessage(failed(message));
        }
        return undefined;
      }
    };
}
