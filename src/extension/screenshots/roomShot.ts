import { randomUUID } from 'node:crypto';
import * as vscode from 'vscode';
import { SceneSnapError } from '../../core/api/errors';
import type { DirectoryOutcome } from '../../core/api/sceneWalk';
import { boundedEntry, type HistoryEntry, type ShotResult } from '../history/historyEntries';
import type { ScreenshotDeps, ScreenshotService, TakeOptions } from './screenshotService';

/** `screenshotRoom`'s items (DESIGN.md, Finding rooms). */
export type RoomItem = DirectoryOutcome<ShotResult>;

export interface RoomTakeOptions extends TakeOptions {
  /** As each directory starts: "directory 3 of 12". */
  onProgress?(started: number, total: number, directory: string): void;
  /** `screenshot-list` calls at once. */
  concurrency?: number;
}

export interface RoomShot {
  entry: HistoryEntry;
  items: RoomItem[];
}

/** Only what a whole room takes: a directory path would mean nothing here. */
function roomArgs(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return raw;
  const { path: _path, ...rest } = raw as Record<string, unknown>;
  return rest;
}

/**
 * Every scene of a room: the scene list (`GET …/scenes?sceneDir=/`), grouped by the directory that holds each
 * scene, one `screenshot-list` per directory (a few at once), recorded as one history entry of kind
 * 'room' whose `groups` say which results belong to which directory and which directory failed.
 */
export class RoomShooter {
  constructor(
    private readonly service: ScreenshotService,
    private readonly deps: ScreenshotDeps,
  ) {}

  async take(raw: unknown, options: RoomTakeOptions = {}): Promise<RoomShot> {
    try {
      const shot = await this.shoot(raw, options);
      const failed = shot.items.filter((i) => 'error' in i).length;
      this.deps.log.info(`Screenshots of every scene of ${shot.entry.room}: ${shot.items.length} directories (${failed} failed), ${shot.entry.results.length} image(s) in ${shot.entry.durationMs} ms`);
      return shot;
    } catch (err) {
      const e = err as { code?: string; message?: string };
      const line = `Screenshots of every scene of a room failed [${e?.code ?? 'error'}]: ${e?.message ?? String(err)}`;
      if (e?.code === 'cancelled') this.deps.log.info(line);
      else this.deps.log.error(line);
      throw err;
    }
  }

  private async shoot(raw: unknown, options: RoomTakeOptions): Promise<RoomShot> {
    const request = this.service.resolve('directory', roomArgs(raw));
    const { client, token } = await this.service.clientAndToken(request);
    const cancellation = options.cancellation;
    if (cancellation?.isCancellationRequested) throw new SceneSnapError('cancelled', vscode.l10n.t('The screenshot was cancelled.'));
    const abort = new AbortController();
    const onCancel = cancellation?.onCancellationRequested(() => abort.abort());
    const started = performance.now();
    const access = { room: request.room, token, region: request.region as never };
    let items: RoomItem[];
    try {
      const scenes = await client.listScenes(access, '/', { signal: abort.signal });
      // From dist/api.js, loaded with the client: activation bundles none of the API side.
      const core = this.deps.clients.api();
      const groups = core.groupByDirectory(scenes);
      items = await core.walkDirectories(
        groups.map((g) => g.directory),
        async (directory, signal) => (await client.screenshotSceneDirectory({ ...access, width: request.width, height: request.height, path: directory }, { signal })).map(({ url, key, bucket, region }) => ({ url, key, bucket, region })),
        { signal: abort.signal, ...(options.onProgress ? { onProgress: options.onProgress } : {}), ...(options.concurrency ? { concurrency: options.concurrency } : {}) },
      );
    } finally {
      onCancel?.dispose();
    }
    this.deps.clients.api().roomOutcome(items);
    const entry: HistoryEntry = {
      id: randomUUID(),
      kind: 'room',
      room: request.room,
      ...(request.roomName ? { roomName: request.roomName } : {}),
      path: '/',
      width: request.width,
      height: request.height,
      region: request.region,
      time: Date.now(),
      durationMs: Math.round(performance.now() - started),
      results: items.flatMap((item) => ('results' in item ? item.results : [])),
      groups: items.map((item) => ('results' in item ? { directory: item.directory, count: item.results.length } : { directory: item.directory, count: 0, error: item.error })),
    };
    const kept = boundedEntry(entry);
    const shown = options.preview !== false ? this.deps.preview.show(entry) : undefined;
    this.deps.history.add(kept).then(undefined, (err: unknown) => this.deps.log.error(`Could not store the history: ${err instanceof Error ? err.message : String(err)}`));
    void this.deps.snapshots?.keep(kept);
    await shown;
    return { entry, items };
  }
}
