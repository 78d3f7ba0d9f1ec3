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

  async add(entry: HistoryEntry): Promise<void> {
    await this.memento.update(KEY, prepend(this.list(), entry));
    this.changed.fire();
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
