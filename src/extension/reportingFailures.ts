import * as vscode from 'vscode';

/**
 * A command whose failure (SecretStorage refusing, above all) is said to the user and logged, instead of
 * VS Code's bare "command failed" or an unhandled rejection.
 */
export function reportingFailures<A extends unknown[]>(name: string, log: vscode.LogOutputChannel, run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${name}: ${message}`);
      void vscode.window.showErrorMessage(message);
    }
  };
}
