/** Which kept snapshots a compare sets side by side. Pure: no `vscode`. */
import type { HistoryEntry, SnapshotRef } from '../history/historyEntries';
import { scenePathOf } from '../preview/model';

export type KeptRef = Extract<SnapshotRef, { kind: 'kept' }>;

/** One scene of one history entry whose PNG was kept. */
export interface KeptScene {
  entry: HistoryEntry;
  index: number;
  scenePath: string;
  snapshot: KeptRef;
}

/** The scenes of an entry that have a kept snapshot, in the entry's order. */
export function keptScenes(entry: HistoryEntry): KeptScene[] {
  const refs = entry.snapshots ?? [];
  const scenes: KeptScene[] = [];
  entry.results.forEach((result, index) => {
    const ref = refs[index];
    if (ref?.kind === 'kept') scenes.push({ entry, index, scenePath: scenePathOf(entry, result), snapshot: ref });
  });
  return scenes;
}

export function hasKept(entry: HistoryEntry): boolean {
  return keptScenes(entry).length > 0;
}

/** The kept scene at `scenePath` (a scene entry: its one scene when no path is given). */
export function sceneOf(entry: HistoryEntry, scenePath?: string): KeptScene | undefined {
  const scenes = keptScenes(entry);
  if (scenePath === undefined) return entry.kind === 'scene' ? scenes[0] : undefined;
  return scenes.find((s) => s.scenePath === scenePath);
}

/**
 * The last screenshot before `scene` (entries newest first, as the history lists them) that kept a
 * snapshot of the same room and scene path.
 */
export function previousOf(entries: readonly HistoryEntry[], scene: KeptScene): KeptScene | undefined {
  return earlierScenes(entries, scene).next().value;
}

/**
 * Every screenshot before `scene` that recorded a kept snapshot of the same room and scene path, newest
 * first: the caller takes the first whose image the store still holds (a freed or evicted one is skipped,
 * so "previous" is the last earlier shot that can still be compared).
 */
export function* earlierScenes(entries: readonly HistoryEntry[], scene: KeptScene): Generator<KeptScene, undefined> {
  const at = entries.findIndex((e) => e.id === scene.entry.id);
  const older = at >= 0 ? entries.slice(at + 1) : entries.filter((e) => e.time < scene.entry.time);
  for (const entry of older) {
    if (entry.room !== scene.entry.room) continue;
    const found = keptScenes(entry).find((s) => s.scenePath === scene.scenePath);
    if (found) yield found;
  }
  return undefined;
}

/** The last earlier entry of the same kind (directory or whole room), room and path with at least one kept snapshot. */
export function previousDirectory(entries: readonly HistoryEntry[], entry: HistoryEntry): HistoryEntry | undefined {
  const at = entries.findIndex((e) => e.id === entry.id);
  return entries.slice(at + 1).find((e) => e.kind === entry.kind && e.room === entry.room && e.path === entry.path && e.time <= entry.time && hasKept(e));
}

/** Scene paths kept in both entries (what a directory compare can show), in the order of `b`. */
export function commonScenes(a: HistoryEntry, b: HistoryEntry): string[] {
  const inA = new Set(keptScenes(a).map((s) => s.scenePath));
  return keptScenes(b).map((s) => s.scenePath).filter((p) => inA.has(p));
}

/** How the two sides differ in what they are: the panel says so when they are not the same scene. */
export function pairKind(a: KeptScene, b: KeptScene): 'same' | 'otherRoom' | 'otherPath' {
  if (a.entry.room !== b.entry.room) return 'otherRoom';
  return a.scenePath === b.scenePath ? 'same' : 'otherPath';
}

export type DirectoryBadge =
  | { scenePath: string; status: 'changed'; ratio: number }
  | { scenePath: string; status: 'new' | 'unchanged' }
  | { scenePath: string; status: 'gone' }
  /** Kept in both shots but not compared: its kept file vanished, or the comparison failed (`reason`). */
  | { scenePath: string; status: 'failed'; reason?: string };

/** What comparing one scene gave: its changed ratio (0 to 1), or why it could not be compared. */
export type SceneOutcome = number | { failed: string };

/**
 * A directory against its last shot: each scene changed (with its ratio), new, gone, unchanged, or failed
 * when it has no usable outcome (none recorded, a failure, a ratio that is not a number from 0 to 1): a
 * badge never carries a ratio that would read "NaN %".
 */
export function directoryBadges(before: HistoryEntry, after: HistoryEntry, outcomes: ReadonlyMap<string, SceneOutcome>): DirectoryBadge[] {
  const old = new Map(keptScenes(before).map((s) => [s.scenePath, s]));
  const badges: DirectoryBadge[] = [];
  for (const scene of keptScenes(after)) {
    const scenePath = scene.scenePath;
    const was = old.get(scenePath);
    old.delete(scenePath);
    if (!was) badges.push({ scenePath, status: 'new' });
    else if (was.snapshot.hash === scene.snapshot.hash) badges.push({ scenePath, status: 'unchanged' });
    else {
      const outcome = outcomes.get(scenePath);
      if (typeof outcome === 'object') badges.push({ scenePath, status: 'failed', reason: outcome.failed });
      else if (outcome === undefined || !Number.isFinite(outcome) || outcome < 0 || outcome > 1) badges.push({ scenePath, status: 'failed' });
      else badges.push(outcome === 0 ? { scenePath, status: 'unchanged' } : { scenePath, status: 'changed', ratio: outcome });
    }
  }
  for (const path of old.keys()) badges.push({ scenePath: path, status: 'gone' });
  return badges;
}
