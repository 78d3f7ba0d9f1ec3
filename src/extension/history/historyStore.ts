import * as vscode from 'vscode';
import { Disposable } from '../disposable';
import { HISTORY_LIMIT, HISTORY_MAX_BYTES, type HistoryEntry, pinsOverBound, prepend, readEntries, replaceEntry } from './historyEntries';

const KEY = 'sceneSnap.history';
/**
 * A change is written this long after it was made, with the changes made meanwhile. The write serializes
 * the whole history and the window stores it: done while the window opens or updates a screenshot's
 * preview, it delayed the picture (#15: a second shot into the open panel 1.21 → 0.96 of the yardstick
 * with the write 300 ms later instead of on the next turn; 250 ms is what the code has).
 */
const WRITE_AFTER_MS = 250;

/** A change in effect at once and written to workspaceState WRITE_AFTER_MS later, with the changes after it. */
interface Unwritten {
  list: HistoryEntry[] | undefined;
  written: Promise<void>;
  resolve(): void;
  reject(err: unknown): void;
}

/**
 * Screenshot history in workspaceState: one atomic update per burst of changes, so no entry is ever
 * half-written.
 *
 * A change is in effect at once (list() shows it) and is written WRITE_AFTER_MS later, together with the
 * changes made in between: the write serializes the whole history and sends it to the window, which
 * neither a screenshot resolving to its caller (#12: the command overhead) nor its preview (#15) need wait
 * for. The listeners of onDidChange hear of it then. A change not yet written when the extension
 * stops is written at dispose(), as far as VS Code still stores it then (a window closed within 250 ms
 * of a screenshot may lose its entry).
 */
export class HistoryStore extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private unwritten: Unwritten | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The stored value last read and its entries: checking every entry again on each list() is wasted work. */
  private read: { raw: unknown; entries: HistoryEntry[] } | undefined;
  /** Pins alone fill the history, and the user was told: told once, until the history is back within bounds. */
  private overBound = false;

  constructor(private readonly memento: vscode.Memento) {
    super();
    // Best effort: VS Code may no longer store what an extension writes while it stops.
    this.register({ dispose: () => this.flush(false) });
  }

  list(): HistoryEntry[] {
    if (this.unwritten) return [...(this.unwritten.list ?? [])];
    const raw = this.memento.get(KEY);
    if (!this.read || this.read.raw !== raw) this.read = { raw, entries: readEntries(raw) };
    return [...this.read.entries];
  }

  get(id: string): HistoryEntry | undefined {
    return this.list().find((e) => e.id === id);
  }

  latest(): HistoryEntry | undefined {
    return this.list()[0];
  }

  /**
   * The new list is in effect at once, so concurrent adds never lose one another; the promise settles once
   * VS Code has stored it.
   */
  add(entry: HistoryEntry): Promise<void> {
    return this.write(this.checked(prepend(this.list(), entry)));
  }

  /**
   * Replaces one entry by `change(entry)` (its snapshots once kept, its pin), within the history's bounds;
   * resolves to the entry as stored (it may hold fewer snapshot refs than it was given: replaceEntry()), or
   * undefined when it is no longer in the history. Same atomicity as add().
   */
  update(id: string, change: (entry: HistoryEntry) => HistoryEntry): Promise<HistoryEntry | undefined> {
    const next = replaceEntry(this.list(), id, change);
    if (!next) return Promise.resolve(undefined);
    // As written: a clear() or an add() made before the write may have taken the entry out since.
    return this.write(this.checked(next)).then(() => this.get(id));
  }

  /** Takes one entry out of the history (pinned or not); resolves to it, or undefined when it was not there. */
  remove(id: string): Promise<HistoryEntry | undefined> {
    const list = this.list();
    const entry = list.find((e) => e.id === id);
    if (!entry) return Promise.resolve(undefined);
    const rest = list.filter((e) => e.id !== id);
    return this.write(rest.length > 0 ? rest : undefined).then(() => entry);
  }

  /** Empties the history; with `keepPinned`, the pinned entries stay (Clear History's default). */
  clear(options: { keepPinned?: boolean } = {}): Promise<void> {
    const pinned = options.keepPinned ? this.list().filter((e) => e.pinned) : [];
    return this.write(this.checked(pinned.length > 0 ? pinned : undefined));
  }

  /**
   * The list as it will be written, once the user has been told (once) when the pinned entries alone fill
   * the history: nothing pinned is dropped then, so each new screenshot pushes out the unpinned one before.
   */
  private checked<T extends HistoryEntry[] | undefined>(list: T): T {
    const over = list !== undefined && pinsOverBound(list);
    if (over && !this.overBound) {
      const unpin = vscode.l10n.t('Unpin Screenshots…');
      void vscode.window
        .showWarningMessage(
          vscode.l10n.t('The pinned screenshots alone fill the history (at most {0} screenshots and {1} MB): nothing pinned is removed, so each new screenshot now replaces the last unpinned one. Unpin the screenshots you no longer need.', HISTORY_LIMIT, HISTORY_MAX_BYTES / (1024 * 1024)),
          unpin,
        )
        .then((choice) => (choice === unpin ? vscode.commands.executeCommand('sceneSnap.unpinHistoryEntry') : undefined))
        // The unpin command reports its own failures; nothing here is left unhandled.
        .then(undefined, () => undefined);
    }
    this.overBound = over;
    return list;
  }

  private write(list: HistoryEntry[] | undefined): Promise<void> {
    if (this.unwritten) {
      this.unwritten.list = list;
      return this.unwritten.written;
    }
    let settle: Pick<Unwritten, 'resolve' | 'reject'> | undefined;
    const written = new Promise<void>((resolve, reject) => (settle = { resolve, reject }));
    this.unwritten = { list, written, ...settle! };
    this.timer = setTimeout(() => this.flush(), WRITE_AFTER_MS);
    return written;
  }

  /** Writes the change not yet written, if any, and tells the listeners (not while the extension stops). */
  private flush(tell = true): void {
    const unwritten = this.unwritten;
    if (!unwritten) return;
    clearTimeout(this.timer);
    this.unwritten = undefined;
    Promise.resolve(this.memento.update(KEY, unwritten.list)).then(unwritten.resolve, unwritten.reject);
    if (tell) this.changed.fire();
  }
}
