import * as vscode from 'vscode';

/**
 * A command whose failure (SecretStorage refusing, above all) is said to the user and logged, instead of
 * VS Code's bare "command failed" or an unhandled rejection. Resolves to what the command resolved to, or
 * to undefined once the failure is said.
 */
export function reportingFailures<A extends unknown[], R = void>(name: string, log: vscode.LogOutputChannel, run: (...args: A) => Promise<R>): (...args: A) => Promise<R | undefined> {
  return async (...args: A) => {
    try {
      return await run(...args);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      log.error(`${name}: ${message}`);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  };
}
