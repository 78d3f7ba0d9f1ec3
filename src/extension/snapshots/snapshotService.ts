import { requireBundle } from '../lazyBundle';
import * as vscode from 'vscode';
import type { ClientProvider } from '../clientProvider';
import { Disposable } from '../disposable';
import { hasKeptSnapshot, type HistoryEntry, type SnapshotRef } from '../history/historyEntries';
import type { HistoryStore } from '../history/historyStore';
import { readSettings } from '../settings';
import type { KeepProgress, SnapshotStore, StoreUsage } from '../../core/snapshots/index';
import { snapshotOwner, type OwnerState } from '../../core/snapshots/snapshotOwner';

type Core = typeof import('../../core/snapshots/index');

const MIB = 1024 * 1024;
/**
 * The status bar says "Keeping snapshots" only for work that lasts: one scene's PNG is kept in a few tens
 * of ms, and an item shown and hidden again for it flickers (and costs messages to the window).
 */
const PROGRESS_AFTER_MS = 500;
/** One PNG may be at most this big: a 10000×10000 screenshot stays well below. */
const MAX_PNG_BYTES = 64 * MIB;
/** While keeping, the store is trimmed each time this share of the cap (at least 1 MiB) was kept. */
const TRIM_SHARE = 16;
/** A keep's new snapshots reach its refs file at most this long after they were kept (far within the store's grace). */
const KEEPING_REFS_MS = 1000;
/** While keeping, the usage figure is read again at most this often. */
const USAGE_WHILE_KEEPING_MS = 1000;
/** The refs file is written again at least this often, so the store never takes this window for gone (30 days). */
const REFS_REFRESH_MS = 24 * 3600 * 1000;
/**
 * After startup, a window whose history holds kept snapshots writes its refs file once: a window used every
 * day without a screenshot would otherwise never write it, and the store would drop its pins after 30 days.
 * Not during activation (no I/O there), and late enough to stay out of the first seconds' work.
 */
const REFS_AT_START_MS = 30_000;

/** Why a kept snapshot left the store, as far as this window saw it go. */
export type GoneReason = 'freed' | 'cap';
/** workspaceState key of the reasons (hash → reason), the newest GONE_REMEMBERED. */
const GONE_STATE_KEY = 'sceneSnap.snapshots.gone';
const GONE_REMEMBERED = 5000;
/** The `why` of evict() for Free Kept Snapshots…: what it removes is said to be freed by the user. */
export const FREED_BY_USER = 'the user asked';

/** sceneSnap.snapshots.maxMegabytes in bytes, from user settings only (src/extension/settingScopes.ts); 0 keeps none. */
export function maxBytesSetting(): number {
  return readSettings().snapshotsMaxBytes;
}

export function megabytes(bytes: number): string {
  return (bytes / MIB).toLocaleString(vscode.env.language, { maximumFractionDigits: 1 });
}

export interface SnapshotServiceDeps {
  /** `<globalStorage>/snapshots`: shared by every window (the store is safe for that). */
  folder: string;
  /** The workspace's storage URI (context.storageUri), undefined in a folderless window. */
  storageUri: string | undefined;
  /** The window's workspaceState: a folderless window keeps its own owner id there (snapshotOwner.ts). */
  workspaceState: OwnerState;
  history: HistoryStore;
  clients: ClientProvider;
  log: vscode.LogOutputChannel;
  words?: Record<string, string>;
  /** Tests: how long after startup the refs file is written (REFS_AT_START_MS). */
  referencesAtStartMs?: number;
}

/** The hashes an entry's kept snapshots name. */
function hashesOf(entry: HistoryEntry): string[] {
  return (entry.snapshots ?? []).flatMap((s) => (s.kind === 'kept' ? [s.hash] : []));
}

/**
 * The glue of the snapshot store (src/core/snapshots/snapshotStore.ts): after each screenshot it keeps the
 * PNGs (in the background: the screenshot has already resolved), records them in the history entry, keeps
 * the store's references and the cap in step with the history and the settings, and shows the progress in
 * the status bar. The store and the downloads (dist/snapshots.js) load on first use, not at activation.
 */
export class SnapshotService extends Disposable {
  private core: Core | undefined;
  private storeInstance: SnapshotStore | undefined;
  private readonly kept = this.register(new vscode.EventEmitter<HistoryEntry>());
  /** Fires with the updated entry once its snapshots are recorded (open previews show the kept images). */
  readonly onDidKeep = this.kept.event;
  private readonly usageChanged = this.register(new vscode.EventEmitter<void>());
  /** Fires when usageText() has a new figure. */
  readonly onDidChangeUsage = this.usageChanged.event;
  private lastUsage: StoreUsage | undefined;
  private readonly running = new Map<AbortController, KeepProgress>();
  private status: vscode.StatusBarItem | undefined;
  private refsTimer: ReturnType<typeof setTimeout> | undefined;
  /** What this window last wrote as its references (none written yet: undefined), and when. */
  private referencesWritten: string | undefined;
  private referencesWrittenAt = 0;
  private ownerId: string | undefined;
  /** The snapshots of each keep running now, until its entry records them: referenced meanwhile. */
  private readonly keeping = new Set<Set<string>>();
  private keepingRefsTimer: ReturnType<typeof setTimeout> | undefined;
  private refreshTimer: ReturnType<typeof setInterval> | undefined;
  private progressTimer: ReturnType<typeof setTimeout> | undefined;
  private pending = new Set<Promise<unknown>>();
  /** Why each snapshot this window removed went (read from workspaceState on first use). */
  private goneReasons: Map<string, GoneReason> | undefined;
  readonly folderUri: vscode.Uri;

  constructor(private readonly deps: SnapshotServiceDeps) {
    super();
    this.folderUri = vscode.Uri.file(deps.folder);
    this.register(deps.history.onDidChange(() => this.scheduleReferences()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('sceneSnap.snapshots.maxMegabytes')) this.track(this.evict('the cap changed'));
      }),
    );
    this.register({ dispose: () => this.cancelAll() });
    this.register({ dispose: () => clearTimeout(this.refsTimer) });
    this.register({ dispose: () => clearTimeout(this.progressTimer) });
    this.register({ dispose: () => clearTimeout(this.usageTimer) });
    this.register({ dispose: () => clearTimeout(this.keepingRefsTimer) });
    this.register({ dispose: () => clearInterval(this.refreshTimer) });
    // The history is read when the timer fires, not here: activation stays free of that work.
    const atStart = setTimeout(() => {
      if (deps.history.list().some(hasKeptSnapshot)) void this.track(this.writeReferences());
    }, deps.referencesAtStartMs ?? REFS_AT_START_MS);
    atStart.unref?.();
    this.register({ dispose: () => clearTimeout(atStart) });
  }

  private load(): Core {
    if (!this.core) {
      this.core = requireBundle<Core>(__dirname, 'snapshots.js', '../../core/snapshots/index.js');
      this.core.useWords(this.deps.words);
    }
    return this.core;
  }

  store(): SnapshotStore {
    if (!this.storeInstance) {
      this.storeInstance = new (this.load().SnapshotStore)(this.deps.folder);
      // A window open for weeks keeps its references fresh (an owner silent for 30 days is dropped).
      this.refreshTimer = setInterval(() => void this.track(this.writeReferences()), REFS_REFRESH_MS);
      this.refreshTimer.unref?.();
    }
    return this.storeInstance;
  }

  /** This window's owner in the store's refs, made on first use (a folderless window's is its own id). */
  private owner(): string {
    return (this.ownerId ??= snapshotOwner(this.deps.storageUri, this.deps.workspaceState));
  }

  /** Resolves once every background job (keeping, references, eviction) started so far has settled. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work)).catch(() => {});
    return work;
  }

  /**
   * Keeps the PNGs of a recorded entry, in the background; never rejects (a failed download is written in
   * the entry, a failure of the store in the log). With a cap of 0 nothing is kept.
   */
  keep(entry: HistoryEntry): Promise<void> {
    // Started on the next turn: the caller (a screenshot resolving) goes on first. Tracked from now, so idle() waits for it.
    const started = new Promise<void>((resolve) => setTimeout(resolve, 0));
    return this.track(started.then(() => this.keepNow(entry)).catch((err: unknown) => this.deps.log.error(`Snapshots of ${entry.room} ${entry.path} were not kept: ${err instanceof Error ? err.message : String(err)}`)));
  }

  private async keepNow(entry: HistoryEntry): Promise<void> {
    if (maxBytesSetting() === 0 || entry.results.length === 0) return;
    const core = this.load();
    const store = this.store();
    const abort = new AbortController();
    this.running.set(abort, { done: 0, total: entry.results.length, kept: 0, failed: 0 });
    this.progressSoon(PROGRESS_AFTER_MS);
    const blanks = new Set<string>();
    /** Over the pixel limit: not inflated, so neither called blank nor known not to be. */
    const unchecked = new Set<string>();
    const started = performance.now();
    const downloads = this.deps.clients.downloads();
    const timeoutMs = readSettings().downloadTimeoutMs;
    const cap = maxBytesSetting();
    const keeping = new Set<string>();
    this.keeping.add(keeping);
    let outcomes;
    try {
      outcomes = await core.keepSnapshots(entry.results, {
        // Settings read once per keep, not once per PNG (a 1,000-scene deck would read them 1,000 times).
        // Streamed to a file of the store, which moves it in: no PNG is held in memory whole.
        fetchPng: async (url, o) => {
          const file = await store.incomingFile();
          await downloads.downloadPng(url, file, { signal: o.signal, maxBytes: o.maxBytes, timeoutMs });
          return { file };
        },
        store: {
          put: (bytes) => store.put(bytes),
          // The blank check (only nearly empty PNGs are inflated, row by row: blankPng.ts; those are small, read back).
          putFile: async (file) => {
            const stored = await store.putFile(file);
            // Over the pixel limit it is too large to check, from its header: its bytes are not read back.
            const bytes = core.mayBeBlank(stored) ? await store.get(stored.hash) : undefined;
            const verdict = !core.withinPixelBudget(stored.width, stored.height) ? 'tooLarge' : bytes ? await core.checkBlankPng(bytes, stored) : 'notBlank';
            if (verdict === 'blank') blanks.add(stored.hash);
            else if (verdict === 'tooLarge') unchecked.add(stored.hash);
            return stored;
          },
        },
        maxBytes: MAX_PNG_BYTES,
        signal: abort.signal,
        trim: { everyBytes: Math.max(MIB, Math.floor(cap / TRIM_SHARE)), run: () => this.trimWhileKeeping(cap) },
        onOutcome: (_i, o) => {
          if (o.kind !== 'kept') return;
          keeping.add(o.hash);
          // Kept again (the same picture shot again): no longer gone.
          if (this.goneReasons?.delete(o.hash)) this.goneChanged = true;
          this.keepingReferencesSoon();
        },
        onProgress: (p) => {
          this.running.set(abort, p);
          this.progressSoon();
          this.usageSoon();
        },
      });
    } catch (err) {
      this.keeping.delete(keeping);
      throw err;
    } finally {
      this.running.delete(abort);
      // Its half-second wait ends with it: a keep that starts next waits its own, not what is left of this one.
      if (this.running.size === 0 && !this.progressShown) {
        clearTimeout(this.progressTimer);
        this.progressTimer = undefined;
      }
      this.showProgress();
    }
    const refs: SnapshotRef[] = outcomes.map((o) =>
      o.kind === 'kept'
        ? { kind: 'kept', hash: o.hash, width: o.width, height: o.height, bytes: o.bytes, at: o.at, ...(blanks.has(o.hash) ? { blank: true } : {}) }
        : { kind: 'failed', code: o.code, reason: o.reason, ...(o.status === undefined ? {} : { status: o.status }) },
    );
    const failed = outcomes.filter((o) => o.kind === 'failed');
    const line = `Kept ${outcomes.length - failed.length} of ${outcomes.length} snapshot(s) of ${entry.room} ${entry.path} in ${Math.round(performance.now() - started)} ms${blanks.size ? `, ${blanks.size} blank` : ''}${unchecked.size ? `, ${unchecked.size} too large to check for blank (over ${core.MAX_PIXELS.toLocaleString('en-US')} pixels)` : ''}`;
    if (failed.length) this.deps.log.warn(`${line}; ${failed.length} not kept [${[...new Set(failed.map((f) => `${f.code}${f.status ? ` ${f.status}` : ''}`))].join(', ')}]`);
    else this.deps.log.info(line);
    const recorded = await this.deps.history.update(entry.id, (e) => ({ ...e, snapshots: refs.slice(0, e.results.length) })).finally(() => this.keeping.delete(keeping));
    if (recorded && (recorded.snapshots?.length ?? 0) < refs.length) this.deps.log.warn(`The history entry of ${entry.room} ${entry.path} records ${recorded.snapshots?.length ?? 0} of its ${refs.length} snapshots (it is at its size bound); the others show their URL`);
    // Cleared while it downloaded, or refs left off an entry at its bound: what no entry records is nobody's,
    // and goes with the other unreferenced snapshots once past the store's grace (evict() below and later).
    await this.evict('a screenshot was kept');
    if (this.keeping.size === 0) {
      clearTimeout(this.keepingRefsTimer);
      this.keepingRefsTimer = undefined;
    }
    const updated = this.deps.history.get(entry.id);
    if (updated) this.kept.fire(updated);
  }

  /** During a keep, its new snapshots are written as referenced within KEEPING_REFS_MS (a throttle, not a debounce). */
  private keepingReferencesSoon(): void {
    this.keepingRefsTimer ??= setTimeout(() => {
      this.keepingRefsTimer = undefined;
      void this.track(this.writeReferences());
    }, KEEPING_REFS_MS);
  }

  /** The cap while a keep runs: only the cap (the unreferenced wait for the trim after it). */
  private async trimWhileKeeping(maxBytes: number): Promise<void> {
    try {
      const report = await this.store().evict({ maxBytes, onRemoved: this.noteGone('cap') });
      if (report.removed > 0) this.deps.log.info(`Removed ${report.removed} kept snapshot(s), ${report.freedBytes} bytes (the cap, while keeping); ${report.count} left, ${report.bytes} bytes`);
      this.setUsage(report);
      this.saveGone();
    } catch (err) {
      this.deps.log.error(`Could not trim the snapshot store: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private usageTimer: ReturnType<typeof setTimeout> | undefined;

  /**
   * While a keep runs, the History view's "N kept · X MB" follows it, read from the store at most every
   * USAGE_WHILE_KEEPING_MS (a 1,000-scene deck would otherwise show the figure of before until the end).
   */
  private usageSoon(): void {
    if (this.usageTimer || !this.lastUsage) return;
    this.usageTimer = setTimeout(() => {
      this.usageTimer = undefined;
      if (this.running.size > 0) void this.track(this.usage().catch(() => undefined));
    }, USAGE_WHILE_KEEPING_MS);
  }

  /** At most ten status bar updates a second: a 1,000-scene deck reports a result every few milliseconds. */
  private progressSoon(delayMs = 100): void {
    this.progressTimer ??= setTimeout(() => {
      this.progressTimer = undefined;
      this.showProgress();
    }, delayMs);
  }

  /** The status bar item has been shown since it was last hidden. */
  private progressShown = false;
  /** How many times the status bar showed the progress (tests: a quick keep shows none). */
  progressShownCount = 0;

  private showProgress(): void {
    if (this.running.size === 0) {
      if (!this.progressShown) return;
      this.progressShown = false;
      this.status?.hide();
      void vscode.commands.executeCommand('setContext', 'sceneSnap.keepingSnapshots', false);
      return;
    }
    // Not yet shown: only once the work has lasted PROGRESS_AFTER_MS (its first timer), not on each result.
    if (!this.progressShown && this.progressTimer !== undefined) return;
    if (!this.progressShown) {
      this.progressShownCount++;
      this.progressShown = true;
      // Each time it shows (it was set only when the item was first made, so a second keep had no Cancel in the palette).
      void vscode.commands.executeCommand('setContext', 'sceneSnap.keepingSnapshots', true);
    }
    if (!this.status) {
      this.status = this.register(vscode.window.createStatusBarItem('sceneSnap.snapshots', vscode.StatusBarAlignment.Left, -100));
      this.status.name = vscode.l10n.t('Scene Snap: keeping snapshots');
      this.status.command = 'sceneSnap.cancelKeepingSnapshots';
    }
    let done = 0;
    let total = 0;
    for (const p of this.running.values()) {
      done += p.done;
      total += p.total;
    }
    this.status.text = `$(cloud-download) ${vscode.l10n.t('Keeping snapshots {0}/{1}', done, total)}`;
    this.status.tooltip = vscode.l10n.t('Scene Snap keeps a copy of each screenshot, so that the history shows what was seen. Click to cancel.');
    this.status.show();
  }

  /** The status bar's progress, for the tests: undefined when nothing is being kept. */
  progressText(): string | undefined {
    return this.running.size > 0 && this.progressShown ? this.status?.text : undefined;
  }

  /** Stops every download in flight; what was kept stays kept. */
  cancelAll(): number {
    const count = this.running.size;
    for (const abort of this.running.keys()) abort.abort();
    return count;
  }

  private scheduleReferences(): void {
    // Only once the store was used in this window: activation and a window that never shot do no I/O.
    if (!this.storeInstance) return;
    clearTimeout(this.refsTimer);
    this.refsTimer = setTimeout(() => void this.track(this.writeReferences()), 200);
  }

  /** What this workspace's history shows and pins, for the store's eviction and Clear History. */
  private async writeReferences(): Promise<void> {
    const entries = this.deps.history.list();
    const inFlight = [...this.keeping].flatMap((k) => [...k]);
    const refs = { referenced: [...entries.flatMap(hashesOf), ...inFlight], pinned: entries.filter((e) => e.pinned).flatMap(hashesOf) };
    // A keep asks for it up to three times (the history's change, the keep, the eviction), mostly unchanged.
    const key = JSON.stringify(refs);
    const now = Date.now();
    if (key === this.referencesWritten && now - this.referencesWrittenAt < REFS_REFRESH_MS) return;
    try {
      await this.store().setReferences(this.owner(), refs);
      this.referencesWritten = key;
      this.referencesWrittenAt = now;
    } catch (err) {
      this.deps.log.error(`Could not record the snapshots this history uses: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /**
   * What no history references goes once past the store's grace (the PNGs of cleared entries, of entries
   * that could not record them); then, past the cap, the least recently used snapshots no pinned entry needs.
   */
  async evict(why: string, maxBytes = maxBytesSetting()): Promise<{ removed: number; freedBytes: number }> {
    try {
      await this.writeReferences();
      const unreferenced = await this.store().removeUnreferenced();
      if (unreferenced.removed > 0) this.deps.log.info(`Removed ${unreferenced.removed} kept snapshot(s) no history shows, ${unreferenced.freedBytes} bytes (${why})`);
      const report = await this.store().evict({ maxBytes, onRemoved: this.noteGone(why === FREED_BY_USER ? 'freed' : 'cap') });
      if (report.removed > 0) this.deps.log.info(`Removed ${report.removed} kept snapshot(s), ${report.freedBytes} bytes (${why}); ${report.count} left, ${report.bytes} bytes`);
      this.setUsage(report);
      this.saveGone();
      return { removed: unreferenced.removed + report.removed, freedBytes: unreferenced.freedBytes + report.freedBytes };
    } catch (err) {
      this.deps.log.error(`Could not trim the snapshot store: ${err instanceof Error ? err.message : String(err)}`);
      return { removed: 0, freedBytes: 0 };
    }
  }

  /**
   * After Clear History: the snapshots of the cleared entries that no other workspace uses go, once past
   * the store's grace (one used in the last minutes may be another window's keep not yet recorded: it goes
   * on a later trim).
   */
  async afterClear(cleared: readonly HistoryEntry[]): Promise<void> {
    if (cleared.flatMap(hashesOf).length === 0 && !this.storeInstance) return;
    try {
      await this.writeReferences();
      const report = await this.store().removeUnreferenced();
      this.deps.log.info(`Clear History removed ${report.removed} kept snapshot(s), ${report.freedBytes} bytes; ${report.count} left`);
      this.setUsage(report);
    } catch (err) {
      this.deps.log.error(`Could not remove the cleared snapshots: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Pins or unpins an entry; unpinning lets the cap apply to its snapshots again. */
  async setPinned(id: string, pinned: boolean): Promise<boolean> {
    const changed = await this.deps.history.update(id, (e) => {
      const { pinned: _was, ...rest } = e;
      return pinned ? { ...rest, pinned: true } : rest;
    });
    if (changed) await this.track(this.evict(pinned ? 'an entry was pinned' : 'an entry was unpinned'));
    return changed !== undefined;
  }

  /** Records why the snapshots an eviction removes went; saved once the eviction is over (see evict()). */
  private noteGone(reason: GoneReason): (hash: string) => void {
    const reasons = this.gone();
    return (hash) => {
      reasons.delete(hash);
      reasons.set(hash, reason);
      this.goneChanged = true;
    };
  }

  private goneChanged = false;

  private gone(): Map<string, GoneReason> {
    if (!this.goneReasons) {
      const stored = this.deps.workspaceState.get<unknown>(GONE_STATE_KEY);
      const pairs = Array.isArray(stored) ? stored.filter((p): p is [string, GoneReason] => Array.isArray(p) && typeof p[0] === 'string' && (p[1] === 'freed' || p[1] === 'cap')) : [];
      this.goneReasons = new Map(pairs);
    }
    return this.goneReasons;
  }

  private saveGone(): void {
    if (!this.goneChanged || !this.goneReasons) return;
    this.goneChanged = false;
    const pairs = [...this.goneReasons].slice(-GONE_REMEMBERED);
    this.goneReasons = new Map(pairs);
    void Promise.resolve(this.deps.workspaceState.update(GONE_STATE_KEY, pairs)).catch(() => {});
  }

  /**
   * Why a kept snapshot is no longer in the store: freed by the user (Free Kept Snapshots…), removed by
   * the cap, or undefined when this window did not remove it (damaged, or removed by another window).
   */
  goneReason(hash: string): GoneReason | undefined {
    return this.gone().get(hash);
  }

  /** How much is kept, read from the disk. */
  async usage(): Promise<StoreUsage> {
    const usage = await this.store().usage();
    this.setUsage(usage);
    return usage;
  }

  private setUsage(usage: StoreUsage): void {
    this.lastUsage = { count: usage.count, bytes: usage.bytes };
    this.usageChanged.fire();
  }

  /** The figure for the History view, once known: "3 kept · 1.2 MB of 500 MB". */
  usageText(): string | undefined {
    const usage = this.lastUsage;
    if (!usage) return undefined;
    return vscode.l10n.t('{0} kept · {1} MB of {2} MB', usage.count, megabytes(usage.bytes), megabytes(maxBytesSetting()));
  }

  /**
   * Whether each result's kept file is there (the preview then asks for its bytes; where not, it shows the
   * URL). Small entries are checked byte by byte against the hash; a big directory's files only by their
   * presence (reading a thousand PNGs to open a gallery is too slow), where a damaged file shows as the
   * bucket URL once the page cannot get its bytes, never as another image.
   */
  async keptThere(entry: HistoryEntry): Promise<boolean[]> {
    const refs = entry.snapshots;
    if (!refs || !hasKeptSnapshot(entry)) return [];
    const store = this.store();
    const verify = refs.length <= 16;
    return Promise.all(
      refs.map(async (r) => {
        if (r.kind !== 'kept') return false;
        try {
          return verify ? (await store.get(r.hash)) !== undefined : await store.touch(r.hash);
        } catch {
          return false;
        }
      }),
    );
  }

  /** A kept PNG's bytes, checked against its hash; undefined when it is no longer kept. */
  async bytes(hash: string): Promise<Uint8Array | undefined> {
    try {
      return await this.store().get(hash);
    } catch {
      return undefined;
    }
  }
}
