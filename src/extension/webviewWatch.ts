/**
 * What the panels hand their webviews (each page's HTML and every message) passes here, so that the
 * integration suite's secrets audit can show that no token ever reaches a webview. Made only in
 * ExtensionMode.Test (the `__test` internals hold it); the panels of a user's VS Code have none.
 * An object handed to the lazily loaded hosts, not a module's variable: each host is a bundle of its own,
 * with its own copy of every module.
 */
export type WebviewWatcher = (what: 'page' | 'message', payload: unknown) => void;

export class WebviewWatch {
  private watcher: WebviewWatcher | undefined;

  /** Sets (or, with undefined, removes) the one watcher. */
  watch(next: WebviewWatcher | undefined): void {
    this.watcher = next;
  }

  handed(what: 'page' | 'message', payload: unknown): void {
    this.watcher?.(what, payload);
  }
}
