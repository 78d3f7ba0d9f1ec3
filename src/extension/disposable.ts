import type * as vscode from 'vscode';

/**
 * Owns what it registers and disposes it once, the last registered first. Every part that holds
 * subscriptions, emitters or panels extends this instead of keeping a list of its own.
 */
export class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private done = false;

  get isDisposed(): boolean {
    return this.done;
  }

  /** Keeps `d` until dispose(); after it, disposes `d` at once. */
  protected register<T extends vscode.Disposable>(d: T): T {
    if (this.done) d.dispose();
    else this.owned.push(d);
    return d;
  }

  dispose(): void {
    if (this.done) return;
    this.done = true;
    for (const d of this.owned.splice(0).reverse()) d.dispose();
  }
}
