// The checks in VS Code (DESIGN.md: sceneSnap.runChecks, sceneSnap.acceptBaseline), bundled on its own as
// dist/checksHost.js and loaded on the first checks command (lazyChecks.ts), not at activation. The checks
// themselves are src/core/checks, the same code the command line runs; this is their VS Code glue.
import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Told, toldCommands } from '../told';
import { redact } from '../../core/api/errors';
import { clientCapture } from '../../core/checks/capture';
import { CHECKS_FILE_NAME, formatProblems, readChecksText, type ChecksConfig } from '../../core/checks/checksFile';
import { nodeFileDeps, writeFileAtomic } from '../../core/checks/nodeFiles';
import { runChecks, type CheckItem } from '../../core/checks/run';
import { isBlankPng } from '../../core/images/blankPng';
import type { CompareClient } from '../../core/images/compareClient';
import type { NetlessClient } from '../../core/api/types';
import type { CompareViewHost } from '../compareView/host';
import { whyNotWritable } from '../preview/realPaths';
import type { RoomSetting } from '../../core/rooms/roomSettings';
import { CHECKS_ENTRY_PREFIX } from '../preview/protocol';
import type { ChecksView, Preview, PreviewManager } from '../preview/previewManager';
import { checkBadges, checksGallery, checkUrl, pictureOf, targetOfShot } from './checksGallery';
import { verdictLabel, verdictIcon, isAcceptable, isChanged, summaryLine } from './verdictWords';

export interface ChecksDeps {
  log: vscode.LogOutputChannel;
  /** The token of a room as the extension keeps it (its own, else the SDK token); never the environment. */
  tokenFor(room: string): Promise<string | undefined>;
  /** sceneSnap.rooms in effect (regions and sizes targets leave out), read by the main bundle's settings. */
  rooms(): readonly RoomSetting[];
  /** The extension's API client for the settings in effect. */
  client(): NetlessClient;
  /** The extension's one compare client (its worker thread). */
  compare(): CompareClient;
  /** The compare panel's host, loaded on demand. */
  compareView(): CompareViewHost;
  /** The preview's panels (loaded on demand): the run's result is shown as its gallery. */
  preview(): PreviewManager;
  /** Whether the workspace is trusted (tests stand in for Restricted Mode, which a test host cannot enter). */
  trusted(): boolean;
}

/** One run's outcome as the commands return it (tests and other extensions read it). */
export interface ChecksOutcome {
  checksFile: string;
  items: Array<{ name: string; verdict: CheckItem['verdict']; baseline: string; error?: string }>;
}

export interface ChecksHost {
  run(): Promise<ChecksOutcome | undefined>;
  accept(raw?: unknown): Promise<string | undefined>;
  acceptAllChanged(): Promise<string[] | undefined>;
  /** The scenes of a screenshot (its room and size) that match a target of the checks file: they offer Accept. */
  matching(shot: { room: string; width: number; height: number }, scenes: string[]): Promise<string[]>;
  /** Writes a screenshot's picture over the baseline of the target its room, scene and size match (a preview's Accept). */
  acceptShot(shot: { room: string; scene: string; width: number; height: number; png: Uint8Array }): Promise<string | undefined>;
  /** Opens the compare panel on a failed item's baseline and actual. */
  compare(raw?: unknown): Promise<boolean>;
  /** Stops the run in progress (what the notification's Cancel does); true when one was running. */
  cancel(): boolean;
  /** The last run (tests). */
  last(): { config: ChecksConfig; items: CheckItem[] } | undefined;
  /** The gallery of the last run while it is open (tests read its page). */
  gallery(): Preview | undefined;
  disposable: vscode.Disposable;
}

async function findChecksFile(): Promise<string | undefined> {
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    if (folder.uri.scheme !== 'file') continue;
    const file = path.join(folder.uri.fsPath, CHECKS_FILE_NAME);
    try {
      if ((await stat(file)).isFile()) return file;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

export function createChecksHost(deps: ChecksDeps): ChecksHost {
  let lastRun: { config: ChecksConfig; items: CheckItem[] } | undefined;
  let running: AbortController | undefined;

  const told = toldCommands(deps.log, (message) => vscode.l10n.t('Scene Snap checks failed: {0}', message));

  const loadConfig = async (): Promise<ChecksConfig> => {
    const file = await findChecksFile();
    if (!file) throw new Told(vscode.l10n.t('This workspace has no {0}: create one at the root of the workspace folder (see the README, "Whiteboard checks in CI").', CHECKS_FILE_NAME), 'info');
    const read = readChecksText(await readFile(file, 'utf8'), file, deps.rooms());
    if (!read.ok) {
      deps.log.error(`checks: ${formatProblems(file, read.problems)}`);
      throw new Told(vscode.l10n.t('{0} has {1} problem(s): {2}', CHECKS_FILE_NAME, read.problems.length, read.problems.map((p) => `${p.where}: ${p.message}`).join('; ')), 'error');
    }
    return read.config;
  };

  /** The item a command argument names (`{ name }` or the name), else one picked from those `fits` allows. */
  const itemArg = async (raw: unknown, fits: (i: CheckItem) => boolean, placeHolder: string): Promise<CheckItem | undefined> => {
    if (!lastRun) throw new Told(vscode.l10n.t('Run the checks first (Scene Snap: Run Checks).'), 'info');
    const name = typeof raw === 'string' ? raw : typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
    if (name !== undefined) {
      const found = lastRun.items.find((i) => i.name === name);
      if (!found) throw new Told(vscode.l10n.t('The last run of the checks has no target {0}.', String(name)), 'error');
      return found;
    }
    const candidates = lastRun.items.filter(fits);
    if (candidates.length === 0) throw new Told(vscode.l10n.t('No target of the last run has a new picture to accept.'), 'info');
    const picked = await vscode.window.showQuickPick(candidates.map((i) => ({ label: `${verdictIcon(i.verdict)} ${i.name}`, description: verdictLabel(i.verdict), item: i })), { placeHolder });
    return picked?.item;
  };

  /** Where an item's baseline is written, or the reason it may not be (told to the user). */
  const baselineTarget = async (config: ChecksConfig, item: CheckItem): Promise<string> => {
    if (!deps.trusted()) throw new Told(vscode.l10n.t('Accept as Baseline writes files into the workspace, so it works only in a trusted workspace. Trust this workspace first (Manage Workspace Trust).'), 'warning');
    if (!item.actual || !item.baseline) throw new Told(vscode.l10n.t('{0} has no new picture to accept ({1}).', item.name, verdictLabel(item.verdict)), 'info');
    return writableBaseline(config, item);
  };

  /** The baseline's file when it lies inside the workspace folder (after following links); else says so. */
  const writableBaseline = async (config: ChecksConfig, item: Pick<CheckItem, 'name' | 'baseline'>): Promise<string> => {
    const file = path.resolve(config.folder, item.baseline);
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(config.file));
    const why = folder ? await whyNotWritable(file, folder.uri.fsPath, folder.uri.fsPath) : 'outsideFolder';
    if (why) throw new Told(vscode.l10n.t('Did not accept {0}: its baseline {1} is outside the workspace folder (after following links).', item.name, item.baseline), 'error');
    return file;
  };

  const write = async (config: ChecksConfig, item: CheckItem): Promise<string> => {
    const file = await baselineTarget(config, item);
    await writeFileAtomic(file, item.actual!);
    item.expected = item.actual;
    item.updated = true;
    deps.log.info(`checks: accepted ${item.name} as the baseline ${item.baseline}`);
    refreshGallery();
    return file;
  };

  /** The compare panel of a check in front, whose item Accept as Baseline (its title button) accepts. */
  let inFront: { panel: vscode.WebviewPanel; item: CheckItem } | undefined;
  const setInFront = (next: typeof inFront): void => {
    inFront = next;
    void vscode.commands.executeCommand('setContext', 'sceneSnap.checkCompareActive', next !== undefined);
  };
  const track = (panel: vscode.WebviewPanel, item: CheckItem): void => {
    setInFront({ panel, item });
    const view = panel.onDidChangeViewState(() => {
      if (panel.active) setInFront({ panel, item });
      else if (inFront?.panel === panel) setInFront(undefined);
    });
    panel.onDidDispose(() => {
      view.dispose();
      if (inFront?.panel === panel) setInFront(undefined);
    });
  };

  const compare = async (item: CheckItem): Promise<boolean> => {
    if (!item.expected || !item.actual) throw new Told(vscode.l10n.t('{0} has no baseline and picture to compare ({1}).', item.name, verdictLabel(item.verdict)), 'info');
    const side = (label: string, png: Uint8Array, size: { width: number; height: number } | undefined) => ({ label, room: item.room, scene: item.scene, png, width: size?.width ?? 0, height: size?.height ?? 0 });
    const panel = await deps.compareView().openImages(side(vscode.l10n.t('Baseline'), item.expected, item.expectedSize ?? item.actualSize), side(vscode.l10n.t('Actual'), item.actual, item.actualSize));
    if (panel) track(panel.panel, item);
    return panel !== undefined;
  };

  /** The gallery of the last run (the preview's, PreviewManager.openChecks): its tiles act on `lastRun`. */
  let gallery: { preview: Preview; entryId: string; time: number; items: CheckItem[] } | undefined;

  /** The gallery's badges and bar again, after an Accept (the tile says "accepted", the count drops). */
  const refreshGallery = (): void => {
    if (!gallery || gallery.preview.isDisposed) return;
    const { items } = gallery;
    gallery.preview.showBadges(gallery.entryId, checkBadges(items, (v) => (v === 'accepted' ? vscode.l10n.t('accepted') : verdictLabel(v))), 0, gallery.time, { summary: summaryLine(items), changed: items.filter(isChanged).length });
    // A tile opened on its own offers Accept as Baseline too, as a screenshot's preview does.
    gallery.preview.showBaselines(gallery.entryId, items.filter(isAcceptable).map(checkUrl));
  };

  const showResults = (config: ChecksConfig, items: CheckItem[]): void => {
    const time = Date.now();
    const built = checksGallery(items, { checksFile: config.file, time, title: vscode.l10n.t('Scene Snap checks'), idPrefix: CHECKS_ENTRY_PREFIX });
    const byUrl = new Map(items.map((i) => [checkUrl(i), i]));
    const itemAt = (url: string): CheckItem => {
      const item = byUrl.get(url);
      if (!item || lastRun?.items !== items) throw new Error(vscode.l10n.t('This gallery shows an earlier run of the checks: run them again.'));
      return item;
    };
    const view: ChecksView = {
      names: built.names,
      bytes: (url) => {
        const item = byUrl.get(url);
        return item && pictureOf(item);
      },
      compare: async (url) => void (await told('checks', compare)(itemAt(url))),
      accept: async (url) => (await host.accept({ name: itemAt(url).name })) !== undefined,
      acceptAllChanged: async () => {
        itemAt(byUrl.keys().next().value ?? '');
        return (await host.acceptAllChanged()) !== undefined;
      },
    };
    const preview = deps.preview().openChecks(built.entry, view, built.kept);
    gallery = { preview, entryId: built.entry.id, time, items };
    refreshGallery();
  };

  const run = async (): Promise<ChecksOutcome | undefined> => {
    const config = await loadConfig();
    const rooms = [...new Set(config.targets.map((t) => t.room))];
    const tokens = new Map<string, string>();
    for (const room of rooms) {
      const token = await deps.tokenFor(room);
      if (token) tokens.set(room, token);
    }
    const client = deps.client();
    const known = [...tokens.values()];
    // How to supply a token, in VS Code's words (the command line names its environment variables).
    const capture = clientCapture(client, { tokenFor: (room) => tokens.get(room), noTokenMessage: (room) => vscode.l10n.t('no token for room {0}: run Scene Snap: Set Token…', room) });
    let cancelled = false;
    const items = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Scene Snap: running the checks'), cancellable: true }, async (progress, cancel) => {
      running?.abort();
      const abort = new AbortController();
      running = abort;
      abort.signal.addEventListener('abort', () => (cancelled = true));
      const stop = cancel.onCancellationRequested(() => abort.abort());
      let done = 0;
      try {
        return await runChecks(config, config.targets, {
          capture,
          readBaseline: nodeFileDeps.readBaseline,
          listFiles: nodeFileDeps.listFiles,
          // Never called: the extension runs without update; accepting is the user's act.
          writeBaseline: async () => undefined,
          compare: (a, b, o) => deps.compare().compare(a, b, { ...o, signal: abort.signal }),
          isBlank: (png, size) => isBlankPng(png, size),
        }, {
          signal: abort.signal,
          findOrphans: true,
          onItem: (item) => {
            if (item.error) item.error.message = redact(item.error.message, known);
            done++;
            progress.report({ message: vscode.l10n.t('{0} checked: {1}', done, item.name) });
          },
        });
      } finally {
        stop.dispose();
        if (running === abort) running = undefined;
      }
    });
    if (cancelled) {
      deps.log.info('checks: cancelled');
      return undefined;
    }
    lastRun = { config, items };
    // The palette offers Accept and Compare with Baseline once there is a run to take them from.
    void vscode.commands.executeCommand('setContext', 'sceneSnap.checksRan', true);
    for (const i of items) deps.log.info(`checks: ${verdictLabel(i.verdict)} ${i.name}${i.error ? `: ${i.error.message}` : ''}`);
    showResults(config, items);
    return { checksFile: config.file, items: items.map((i) => ({ name: i.name, verdict: i.verdict, baseline: i.baseline, ...(i.error ? { error: i.error.message } : {}) })) };
  };

  const accept = async (raw?: unknown): Promise<string | undefined> => {
    // Without an argument, from the compare panel in front (its title button): that panel's target.
    const fromPanel = raw === undefined && inFront?.panel.active && lastRun?.items.includes(inFront.item) ? inFront.item : undefined;
    const item = fromPanel ?? (await itemArg(raw, isAcceptable, vscode.l10n.t('Accept which picture as its baseline?')));
    if (!item) return undefined;
    const file = await write(lastRun!.config, item);
    void vscode.window.showInformationMessage(vscode.l10n.t('Accepted {0}: {1} written.', item.name, item.baseline));
    return file;
  };

  const matching = async (shot: { room: string; width: number; height: number }, scenes: string[]): Promise<string[]> => {
    if (!(await findChecksFile())) return [];
    const config = await loadConfig();
    return scenes.filter((scene) => targetOfShot(config, { ...shot, scene }) !== undefined);
  };

  const acceptShot = async (shot: { room: string; scene: string; width: number; height: number; png: Uint8Array }): Promise<string | undefined> => {
    if (!deps.trusted()) throw new Told(vscode.l10n.t('Accept as Baseline writes files into the workspace, so it works only in a trusted workspace. Trust this workspace first (Manage Workspace Trust).'), 'warning');
    const config = await loadConfig();
    const found = targetOfShot(config, shot);
    if (!found) throw new Told(vscode.l10n.t('No target of {0} has this room, scene and size.', CHECKS_FILE_NAME), 'info');
    const file = await writableBaseline(config, found);
    await writeFileAtomic(file, shot.png);
    deps.log.info(`checks: accepted a screenshot of ${shot.scene} as the baseline ${found.baseline}`);
    void vscode.window.showInformationMessage(vscode.l10n.t('Accepted {0}: {1} written.', found.name, found.baseline));
    return file;
  };

  const acceptAllChanged = async (): Promise<string[] | undefined> => {
    if (!lastRun) throw new Told(vscode.l10n.t('Run the checks first (Scene Snap: Run Checks).'), 'info');
    const changed = lastRun.items.filter(isChanged);
    if (changed.length === 0) throw new Told(vscode.l10n.t('No target of the last run changed.'), 'info');
    // Every file is checked before any is written: all of them or none.
    for (const item of changed) await baselineTarget(lastRun.config, item);
    const files: string[] = [];
    for (const item of changed) files.push(await write(lastRun.config, item));
    void vscode.window.showInformationMessage(vscode.l10n.t('Accepted {0} changed baseline(s).', files.length));
    return files;
  };

  const host: ChecksHost = {
    run: told('sceneSnap.runChecks', run),
    accept: told('sceneSnap.acceptBaseline', accept),
    acceptAllChanged: told('sceneSnap.acceptAllChanged', acceptAllChanged),
    matching,
    acceptShot: told('sceneSnap.acceptBaseline', acceptShot),
    compare: async (raw) => (await told('sceneSnap.compareWithBaseline', async () => {
      const item = await itemArg(raw, (i) => !!i.expected && !!i.actual && i.verdict !== 'matched', vscode.l10n.t('Compare which target with its baseline?'));
      return item ? compare(item) : false;
    })()) === true,
    cancel: () => {
      const was = running !== undefined;
      running?.abort();
      return was;
    },
    last: () => lastRun,
    gallery: () => (gallery && !gallery.preview.isDisposed ? gallery.preview : undefined),
    disposable: new vscode.Disposable(() => running?.abort()),
  };
  return host;
}
