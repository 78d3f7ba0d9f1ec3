/**
 * Capturing a target with the API client: a scene is one `screenshots` call; a directory one
 * `screenshot-list` call; a whole room walks `GET …/scenes` from `/` and makes one `screenshot-list` call
 * per directory that holds scenes (the service lists only the scenes directly in a directory). Each PNG is
 * fetched through the client (its proxy and pool), checked to be a PNG. Pure Node: no `vscode`.
 * (A minimal walk of its own: the extension's whole-room walk was being written at the same time.)
 */
import { parentDirectory } from '../api/resolveRequest';
import type { NetlessClient, ScreenshotResult } from '../api/types';
import type { CheckTarget } from './checksFile';
import { eachLimited, type CapturedScene } from './run';

export interface CaptureOptions {
  /** The token for a room (its own, else the SDK token); undefined rejects with noToken. */
  tokenFor(room: string): string | undefined;
  /**
   * The noToken error's message: how to supply a token is the front end's to say (VS Code: Set Token; the
   * command line: its environment variables), so the shared core names neither.
   */
  noTokenMessage(room: string): string;
  /** PNG downloads at once within one target; default 8. */
  downloads?: number;
}

/** A noToken error (DESIGN.md's error codes) with the front end's message. */
export function noTokenError(message: string): Error & { code: 'noToken' } {
  return Object.assign(new Error(message), { code: 'noToken' as const });
}

/** The scene a directory result stands for: its key ends in `<room uuid><scene path>.png` (notes/netless-api.md). */
export function sceneOfKey(key: string, room: string): string | undefined {
  const at = key.lastIndexOf(room);
  if (at < 0 || !key.endsWith('.png')) return undefined;
  const scene = key.slice(at + room.length, -4);
  return scene.startsWith('/') ? scene : undefined;
}

/** Pairs a directory's results with its scenes: by key, else in the order the service listed both. */
export function scenesOfResults(results: readonly ScreenshotResult[], room: string, listed: readonly string[]): { scene: string; result: ScreenshotResult }[] {
  return results.map((result, i) => ({ result, scene: sceneOfKey(result.key, room) ?? listed[i] ?? `/${i + 1}` }));
}

/**
 * The screenshots of a target, not yet downloaded: a scene's one; a directory's scenes; a whole room's (or,
 * for kind wholeRoom with another path, everything below that directory), one `screenshot-list` per
 * directory that holds scenes.
 */
export async function screenshotTarget(client: NetlessClient, target: Pick<CheckTarget, 'room' | 'kind' | 'path' | 'region' | 'width' | 'height'>, token: string, signal?: AbortSignal): Promise<{ scene: string; result: ScreenshotResult }[]> {
  const request = { room: target.room, token, region: target.region, width: target.width, height: target.height };
  if (target.kind === 'scene') return [{ scene: target.path, result: await client.screenshotScene({ ...request, path: target.path }, { signal }) }];
  const access = { room: target.room, token, region: target.region };
  const root = target.path.replace(/\/+$/, '') || '/';
  const all = await client.listScenes(access, root, { signal });
  const groups = new Map<string, string[]>();
  for (const scene of all) {
    const dir = parentDirectory(scene);
    if (target.kind === 'directory' && dir !== root) continue;
    groups.set(dir, [...(groups.get(dir) ?? []), scene]);
  }
  const shots: { scene: string; result: ScreenshotResult }[] = [];
  await eachLimited([...groups].sort(([a], [b]) => (a < b ? -1 : 1)), 4, async ([dir, listed]) => {
    const results = await client.screenshotSceneDirectory({ ...request, path: dir }, { signal });
    shots.push(...scenesOfResults(results, target.room, listed));
  });
  return shots.sort((a, b) => (a.scene < b.scene ? -1 : a.scene > b.scene ? 1 : 0));
}

/** `capture` for runChecks, on a client. */
export function clientCapture(client: NetlessClient, options: CaptureOptions): (target: CheckTarget, signal?: AbortSignal) => Promise<CapturedScene[]> {
  return async (target, signal) => {
    const token = options.tokenFor(target.room);
    if (!token) throw noTokenError(options.noTokenMessage(target.room));
    const shots = await screenshotTarget(client, target, token, signal);
    const out: CapturedScene[] = new Array(shots.length);
    await eachLimited(shots.map((s, i) => ({ ...s, i })), options.downloads ?? 8, async ({ scene, result, i }) => {
      const png = await client.fetchPng(result.url, { signal });
      out[i] = { scene, png: png.data, width: png.width, height: png.height };
    });
    return out;
  };
}
