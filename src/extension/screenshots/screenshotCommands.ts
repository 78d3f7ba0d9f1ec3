import * as vscode from 'vscode';
import type { ShotResult } from '../history/historyEntries';
import { DirectoryNode, RoomNode, SceneNode } from '../rooms/roomsView';
import { roomLabel } from '../../core/rooms/roomSettings';
import type { SceneCatalog } from '../rooms/sceneCatalog';
import { readSettings } from '../settings';
import { askPath, askScreenshotArgs } from './ask';
import type { ChoiceMemory } from './choiceMemory';
import type { ResolvedRequest, ScreenshotArgs } from '../../core/api/resolveRequest';
import type { ScreenshotService, ShotKind } from './screenshotService';
import type { RegionFinder } from '../rooms/regionFinder';
import { offerToAddRoom, reportShotFailure } from './regionFlows';

const LAST_KEY = 'sceneSnap.lastRequest';

interface LastRequest {
  kind: ShotKind;
  args: ScreenshotArgs;
}

interface Deps {
  service: ScreenshotService;
  catalog: SceneCatalog;
  memory: ChoiceMemory;
  last: LastRequestMemory;
  log: vscode.LogOutputChannel;
  finder?: RegionFinder;
}

/** How long Repeat Last Screenshot's memory waits before it is written to the workspace state. */
const LAST_WRITE_AFTER_MS = 500;

/**
 * What Repeat Last Screenshot repeats: in effect at once, written to the workspace state LAST_WRITE_AFTER_MS
 * later (#15: a state write is a message the window handles, measured to delay the preview it opens
 * meanwhile), and at once when the extension stops (as far as VS Code still stores it then).
 */
export class LastRequestMemory implements vscode.Disposable {
  private unwritten: LastRequest | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly state: vscode.Memento,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  get(): LastRequest | undefined {
    return this.unwritten ?? this.state.get<LastRequest>(LAST_KEY);
  }

  set(request: LastRequest): void {
    this.unwritten = request;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.write(), LAST_WRITE_AFTER_MS);
  }

  private write(): void {
    clearTimeout(this.timer);
    const request = this.unwritten;
    if (!request) return;
    this.state.update(LAST_KEY, request).then(
      () => this.unwritten === request && (this.unwritten = undefined),
      (err: unknown) => this.log.warn(`Could not remember the last request: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  dispose(): void {
    this.write();
  }
}

/**
 * What a command was given, as a request: a tree node (scene, directory or room), a request object
 * (keybinding `args`, another extension), or nothing, in which case the palette flow asks.
 */
async function requestFrom(kind: ShotKind, arg: unknown, deps: Deps): Promise<unknown> {
  if (arg instanceof SceneNode || arg instanceof DirectoryNode) return { room: arg.room.uuid, path: arg.path };
  if (arg instanceof RoomNode) {
    // A room names no scene or directory: ask (issue 25: the directory was / at once, without a word).
    const remembered = deps.memory.get(arg.room.uuid);
    const last = kind === 'scene' ? (remembered.scene ?? arg.room.path) : remembered.directory;
    const title = kind === 'scene' ? vscode.l10n.t('Screenshot a Scene of {0}', roomLabel(arg.room)) : vscode.l10n.t('Screenshot Every Scene of a Directory of {0}', roomLabel(arg.room));
    const chosen = await askPath(kind, arg.room, true, deps.catalog, last, title, deps.finder);
    // Picked here or in the palette, it is the last used one next time.
    if (chosen) {
      void deps.memory.remember(arg.room.uuid, kind === 'scene' ? { scene: chosen.path } : { directory: chosen.path }).then(undefined, (err: unknown) =>
        deps.log.warn(`Could not remember the last choice: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
    return chosen ? { room: arg.room.uuid, path: chosen.path, ...(chosen.region && chosen.region !== arg.room.region ? { region: chosen.region } : {}) } : undefined;
  }
  if (arg === undefined) return askScreenshotArgs(kind, deps.catalog, deps.memory, {}, deps.finder);
  return arg;
}

function progressTitle(kind: ShotKind, shown: (ResolvedRequest & { roomName?: string }) | undefined): string {
  if (!shown) return kind === 'scene' ? vscode.l10n.t('Scene Snap: screenshot') : vscode.l10n.t('Scene Snap: screenshots of a scene directory');
  const room = roomLabel({ uuid: shown.room, name: shown.roomName });
  return kind === 'scene'
    ? vscode.l10n.t('Scene Snap: screenshot of {0} ({1})', shown.path, room)
    : vscode.l10n.t('Scene Snap: screenshots of directory {0} ({1})', shown.path, room);
}

/** What failed, for "… failed: why". */
function failureSubject(kind: ShotKind, path: string | undefined): string {
  if (kind === 'scene') return path ? vscode.l10n.t('Screenshot of {0}', path) : vscode.l10n.t('Screenshot of a scene');
  return path ? vscode.l10n.t('Screenshots of {0}', path) : vscode.l10n.t('Screenshots of a scene directory');
}

/** How long a request runs before its progress notification (with Cancel) appears. */
const NOTIFY_AFTER_MS = 1000;
/** How long a request runs before the status bar shows it. */
const WINDOW_PROGRESS_AFTER_MS = 100;

/**
 * The status bar shows the work once it has taken WINDOW_PROGRESS_AFTER_MS, the notification with its
 * Cancel button only once it has taken NOTIFY_AFTER_MS. A quick screenshot shows neither: VS Code keeps a
 * notification progress up for at least 800 ms, so one shown for it stayed up over the preview that already
 * showed the result; and the status bar's spinner, started and ended within a few milliseconds, was work
 * for the window while it opened the preview (#15: measured, the window's messages delayed the picture).
 */
async function withProgress<T>(title: string, work: (cancellation: vscode.CancellationToken) => Promise<T>): Promise<T> {
  const cancel = new vscode.CancellationTokenSource();
  const running = work(cancel.token);
  const settled = running.then(
    () => undefined,
    () => undefined,
  );
  let done = false;
  void settled.then(() => (done = true));
  const later = (ms: number, show: () => void) => setTimeout(() => !done && show(), ms);
  const timers = [
    later(WINDOW_PROGRESS_AFTER_MS, () => void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => settled)),
    later(NOTIFY_AFTER_MS, () =>
      void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
        token.onCancellationRequested(() => cancel.cancel());
        return settled;
      }),
    ),
  ];
  try {
    return await running;
  } finally {
    for (const timer of timers) clearTimeout(timer);
    cancel.dispose();
  }
}

/** Runs one screenshot with a progress notification whose Cancel aborts the request. */
async function run(kind: ShotKind, request: unknown, deps: Deps): Promise<ShotResult | ShotResult[] | undefined> {
  // Resolved first only to name the request in the progress and in the error; take() checks it again and
  // logs what fails.
  let shown: (ResolvedRequest & { roomName?: string }) | undefined;
  try {
    shown = deps.service.resolve(kind, request);
  } catch {
    shown = undefined;
  }
  // What was asked for is what Repeat Last Screenshot repeats, whether it then succeeds or not.
  if (shown) deps.last.set({ kind, args: { room: shown.room, path: shown.path, width: shown.width, height: shown.height, region: shown.region } });
  try {
    const title = progressTitle(kind, shown);
    // #15: the preview goes through take(), which opens its panel while the request is in flight.
    const entry = await withProgress(title, (cancellation) => deps.service.take(kind, request, { cancellation, preview: readSettings().openPreview }));
    return kind === 'scene' ? { ...entry.results[0]! } : entry.results.map((r) => ({ ...r }));
  } catch (err) {
    const what = failureSubject(kind, shown?.path);
    // After a region is found and used, the same shot again in that region.
    const retryIn = (region?: string) => run(kind, region && typeof request === 'object' && request !== null ? { ...request, region } : request, deps);
    await reportShotFailure(err, { what, ...(shown ? { room: shown.room, region: shown.region } : {}), request }, retryIn, deps.log, deps.finder);
    return undefined;
  }
}

export function registerScreenshotCommands(deps: Deps): vscode.Disposable {
  const command = (kind: ShotKind) => async (arg?: unknown) => {
    const request = await requestFrom(kind, arg, deps);
    if (request === undefined) return undefined;
    const result = await run(kind, request, deps);
    // A typed uuid that worked from the palette: offered for the rooms, with the region it worked in.
    if (arg === undefined && result !== undefined) offerToAddRoom(request);
    return result;
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sceneSnap.screenshotScene', command('scene')),
    vscode.commands.registerCommand('sceneSnap.screenshotSceneDirectory', command('directory')),
    vscode.commands.registerCommand('sceneSnap.repeatLastScreenshot', async () => {
      const last = deps.last.get();
      if (!last) return void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to repeat yet: take a screenshot first.'));
      return run(last.kind, last.args, deps);
    }),
  );
}
