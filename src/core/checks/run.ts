/**
 * Runs checks: every target captured, each scene compared with its baseline, baselines written on
 * `--update`, baselines without a target found. Capture, compare, files and the blank check are given
 * (RunDeps), so the command line and the extension run the same code with their own I/O, and tests run it
 * with fakes. Work runs in parallel, bounded by `concurrency` (compares are bounded by the compare pool).
 */
import * as path from 'node:path';
import { readPngSize } from '../api/png';
import type { Box } from '../images/types';
import { baselineFile, itemName, sceneOfBaseline } from './baselines';
import type { CheckTarget, ChecksConfig } from './checksFile';
import { applyMasks, verdictOf, type Comparison, type Verdict } from './verdict';

/** One captured scene: its path and PNG (checked to be a PNG by the capture). */
export interface CapturedScene {
  scene: string;
  png: Uint8Array;
  width: number;
  height: number;
}

export type UpdateMode = 'changed' | 'missing' | 'all';

export interface RunDeps {
  /** Every scene of a target (one for a scene target); rejects with an Error carrying `code` when it cannot. */
  capture(target: CheckTarget, signal?: AbortSignal): Promise<CapturedScene[]>;
  /** The baseline's bytes, or undefined when there is none. */
  readBaseline(file: string): Promise<Uint8Array | undefined>;
  /** Files below a folder (relative paths), none when it does not exist. */
  listFiles(folder: string): Promise<string[]>;
  writeBaseline(file: string, png: Uint8Array): Promise<void>;
  compare(expected: Uint8Array, actual: Uint8Array, options: { threshold: number; withMask: boolean }): Promise<Comparison>;
  isBlank(png: Uint8Array, size: { width: number; height: number }): Promise<boolean>;
}

export interface RunOptions {
  update?: UpdateMode;
  /** Targets captured at once; default 4. */
  concurrency?: number;
  /** Also report baselines that belong to no target of the whole file (one shard does it: the first). */
  findOrphans?: boolean;
  /** All the file's targets, for orphans when `targets` is one shard; default `targets`. */
  allTargets?: readonly CheckTarget[];
  signal?: AbortSignal;
  onItem?(item: CheckItem): void;
}

/** One scene's result, what every report is written from. PNG bytes stay in memory for the HTML report only. */
export interface CheckItem {
  /** `<name>` or `<name>/<scene path>`. */
  name: string;
  target: string;
  room: string;
  scene: string;
  verdict: Verdict;
  /** The baseline compared with (or to be written), relative to the checks file's folder, with `/`. */
  baseline: string;
  /** Figures of a comparison (changed, matched, size changed). */
  changedPixels?: number;
  changedRatio?: number;
  boxes?: Box[];
  expectedSize?: { width: number; height: number };
  actualSize?: { width: number; height: number };
  /** Why it could not be captured (verdict failed). */
  error?: { code: string; message: string };
  /** The baseline was written by --update. */
  updated?: boolean;
  expected?: Uint8Array;
  actual?: Uint8Array;
  /** The comparison mask, for the difference picture. */
  mask?: Uint8Array;
  maskSize?: { width: number; height: number };
}

function errorOf(err: unknown): { code: string; message: string } {
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : 'failed';
  return { code, message: err instanceof Error ? err.message : String(err) };
}

/** Runs `work` over `items`, at most `limit` at once, in order of start. */
export async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

function shouldWrite(verdict: Verdict, mode: UpdateMode | undefined): boolean {
  if (!mode) return false;
  if (mode === 'all') return verdict !== 'blank' && verdict !== 'failed' && verdict !== 'missing';
  if (mode === 'missing') return verdict === 'new';
  return verdict === 'changed' || verdict === 'sizeChanged';
}

export async function runChecks(config: ChecksConfig, targets: readonly CheckTarget[], deps: RunDeps, options: RunOptions = {}): Promise<CheckItem[]> {
  const rel = (file: string): string => path.relative(config.folder, file).split(path.sep).join('/');
  const perTarget = new Map<CheckTarget, CheckItem[]>();
  const emit = (list: CheckItem[], item: CheckItem): void => {
    list.push(item);
    options.onItem?.(item);
  };

  await eachLimited(targets, options.concurrency ?? 4, async (target) => {
    const list: CheckItem[] = [];
    perTarget.set(target, list);
    const base = { target: target.name, room: target.room };
    let scenes: CapturedScene[];
    try {
      scenes = await deps.capture(target, options.signal);
      if (scenes.length === 0) throw Object.assign(new Error(`${target.kind === 'scene' ? 'the scene' : 'the directory'} ${target.path} holds no scenes.`), { code: 'notFound' });
    } catch (err) {
      const file = baselineFile(config.baselines, target, target.path);
      emit(list, { ...base, name: target.name, scene: target.path, verdict: 'failed', baseline: file ? rel(file) : '', error: errorOf(err) });
      return;
    }
    const seen = new Set<string>();
    await Promise.all(scenes.map(async (shot) => {
      const name = itemName(target, shot.scene);
      const file = baselineFile(config.baselines, target, shot.scene);
      if (!file) {
        emit(list, { ...base, name, scene: shot.scene, verdict: 'failed', baseline: '', error: { code: 'invalidInput', message: `the scene path ${shot.scene} cannot be a baseline file name.` } });
        return;
      }
      seen.add(file);
      const item: CheckItem = { ...base, name, scene: shot.scene, verdict: 'new', baseline: rel(file), actual: shot.png, actualSize: { width: shot.width, height: shot.height } };
      try {
        const blank = !target.allowBlank && (await deps.isBlank(shot.png, shot));
        const expected = await deps.readBaseline(file);
        if (expected) {
          const raw = await deps.compare(expected, shot.png, { threshold: target.threshold, withMask: true });
          const c = applyMasks(raw, target.masks);
          item.expected = expected;
          item.verdict = verdictOf(c, target);
          Object.assign(item, { changedPixels: c.changedPixels, changedRatio: c.changedRatio, boxes: c.boxes, mask: raw.mask, maskSize: { width: raw.width, height: raw.height } });
          if (c.sizeChanged) item.expectedSize = readPngSize(expected);
        }
        if (blank) item.verdict = 'blank';
        if (shouldWrite(item.verdict, options.update)) {
          await deps.writeBaseline(file, shot.png);
          item.updated = true;
        }
      } catch (err) {
        Object.assign(item, { verdict: 'failed', error: errorOf(err) });
      }
      emit(list, item);
    }));
    if (target.kind !== 'scene') {
      const folder = path.join(config.baselines, target.name);
      for (const f of await deps.listFiles(folder)) {
        if (!f.toLowerCase().endsWith('.png') || seen.has(path.join(folder, f))) continue;
        const scene = sceneOfBaseline(f);
        emit(list, { ...base, name: itemName(target, scene), scene, verdict: 'missing', baseline: rel(path.join(folder, f)) });
      }
    }
  });

  const items = targets.flatMap((t) => (perTarget.get(t) ?? []).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)));
  if (options.findOrphans) items.push(...(await orphans(config, options.allTargets ?? targets, deps, rel)));
  return items;
}

/** Baselines that belong to no target: `<name>.png` or `<name>/…` with no target of that name. */
async function orphans(config: ChecksConfig, targets: readonly CheckTarget[], deps: RunDeps, rel: (f: string) => string): Promise<CheckItem[]> {
  const names = new Set(targets.map((t) => `${t.kind === 'scene' ? 'file' : 'dir'}:${t.name.toLowerCase()}`));
  const found: CheckItem[] = [];
  for (const f of (await deps.listFiles(config.baselines)).sort()) {
    if (!f.toLowerCase().endsWith('.png')) continue;
    const parts = f.split(path.sep);
    const owner = parts.length === 1 ? `file:${parts[0]!.replace(/\.png$/i, '').toLowerCase()}` : `dir:${parts[0]!.toLowerCase()}`;
    if (names.has(owner)) continue;
    const name = parts.join('/').replace(/\.png$/i, '');
    found.push({ name, target: parts[0]!.replace(/\.png$/i, ''), room: '', scene: parts.length === 1 ? '' : sceneOfBaseline(parts.slice(1).join(path.sep)), verdict: 'missing', baseline: rel(path.join(config.baselines, f)) });
  }
  return found;
}
