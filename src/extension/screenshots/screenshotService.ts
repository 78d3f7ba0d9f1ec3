import { randomUUID } from 'node:crypto';
import { pathProblem, regionProblem, roomUuidProblem, sizeProblem } from '../../core/api/validate';
import { SceneSnapError, isSceneSnapError } from '../../core/api/errors';
import type { NetlessClient } from '../../core/api/index';
import * as vscode from 'vscode';
import type { ClientProvider } from '../clientProvider';
import { boundedEntry, type HistoryEntry } from '../history/historyEntries';
import type { HistoryStore } from '../history/historyStore';
import { problemText } from '../../core/api/problems';
import { roomLabel } from '../../core/rooms/roomSettings';
import { apiOrigin, type TokenStore } from '../secrets/tokenStore';
import { findRoom, readSettings } from '../settings';
import { failureLogLine } from './failureLogLine';
import { readRegion } from '../../core/api/regions';
import { scenesInSubdirectories } from '../../core/rooms/subdirectories';
import { checkArgs, resolveDirectoryRequest, resolveSceneRequest, type ResolvedRequest } from '../../core/api/resolveRequest';

export type ShotKind = 'scene' | 'directory';

/** #22: the scenes below a directory's sub-directories, which its shot leaves out (none said when not known). */
function subScenesOf(kind: ShotKind, request: { room: string; path: string; region: string }, known: ScreenshotDeps['knownScenes']): { subScenes?: number } {
  if (kind !== 'directory') return {};
  const scenes = known?.(request.room, request.region);
  const count = scenes ? scenesInSubdirectories(request.path, scenes) : 0;
  return count > 0 ? { subScenes: count } : {};
}

export interface TakeOptions {
  /** Open the preview (default true). */
  preview?: boolean;
  cancellation?: vscode.CancellationToken;
}

/** A preview opened while its request is in flight (#15): filled with the entry, or closed on failure. */
export interface PendingPreview {
  fill(entry: HistoryEntry): Promise<unknown>;
  /** Closes the panel; resolves once the window shows it no more. */
  abandon(): Promise<void>;
}

/** What a preview will show before there is a result: enough for its panel's title and reuse key. */
export type PreviewTarget = Pick<HistoryEntry, 'kind' | 'room' | 'roomName' | 'path' | 'width' | 'height' | 'region'>;

export interface PreviewOpener {
  show(entry: HistoryEntry): Promise<unknown>;
  /** Opens (or picks the reusable) panel now, so its page starts while the request runs. */
  prepare?(target: PreviewTarget): PendingPreview;
}

export interface ScreenshotDeps {
  log: vscode.LogOutputChannel;
  tokens: TokenStore;
  clients: ClientProvider;
  history: HistoryStore;
  preview: PreviewOpener;
  /** Keeps the entry's PNGs in the background (src/extension/snapshots/snapshotService.ts); never awaited here. */
  snapshots?: { keep(entry: HistoryEntry): Promise<void> };
  /** Where rooms were found (src/extension/rooms/regionFinder.ts): a 404's message names that region. */
  regions?: { known(room: string, origin: string): string | undefined };
  /** #22: the room's scenes when already listed (the rooms tree, a picker), to say what a directory shot leaves out. */
  knownScenes?(room: string, region: string): readonly string[] | undefined;
}

/**
 * The one path every screenshot takes, from the palette, the tree, a keybinding or another extension:
 * check the request → apply the precedence rules → find the token → call the client → record history →
 * open the preview. Failures are errors with a `code` (DESIGN.md); nothing is shown to the user here.
 */
export class ScreenshotService {
  constructor(private readonly deps: ScreenshotDeps) {}

  /** The request as it will be sent (precedence applied, values checked), without the token. */
  resolve(kind: ShotKind, raw: unknown): ResolvedRequest & { roomName?: string } {
    const checked = checkArgs(raw);
    if (!checked.ok) throw new SceneSnapError('invalidInput', vscode.l10n.t('Invalid screenshot request: {0}.', checked.problem));
    const settings = readSettings();
    const room = findRoom(settings, checked.args.room);
    const defaults = { region: settings.defaultRegion, width: settings.defaultWidth, height: settings.defaultHeight };
    const resolved = kind === 'scene' ? resolveSceneRequest(checked.args, room, defaults) : resolveDirectoryRequest(checked.args, room, defaults);
    // gb-lon, wherever it came from (the request, the room, the default), is eu (DESIGN.md).
    const { region, retired } = readRegion(resolved.region);
    if (retired) this.deps.log.warn(`Region "${retired}" is the old name of ${region}; ${region} is used for room ${resolved.room}.`);
    const request = { ...resolved, region };
    const problem =
      roomUuidProblem(request.room) ??
      pathProblem(request.path, kind === 'scene' ? 'path' : 'directory') ??
      sizeProblem(request.width, 'width') ??
      sizeProblem(request.height, 'height') ??
      regionProblem(request.region);
    if (problem) throw new SceneSnapError('invalidInput', problemText(problem), { problem });
    return room?.name ? { ...request, roomName: room.name } : request;
  }

  /** Every failure is logged here, once, whoever asked (a command, a keybinding, another extension). */
  async take(kind: ShotKind, raw: unknown, options: TakeOptions = {}): Promise<HistoryEntry> {
    try {
      const entry = await this.shoot(kind, raw, options);
      this.deps.log.info(`Screenshot of ${entry.room} ${entry.path} (${entry.width}×${entry.height}, ${entry.region}): ${entry.results.length} image(s) in ${entry.durationMs} ms`);
      return entry;
    } catch (err) {
      const line = failureLogLine(kind, raw, err);
      if ((err as { code?: string } | undefined)?.code === 'cancelled') this.deps.log.info(line);
      else this.deps.log.error(line);
      throw err;
    }
  }

  /**
   * A 404 stays notFound (no silent retry in another region, DESIGN.md); when a search already found the
   * room elsewhere at this origin, its message says where.
   */
  private withRegionFound(err: unknown, room: string, region: string, origin: string): unknown {
    const found = this.deps.regions?.known(room, origin);
    if (!found || found === region || !isSceneSnapError(err) || err.code !== 'notFound') return err;
    const message = vscode.l10n.t('{0} Room {1} was found in region {2}.', err.message, room, found);
    return new SceneSnapError('notFound', message, { ...(err.status === undefined ? {} : { status: err.status }), ...(err.serverMessage === undefined ? {} : { serverMessage: err.serverMessage }), ...(err.attempts === undefined ? {} : { attempts: err.attempts }), cause: err });
  }

  /** The client in effect, the origin it sends to and the token for the request's room there; also used by a whole room's walk (roomShot.ts). */
  async clientAndToken(request: { room: string; roomName?: string }): Promise<{ client: NetlessClient; token: string; origin: string }> {
    // The origin read once: the client sends only there, and the token is the one stored for it.
    const settings = readSettings();
    const origin = apiOrigin(settings.apiBaseUrl);
    // Before the token: a base URL that cannot work is said as such, not as a missing token of its origin.
    const client = this.deps.clients.get(settings);
    const token = await this.deps.tokens.resolve(request.room, origin);
    if (!token) {
      throw new SceneSnapError(
        'noToken',
        vscode.l10n.t('No token for room {0} at {1}: set its room token or the SDK token (Scene Snap: Set Token). Tokens are kept for each API host.', roomLabel({ uuid: request.room, name: request.roomName }), origin),
      );
    }
    return { client, token: token.token, origin };
  }

  private async shoot(kind: ShotKind, raw: unknown, options: TakeOptions): Promise<HistoryEntry> {
    const request = this.resolve(kind, raw);
    const { client, token, origin } = await this.clientAndToken(request);
    const cancellation = options.cancellation;
    if (cancellation?.isCancellationRequested) throw new SceneSnapError('cancelled', vscode.l10n.t('The screenshot was cancelled.'));
    const abort = new AbortController();
    const onCancel = cancellation?.onCancellationRequested(() => abort.abort());
    const started = performance.now();
    let results;
    let pending: PendingPreview | undefined;
    try {
      const call = { room: request.room, token, region: request.region as never, width: request.width, height: request.height, path: request.path };
      const answer = kind === 'scene' ? client.screenshotScene(call, { signal: abort.signal }).then((r) => [r]) : client.screenshotSceneDirectory(call, { signal: abort.signal });
      // #15: the request is on its way first; then the panel opens, so creating it, loading the preview host
      // and starting its page overlap the API's answer instead of following it.
      if (options.preview !== false && this.deps.preview.prepare) {
        try {
          pending = this.deps.preview.prepare({ kind, room: request.room, ...(request.roomName ? { roomName: request.roomName } : {}), path: request.path, width: request.width, height: request.height, region: request.region });
        } catch (err) {
          // Not opened early is only slower: show() opens it after the answer as before.
          this.deps.log.warn(`preview: could not open the panel early: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      results = await answer;
    } catch (err) {
      // Rejects once the early panel is gone from the window (#21).
      await pending?.abandon();
      throw this.withRegionFound(err, request.room, request.region, origin);
    } finally {
      onCancel?.dispose();
    }
    const entry: HistoryEntry = {
      id: randomUUID(),
      kind,
      room: request.room,
      ...(request.roomName ? { roomName: request.roomName } : {}),
      path: request.path,
      width: request.width,
      height: request.height,
      region: request.region,
      time: Date.now(),
      durationMs: Math.round(performance.now() - started),
      results: results.map(({ url, key, bucket, region }) => ({ url, key, bucket, region })),
      ...subScenesOf(kind, request, this.deps.knownScenes),
    };
    const kept = boundedEntry(entry);
    if (kept.omitted) {
      this.deps.log.info(`History keeps the first ${kept.results.length} of the ${entry.results.length} scenes of ${entry.path}: a bigger entry would bloat the workspace state.`);
    }
    // #15: the page gets its result first (a fresh entry has nothing kept to look up, so fill and show post
    // it in this turn); the history write, which serializes the whole list into the workspace state, follows.
    const shown = pending ? pending.fill(entry) : options.preview !== false ? this.deps.preview.show(entry) : undefined;
    // Recorded at once; the caller does not wait for VS Code to persist it (a failure there is logged).
    this.deps.history.add(kept).then(undefined, (err: unknown) => this.deps.log.error(`Could not store the history: ${err instanceof Error ? err.message : String(err)}`));
    // Not awaited: the screenshot resolves when the API answers; the PNGs are kept after.
    void this.deps.snapshots?.keep(kept);
    await shown;
    return entry;
  }
}
