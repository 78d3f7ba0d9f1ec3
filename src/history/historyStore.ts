import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { type HistoryEntry, prepend, readEntries, replaceEntry } from './historyEntries';

const KEY = 'sceneSnap.history';

/** Screenshot history in workspaceState: one atomic update per change, so no entry is ever half-written. */
export class HistoryStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;

  constructor(private readonly memento: vscode.Memento) {
    super();
  }

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

  /**
   * Replaces one entry by `change(entry)` (its snapshots once kept, its pin), within the history's bounds;
   * resolves to the entry as stored (it may hold fewer snapshot refs than it was given: replaceEntry()), or
   * undefined when it is no longer in the history. Same atomicity as add().
   */
  update(id: string, change: (entry: HistoryEntry) => HistoryEntry): Promise<HistoryEntry | undefined> {
    const next = replaceEntry(this.list(), id, change);
    if (!next) return Promise.resolve(undefined);
    const stored = this.memento.update(KEY, next);
    this.changed.fire();
    const entry = next.find((e) => e.id === id);
    return Promise.resolve(stored).then(() => entry);
  }

  async clear(): Promise<void> {
    await this.memento.update(KEY, undefined);
    this.changed.fire();
  }
}
