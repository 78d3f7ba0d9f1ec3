// The compare panel's host side, bundled on its own as dist/compareView.js and loaded on the first compare
// command (src/extension/compareView/lazyCompareView.ts), not at activation.
import * as vscode from 'vscode';
import { Told, toldCommands } from '../told';
import type { CompareClient } from '../../core/images/compareClient';
import type { HistoryEntry } from '../history/historyEntries';
import { roomLabel, sceneNameOf } from '../preview/model';
import { SnapshotStore } from '../../core/snapshots/snapshotStore';
import { DEFAULT_THRESHOLD } from '../../core/images/options';
import { ComparePanel, type ComparePanelEnv, type RunCompare } from './comparePanel';
import { AUTOMATIC_COMPARE_MAX_BYTES } from '../../core/images/memoryBudget';
import { compareEach } from '../../core/images/compareEach';
import { commonScenes, directoryBadges, earlierScenes, hasKept, keptScenes, pairKind, previousDirectory, sceneOf, type DirectoryBadge, type KeptScene, type SceneOutcome } from './pairs';
import type { SceneBadge } from '../preview/protocol';
import { readCompareState } from './protocol';
import type { WebviewWatch } from '../webviewWatch';

/** What a preview's tile shows of a directory badge ('gone' ones are only counted). */
function sceneBadge(badge: Exclude<DirectoryBadge, { status: 'gone' }>): SceneBadge {
  switch (badge.status) {
    case 'changed':
      return { status: 'changed', ratio: badge.ratio };
    case 'failed':
      return badge.reason === undefined ? { status: 'failed' } : { status: 'failed', reason: badge.reason };
    default:
      return { status: badge.status };
  }
}

export interface CompareViewDeps {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  history: { list(): HistoryEntry[]; get(id: string): HistoryEntry | undefined };
  /** Where the snapshot store keeps its files (the extension's global storage). */
  storeFolder: string;
  /** The extension's one compare client (its worker thread), made on first use. */
  client(): CompareClient;
  testMode: boolean;
  /** Tests only: sees what the pages are given (the secrets audit). */
  webviews?: WebviewWatch;
  /** Why a kept snapshot left the store, when this window removed it (SnapshotService.goneReason). */
  goneReason?(hash: string): 'freed' | 'cap' | undefined;
  /** Shows a change note in the open previews (Preview.showChange). */
  notify(entryId: string, url: string, text: string): void;
  /** Shows a directory's badges in the open previews (Preview.showBadges). */
  notifyBadges(entryId: string, badges: Record<string, SceneBadge>, gone: number, since: number): void;
}

export interface CompareCommands {
  compare(raw?: unknown): Promise<ComparePanel | undefined>;
  compareWithPrevious(raw?: unknown): Promise<ComparePanel | undefined>;
  compareWith(raw?: unknown): Promise<ComparePanel | undefined>;
}

export interface CompareViewHost {
  commands: CompareCommands;
  panels(): readonly ComparePanel[];
  /** Opens the pair a restored panel's page saved in that panel (its serializer, after a reload). */
  restore(panel: vscode.WebviewPanel, state: unknown): Promise<ComparePanel | undefined>;
  /** Opens the panel for two kept scenes (also what the preview and the gallery call). */
  open(a: KeptScene, b: KeptScene): Promise<ComparePanel | undefined>;
  /** Opens the panel on two PNGs that are not in the history (a check's baseline and actual). */
  openImages(a: LabelledPng, b: LabelledPng): Promise<ComparePanel | undefined>;
  store: SnapshotStore;
  /**
   * After a screenshot's snapshots arrived: compares each kept scene with its previous shot (in the worker)
   * and tells the previews "Changed: 3.2 % of pixels since 10:42" or "Unchanged since 10:42".
   */
  noteChanges(entry: HistoryEntry): Promise<void>;
  disposable: vscode.Disposable;
}

/** A PNG shown in the compare panel under `label` (in place of a room name), of `room` and `scene`. */
export interface LabelledPng {
  label: string;
  room: string;
  scene: string;
  png: Uint8Array;
  width: number;
  height: number;
}

/**
 * A PNG outside the history as the panel's side: an entry of its own (never stored in the history) whose
 * room name is the label. The hash is empty: the bytes are given, not read from the snapshot store.
 */
function looseScene(side: LabelledPng, time: number): KeptScene {
  const entry: HistoryEntry = { id: `loose:${side.label}:${side.room}${side.scene}`, kind: 'scene', room: side.room, roomName: side.label, path: side.scene, width: side.width, height: side.height, region: '', time, durationMs: 0, results: [] };
  return { entry, index: 0, scenePath: side.scene, snapshot: { kind: 'kept', hash: '', width: side.width, height: side.height, bytes: side.png.byteLength, at: time } };
}

function when(time: number): string {
  return new Date(time).toLocaleString(vscode.env.language);
}

/** The entry's kept scenes whose image is still in the store, as far as this window knows (not freed, not evicted). */
function stillKeptScenes(e: HistoryEntry, goneReason: CompareViewDeps['goneReason']): KeptScene[] {
  return keptScenes(e).filter((s) => goneReason?.(s.snapshot.hash) === undefined);
}

function describeEntry(e: HistoryEntry, goneReason: CompareViewDeps['goneReason']): vscode.QuickPickItem & { entry: HistoryEntry } {
  const kept = stillKeptScenes(e, goneReason).length;
  return {
    label: `${roomLabel(e)} · ${e.path}`,
    description: when(e.time),
    detail: e.kind === 'scene' ? vscode.l10n.t('Scene, {0}×{1}', e.width, e.height) : e.kind === 'room' ? vscode.l10n.t('Whole room, {0} kept images', kept) : vscode.l10n.t('Scene directory, {0} kept images', kept),
    entry: e,
  };
}

export function createCompareViewHost(deps: CompareViewDeps): CompareViewHost {
  const store = new SnapshotStore(deps.storeFolder);
  const env: ComparePanelEnv = { extensionUri: deps.extensionUri, log: deps.log, testMode: deps.testMode, ...(deps.webviews ? { webviews: deps.webviews } : {}) };
  const open = new Set<ComparePanel>();

  const noKept = (e: HistoryEntry) =>
    new Told(vscode.l10n.t('The screenshot of {0} at {1} has no kept image to compare (its download failed, is still running, or sceneSnap.snapshots.maxMegabytes is 0).', `${roomLabel(e)} · ${e.path}`, when(e.time)));

  const entryArg = (raw: unknown, what: string): HistoryEntry | undefined => {
    if (raw === undefined || raw === null) return undefined;
    const id = typeof raw === 'string' ? raw : typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : undefined;
    if (id === undefined) throw new Told(vscode.l10n.t('{0} must name a history entry by its id (a string).', what), 'error');
    const entry = deps.history.get(id);
    if (!entry) throw new Told(vscode.l10n.t('That screenshot is no longer in the history.'));
    return entry;
  };

  const pickEntry = async (placeHolder: string, except?: HistoryEntry): Promise<HistoryEntry | undefined> => {
    // Only what can still be compared: an entry whose kept images were all freed or evicted is left out.
    const entries = deps.history.list().filter((e) => stillKeptScenes(e, deps.goneReason).length > 0 && (except === undefined || e.id !== except.id || e.kind !== 'scene'));
    if (entries.length === 0) throw new Told(vscode.l10n.t('No screenshot in the history has a kept image to compare.'), 'info');
    return (await vscode.window.showQuickPick(entries.map((e) => describeEntry(e, deps.goneReason)), { placeHolder, matchOnDescription: true, matchOnDetail: true }))?.entry;
  };

  const pickScene = async (entry: HistoryEntry, prefer?: readonly string[]): Promise<KeptScene | undefined> => {
    const scenes = keptScenes(entry);
    if (scenes.length === 0) throw noKept(entry);
    if (scenes.length === 1) return scenes[0];
    const first = new Set(prefer ?? []);
    const ordered = [...scenes.filter((s) => first.has(s.scenePath)), ...scenes.filter((s) => !first.has(s.scenePath))];
    const picked = await vscode.window.showQuickPick(
      ordered.map((s) => ({ label: sceneNameOf(s.scenePath), description: s.scenePath, scene: s })),
      { placeHolder: vscode.l10n.t('Pick the scene of {0} to compare', `${roomLabel(entry)} · ${entry.path}`), matchOnDescription: true },
    );
    return picked?.scene;
  };

  /** The scene of `entry` to compare: a scene entry's one; in a directory the named one, or asked. */
  const sceneIn = async (entry: HistoryEntry, scenePath: string | undefined, prefer?: readonly string[]): Promise<KeptScene | undefined> => {
    if (!hasKept(entry)) throw noKept(entry);
    if (entry.kind === 'scene') return sceneOf(entry);
    if (scenePath !== undefined) {
      const found = sceneOf(entry, scenePath);
      if (found) return found;
      if (prefer === undefined) throw new Told(vscode.l10n.t('The screenshot of {0} has no kept image of scene {1}.', `${roomLabel(entry)} · ${entry.path}`, scenePath));
    }
    return pickScene(entry, prefer);
  };

  const openWithBytes = (a: KeptScene, b: KeptScene, bytesA: Uint8Array, bytesB: Uint8Array, restored?: vscode.WebviewPanel): ComparePanel => {
    // Not transferred: the page gets the same bytes (the client copies what it sends to the worker).
    const compare: RunCompare = async (threshold, signal) => {
      const result = await deps.client().compare(bytesA, bytesB, { threshold, withMask: true, signal });
      return { ...result, mask: result.mask ?? new Uint8Array(result.width * result.height) };
    };
    const pair = { a, b, aPng: bytesA, bPng: bytesB, pair: pairKind(a, b) };
    const panel = restored ? ComparePanel.adopt(env, restored, pair, compare, DEFAULT_THRESHOLD) : ComparePanel.create(env, pair, compare, DEFAULT_THRESHOLD);
    open.add(panel);
    panel.onDidDispose(() => open.delete(panel));
    void panel.compareAt(DEFAULT_THRESHOLD);
    return panel;
  };

  /** Why the kept image of `s` is not in the store: freed by the user, the cap, or damaged/another window. */
  const goneText = (s: KeptScene): string => {
    const what = `${roomLabel(s.entry)} · ${s.scenePath}`;
    switch (deps.goneReason?.(s.snapshot.hash)) {
      case 'freed':
        return vscode.l10n.t('The kept image of {0} at {1} was freed with Free Kept Snapshots…; pin a screenshot to keep its image.', what, when(s.entry.time));
      case 'cap':
        return vscode.l10n.t('The kept image of {0} at {1} was removed to stay within sceneSnap.snapshots.maxMegabytes; pin a screenshot to keep its image, or raise the cap.', what, when(s.entry.time));
      default:
        return vscode.l10n.t('The kept image of {0} at {1} is no longer in the snapshot store: it is damaged, or another window removed it.', what, when(s.entry.time));
    }
  };

  const stillKept = async (s: KeptScene): Promise<boolean> => {
    try {
      return await store.touch(s.snapshot.hash);
    } catch {
      return false;
    }
  };

  /**
   * The last earlier shot of the scene whose image the store still holds (freed and evicted ones are
   * skipped), and the newest earlier one that was skipped (to say why when none is left).
   */
  const previousKept = async (list: readonly HistoryEntry[], scene: KeptScene): Promise<{ before?: KeptScene; skipped?: KeptScene }> => {
    let skipped: KeptScene | undefined;
    for (const candidate of earlierScenes(list, scene)) {
      if (await stillKept(candidate)) return { before: candidate, ...(skipped ? { skipped } : {}) };
      skipped ??= candidate;
    }
    return skipped ? { skipped } : {};
  };

  const openPair = async (a: KeptScene, b: KeptScene, restored?: vscode.WebviewPanel): Promise<ComparePanel | undefined> => {
    const same = restored ? undefined : [...open].find((p) => p.pair.a.snapshot.hash === a.snapshot.hash && p.pair.b.snapshot.hash === b.snapshot.hash && p.pair.a.entry.id === a.entry.id && p.pair.b.entry.id === b.entry.id);
    if (same) {
      same.panel.reveal(undefined, false);
      return same;
    }
    const [bytesA, bytesB] = await Promise.all([store.get(a.snapshot.hash), store.get(b.snapshot.hash)]);
    for (const [bytes, s] of [[bytesA, a], [bytesB, b]] as const) {
      if (!bytes) throw new Told(goneText(s));
    }
    const panel = openWithBytes(a, b, bytesA!, bytesB!, restored);
    deps.log.info(`compare: ${a.entry.room}${a.scenePath} (${a.entry.id}) with ${b.entry.room}${b.scenePath} (${b.entry.id})`);
    return panel;
  };

  /** Runs a command body; a Told problem becomes a notification, anything else too (and the log). */
  const told = toldCommands(deps.log, (message) => vscode.l10n.t('Could not compare the two images: {0}', message));

  const sceneArg = (raw: unknown): string | undefined => {
    const scene = typeof raw === 'object' && raw !== null ? (raw as { scene?: unknown }).scene : undefined;
    if (scene !== undefined && typeof scene !== 'string') throw new Told(vscode.l10n.t('scene must be a scene path such as /init (a string).'), 'error');
    return scene as string | undefined;
  };

  const commands: CompareCommands = {
    compare: told('sceneSnap.compare', async (raw) => {
      if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
        throw new Told(vscode.l10n.t('sceneSnap.compare takes {0} naming two history entries.', '{a, b, scene?}'), 'error');
      }
      const args = (raw ?? {}) as { a?: unknown; b?: unknown };
      const scene = sceneArg(raw);
      const a = entryArg(args.a, 'a') ?? (await pickEntry(vscode.l10n.t('Compare: pick the screenshot before')));
      if (!a) return undefined;
      const sceneA = await sceneIn(a, scene);
      if (!sceneA) return undefined;
      const b = entryArg(args.b, 'b') ?? (await pickEntry(vscode.l10n.t('Compare: pick the screenshot after'), a));
      if (!b) return undefined;
      const sceneB = await sceneIn(b, scene ?? sceneA.scenePath, scene === undefined ? commonScenes(a, b) : undefined);
      return sceneB ? openPair(sceneA, sceneB) : undefined;
    }),
    compareWithPrevious: told('sceneSnap.compareWithPrevious', async (raw) => {
      const scene = sceneArg(raw);
      const entryRaw = typeof raw === 'object' && raw !== null && 'entry' in raw ? (raw as { entry: unknown }).entry : raw;
      const entry = entryArg(entryRaw, 'entry') ?? deps.history.list().find(hasKept);
      if (!entry) throw new Told(vscode.l10n.t('No screenshot in the history has a kept image to compare.'), 'info');
      const current = await sceneIn(entry, scene);
      if (!current) return undefined;
      const { before, skipped } = await previousKept(deps.history.list(), current);
      if (!before) {
        const none = vscode.l10n.t('No earlier screenshot of scene {0} in room {1} kept an image to compare with.', current.scenePath, roomLabel(entry));
        throw new Told(skipped ? `${none} ${goneText(skipped)}` : none, 'info');
      }
      return openPair(before, current);
    }),
    compareWith: told('sceneSnap.compareWith', async (raw) => {
      const scene = sceneArg(raw);
      const entryRaw = typeof raw === 'object' && raw !== null && 'entry' in raw ? (raw as { entry: unknown }).entry : raw;
      const entry = entryArg(entryRaw, 'entry') ?? (await pickEntry(vscode.l10n.t('Compare: pick the screenshot after')));
      if (!entry) return undefined;
      const current = await sceneIn(entry, scene);
      if (!current) return undefined;
      const other = await pickEntry(vscode.l10n.t('Compare {0} with which screenshot?', sceneNameOf(current.scenePath)), entry);
      if (!other) return undefined;
      const otherScene = await sceneIn(other, current.scenePath, [current.scenePath]);
      if (!otherScene) return undefined;
      // The older one on the left: "before" and "after" as the user thinks of them.
      return other.time <= entry.time ? openPair(otherScene, current) : openPair(current, otherScene);
    }),
  };

  /** The running directory compare, cancelled from its status bar item. */
  let running: AbortController | undefined;
  const status = vscode.window.createStatusBarItem('sceneSnap.directoryCompare', vscode.StatusBarAlignment.Left, 10);
  status.name = vscode.l10n.t('Scene Snap: directory compare');
  const cancelCommand = vscode.commands.registerCommand('sceneSnap.cancelDirectoryCompare', () => running?.abort());

  const sinceText = (time: number) => new Date(time).toLocaleTimeString(vscode.env.language, { hour: '2-digit', minute: '2-digit' });
  const changeText = (ratio: number, since: number) => {
    const p = ratio * 100;
    const shown = p.toLocaleString(vscode.env.language, { maximumFractionDigits: p > 0 && p < 0.1 ? 2 : 1, minimumFractionDigits: 1 });
    return ratio === 0 ? vscode.l10n.t('Unchanged since {0}', sinceText(since)) : vscode.l10n.t('Changed: {0} % of pixels since {1}', shown, sinceText(since));
  };

  const failedText = (reason: string | undefined, since: number) =>
    reason ? vscode.l10n.t('Could not compare with the shot of {0}: {1}', sinceText(since), reason) : vscode.l10n.t('Could not compare with the shot of {0}.', sinceText(since));

  /**
   * One kept scene against its earlier one, in the worker, within the automatic budget: its changed ratio,
   * or why it could not be compared (a kept file gone from the store, a failed comparison). Rejects only
   * when `signal` was aborted.
   */
  const compareKept = async (was: KeptScene, now: KeptScene, signal?: AbortSignal): Promise<SceneOutcome> => {
    if (was.snapshot.hash === now.snapshot.hash) return 0;
    try {
      const [a, b] = await Promise.all([store.get(was.snapshot.hash), store.get(now.snapshot.hash)]);
      if (!a) return { failed: vscode.l10n.t('the earlier shot\'s kept image is no longer in the snapshot store') };
      if (!b) return { failed: vscode.l10n.t('this shot\'s kept image is no longer in the snapshot store') };
      const { changedRatio } = await deps.client().compare(a, b, { transfer: true, maxBytes: AUTOMATIC_COMPARE_MAX_BYTES, ...(signal ? { signal } : {}) });
      return changedRatio;
    } catch (err) {
      if (signal?.aborted) throw err;
      const message = err instanceof Error ? err.message : String(err);
      deps.log.warn(`compare: could not compare ${now.entry.room}${now.scenePath} (${now.entry.id}) with ${was.entry.id}: ${message}`);
      return { failed: message };
    }
  };

  /** A scene directory against its last shot, in the worker pool; cancellable. */
  const compareDirectory = async (entry: HistoryEntry, before: HistoryEntry): Promise<void> => {
    running?.abort();
    const abort = new AbortController();
    running = abort;
    const old = new Map(keptScenes(before).map((s) => [s.scenePath, s]));
    const todo = keptScenes(entry).filter((s) => old.has(s.scenePath) && old.get(s.scenePath)!.snapshot.hash !== s.snapshot.hash);
    const outcomes = new Map<string, SceneOutcome>();
    status.command = { command: 'sceneSnap.cancelDirectoryCompare', title: vscode.l10n.t('Cancel') };
    status.tooltip = vscode.l10n.t('Comparing {0} with its last shot; click to cancel', entry.path);
    const progress = (settled: number) => {
      status.text = `$(sync~spin) ${vscode.l10n.t('Comparing {0}: {1} of {2}', entry.path, Math.min(settled + 1, todo.length), todo.length)}`;
      status.show();
    };
    try {
      progress(0);
      // As many scenes at once as the worker pool runs; a pair of snapshots two scenes share is compared
      // once. One scene that cannot be compared is reported as such; the others are compared all the same.
      // compareKept rejects only when cancelled (below).
      const results = todo.length === 0 ? [] : await compareEach(todo, {
        key: (scene) => `${old.get(scene.scenePath)!.snapshot.hash}>${scene.snapshot.hash}`,
        run: (scene) => compareKept(old.get(scene.scenePath)!, scene, abort.signal),
        limit: deps.client().poolSize,
        signal: abort.signal,
        onSettled: (_, settled) => progress(settled),
      });
      todo.forEach((scene, i) => outcomes.set(scene.scenePath, results[i]!));
      if (abort.signal.aborted) throw new Error('cancelled');
    } catch (err) {
      if (abort.signal.aborted) {
        deps.log.info(`compare: the directory compare of ${entry.path} was cancelled`);
        return;
      }
      throw err;
    } finally {
      if (running === abort) {
        running = undefined;
        status.hide();
      }
    }
    const badges: Record<string, SceneBadge> = {};
    let gone = 0;
    for (const badge of directoryBadges(before, entry, outcomes)) {
      if (badge.status === 'gone') {
        gone++;
        continue;
      }
      const scene = keptScenes(entry).find((s) => s.scenePath === badge.scenePath)!;
      const url = entry.results[scene.index]!.url;
      badges[url] = sceneBadge(badge);
      if (badge.status === 'failed') deps.notify(entry.id, url, failedText(badge.reason, before.time));
      else if (badge.status !== 'new') deps.notify(entry.id, url, changeText(badge.status === 'changed' ? badge.ratio : 0, before.time));
    }
    deps.notifyBadges(entry.id, badges, gone, before.time);
  };

  const noteChanges = async (entry: HistoryEntry): Promise<void> => {
    const list = deps.history.list();
    if (entry.kind !== 'scene') {
      const before = previousDirectory(list, entry);
      if (before) await compareDirectory(entry, before);
      return;
    }
    for (const scene of keptScenes(entry)) {
      // The last earlier shot whose image is still kept: one freed or evicted since is no "previous".
      const { before } = await previousKept(list, scene);
      if (!before) continue;
      const outcome = await compareKept(before, scene);
      const url = entry.results[scene.index]!.url;
      deps.notify(entry.id, url, typeof outcome === 'number' && Number.isFinite(outcome) ? changeText(outcome, before.entry.time) : failedText(typeof outcome === 'object' ? outcome.failed : undefined, before.entry.time));
    }
  };

  /**
   * A compare panel VS Code restored after a reload: the pair its page saved, opened again in it; when a
   * side is no longer in the history or its image no longer kept, the panel closes and the user is told why.
   */
  const restore = async (panel: vscode.WebviewPanel, raw: unknown): Promise<ComparePanel | undefined> => {
    const saved = readCompareState(raw).pair;
    const side = (ref: { entryId: string; scenePath: string } | undefined) => {
      const entry = ref ? deps.history.get(ref.entryId) : undefined;
      return entry && ref ? sceneOf(entry, entry.kind === 'scene' ? undefined : ref.scenePath) : undefined;
    };
    const a = side(saved?.a);
    const b = side(saved?.b);
    if (!a || !b) {
      panel.dispose();
      deps.log.info('compare: a restored compare panel was closed: its screenshots are no longer in the history');
      return undefined;
    }
    try {
      return await openPair(a, b, panel);
    } catch (err) {
      panel.dispose();
      if (err instanceof Told) void vscode.window.showInformationMessage(err.message);
      else deps.log.warn(`compare: could not restore a compare panel: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  };

  return {
    restore,
    noteChanges,
    commands,
    panels: () => [...open],
    open: (a, b) => told('compare', () => openPair(a, b))(),
    openImages: (a, b) => {
      const now = Date.now();
      return told('compare', async () => openWithBytes(looseScene(a, now), looseScene(b, now), a.png, b.png))();
    },
    store,
    disposable: vscode.Disposable.from(status, cancelCommand, { dispose: () => [...open].forEach((p) => p.dispose()) }, { dispose: () => running?.abort() }),
  };
}
