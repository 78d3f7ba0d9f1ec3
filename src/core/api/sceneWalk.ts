/**
 * A whole room, one directory at a time: `screenshot-list` answers only the scenes directly in a directory
 * (notes/netless-api.md), so a room takes one call per directory that holds scenes. Pure: the calls are
 * given, so the grouping, the bounded concurrency, the order and the outcome rules are tested alone.
 */
import * as l10n from '@vscode/l10n';
import { SceneSnapError, isSceneSnapError, type ErrorCode } from './errors';

export interface DirectoryScenes {
  /** Without a trailing slash; `/` for the root. */
  directory: string;
  /** The scenes directly in it, in the order the service listed them. */
  scenes: string[];
}

/** One directory's outcome (DESIGN.md, Finding rooms): its results, or why it failed (then no `results`). */
export type DirectoryOutcome<T> = { directory: string; results: T[] } | { directory: string; error: { code: string; message: string } };

/** How many `screenshot-list` calls run at once unless told: enough to hide latency, few enough for the service. */
export const DEFAULT_CONCURRENCY = 4;

function parentOf(scene: string): string {
  const at = scene.lastIndexOf('/');
  return at <= 0 ? '/' : scene.slice(0, at);
}

/** Code-unit order, the same on every machine and locale: `/` first, a directory before its children. */
function byPath(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The directories that hold scenes (not those that hold only directories), in directory path order. */
export function groupByDirectory(scenes: readonly string[]): DirectoryScenes[] {
  const groups = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const scene of scenes) {
    if (typeof scene !== 'string' || !scene.startsWith('/') || scene.length < 2 || seen.has(scene)) continue;
    seen.add(scene);
    const directory = parentOf(scene);
    let list = groups.get(directory);
    if (!list) groups.set(directory, (list = []));
    list.push(scene);
  }
  return [...groups.keys()].sort(byPath).map((directory) => ({ directory, scenes: groups.get(directory)! }));
}

function cancelled(): SceneSnapError {
  return new SceneSnapError('cancelled', l10n.t('The screenshot was cancelled.'));
}

function failureOf(err: unknown): { code: string; message: string } {
  if (isSceneSnapError(err)) return { code: err.code, message: err.message };
  return { code: 'serverError', message: err instanceof Error ? err.message : String(err) };
}

export interface WalkOptions {
  /** Calls at once, at least 1 (default DEFAULT_CONCURRENCY). */
  concurrency?: number;
  /** Cancel: nothing more starts, the calls in flight are aborted, and the walk rejects `cancelled`. */
  signal?: AbortSignal;
  /** As each directory starts: `started` of `total` ("directory 3 of 12"). */
  onProgress?(started: number, total: number, directory: string): void;
}

/** Shoots every directory, a bounded number at once; one item per directory, in the order given. */
export async function walkDirectories<T>(directories: readonly string[], shoot: (directory: string, signal: AbortSignal) => Promise<T[]>, options: WalkOptions = {}): Promise<DirectoryOutcome<T>[]> {
  if (options.signal?.aborted) throw cancelled();
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  const items = new Array<DirectoryOutcome<T>>(directories.length);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_CONCURRENCY));
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < directories.length && !stop.signal.aborted) {
      const at = next++;
      const directory = directories[at]!;
      options.onProgress?.(at + 1, directories.length, directory);
      try {
        items[at] = { directory, results: await shoot(directory, stop.signal) };
      } catch (err) {
        items[at] = { directory, error: failureOf(err) };
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, directories.length) }, worker));
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (stop.signal.aborted) throw cancelled();
  return items;
}

/** The contract's outcome: the items (none for an empty room), or a rejection with the first item's code when none succeeded. */
export function roomOutcome<T>(items: DirectoryOutcome<T>[]): DirectoryOutcome<T>[] {
  if (items.length === 0 || items.some((item) => 'results' in item)) return items;
  const first = items[0] as { error: { code: string; message: string } };
  throw new SceneSnapError(first.error.code as ErrorCode, first.error.message);
}
