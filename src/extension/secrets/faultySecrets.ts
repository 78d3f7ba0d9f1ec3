import type * as vscode from 'vscode';

/**
 * SecretStorage as VS Code gives it, which a test can make reject (as it does on Linux without a keyring).
 * Built only when VS Code runs the extension for tests (ExtensionMode.Test); otherwise the extension uses
 * context.secrets itself.
 */
export class FaultySecrets implements vscode.SecretStorage {
  /** While set, every read, write and delete rejects with it. */
  failWith: Error | undefined;
  readonly onDidChange: vscode.Event<vscode.SecretStorageChangeEvent>;

  constructor(private readonly inner: vscode.SecretStorage) {
    this.onDidChange = inner.onDidChange;
  }

  private guard<T>(run: () => Thenable<T>): Thenable<T> {
    return this.failWith ? Promise.reject(this.failWith) : run();
  }

  get(key: string): Thenable<string | undefined> {
    return this.guard(() => this.inner.get(key));
  }

  store(key: string, value: string): Thenable<void> {
    return this.guard(() => this.inner.store(key, value));
  }

  delete(key: string): Thenable<void> {
    return this.guard(() => this.inner.delete(key));
  }
}
