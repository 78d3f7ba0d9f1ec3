import * as vscode from 'vscode';
import type { ShotResult } from '../history/historyEntries';
import { DirectoryNode, RoomNode, SceneNode } from '../rooms/roomsView';
import { roomLabel } from '../rooms/roomSettings';
import type { SceneCatalog } from '../rooms/sceneCatalog';
import { readSettings } from '../settings';
import { askPath, askScreenshotArgs } from './ask';
import type { ChoiceMemory } from './choiceMemory';
import { reportFailure } from './reportFailure';
import type { ResolvedRequest, ScreenshotArgs } from './resolveRequest';
import type { ScreenshotService, ShotKind } from './screenshotService';

const LAST_KEY = 'sceneSnap.lastRequest';

interface LastRequest {
  kind: ShotKind;
  args: ScreenshotArgs;
}

interface Deps {
  service: ScreenshotService;
  catalog: SceneCatalog;
  memory: ChoiceMemory;
  state: vscode.Memento;
  log: vscode.LogOutputChannel;
}

/**
 * What a command was given, as a request: a tree node (scene, directory or room), a request object
 * (keybinding `args`, another extension), or nothing, in which case the palette flow asks.
 */
async function requestFrom(kind: ShotKind, arg: unknown, deps: Deps): Promise<unknown> {
  if (arg instanceof SceneNode || arg instanceof DirectoryNode) return { room: arg.room.uuid, path: arg.path };
  if (arg instanceof RoomNode) {
    if (kind === 'directory') return { room: arg.room.uuid };
    const last = deps.memory.get(arg.room.uuid).scene ?? arg.room.path;
    const chosen = await askPath(kind, arg.room, true, deps.catalog, last, vscode.l10n.t('Screenshot a Scene of {0}', roomLabel(arg.room)));
    return chosen ? { room: arg.room.uuid, path: chosen.path, ...(chosen.region && chosen.region !== arg.room.region ? { region: chosen.region } : {}) } : undefined;
  }
  if (arg === undefined) return askScreenshotArgs(kind, deps.catalog, deps.memory);
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

/**
 * The status bar shows the work at once; the notification with its Cancel button only once the work has
 * taken a while. VS Code keeps a notification progress up for at least 800 ms, so one shown for a quick
 * screenshot stayed up over the preview that already showed the result.
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
  void vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title }, () => settled);
  const timer = setTimeout(() => {
    if (done) return;
    void vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
      token.onCancellationRequested(() => cancel.cancel());
      return settled;
    });
  }, NOTIFY_AFTER_MS);
  try {
    return await running;
  } finally {
    clearTimeout(timer);
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
  if (shown) {
    const args: ScreenshotArgs = { room: shown.room, path: shown.path, width: shown.width, height: shown.height, region: shown.region };
    // #15: not awaited (a workspace-state write is a round trip to the window that the picture does not need).
    deps.state.update(LAST_KEY, { kind, args } satisfies LastRequest).then(undefined, (err: unknown) => deps.log.warn(`Could not remember the last request: ${err instanceof Error ? err.message : String(err)}`));
  }
  try {
    const title = progressTitle(kind, shown);
    // #15: the preview goes through take(), which opens its panel while the request is in flight.
    const entry = await withProgress(title, (cancellation) => deps.service.take(kind, request, { cancellation, preview: readSettings().openPreview }));
    return kind === 'scene' ? { ...entry.results[0]! } : entry.results.map((r) => ({ ...r }));
  } catch (err) {
    reportFailure(
      err,
      {
        what: failureSubject(kind, shown?.path),
        ...(shown ? { room: shown.room, region: shown.region } : {}),
        retry: () => run(kind, request, deps),
      },
      deps.log,
    );
    return undefined;
  }
}

export function registerScreenshotCommands(deps: Deps): vscode.Disposable {
  const command = (kind: ShotKind) => async (arg?: unknown) => {
    const request = await requestFrom(kind, arg, deps);
    return request === undefined ? undefined : run(kind, request, deps);
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand('sceneSnap.screenshotScene', command('scene')),
    vscode.commands.registerCommand('sceneSnap.screenshotSceneDirectory', command('directory')),
    vscode.commands.registerCommand('sceneSnap.repeatLastScreenshot', async () => {
      const last = deps.state.get<LastRequest>(LAST_KEY);
      if (!last) return void vscode.window.showInformationMessage(vscode.l10n.t('Nothing to repeat yet: take a screenshot first.'));
      return run(last.kind, last.args, deps);
    }),
  );
}
