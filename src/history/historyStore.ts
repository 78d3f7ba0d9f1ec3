import * as vscode from 'vscode';
import { type HistoryEntry, prepend, readEntries } from './historyEntries';

const KEY = 'sceneSnap.history';

/** Screenshot history in workspaceState: one atomic update per change, so no entry is ever half-written. */
export class HistoryStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {}

  list(): HistoryEntry[] {
    return readEntries(this.memento.get(KEY));
  }

  get(id: string): HistoryEntry | undefined {
    return this.list().find((e) => e.id === id);
  }

  latest(): HistoryEntry | undefined {
    return this.list()[0];
  }

  /**
   * The new list is in effect at once (a Memento updates its value before it persists it), so concurrent
   * adds never lose one another; the promise settles once VS Code has stored it.
   */
  add(entry: HistoryEntry): Promise<void> {
    const stored = this.memento.update(KEY, prepend(this.list(), entry));
    this.changed.fire();
    return Promise.resolve(stored);
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
