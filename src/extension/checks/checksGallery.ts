/**
 * A Run Checks result as the preview's gallery shows it (PreviewManager.openChecks): one tile per checked
 * scene, its picture (the actual one; a missing target's baseline), its verdict as a badge, and what the
 * tile offers. Pure: no `vscode` (words come in), so it is unit-tested in plain Node.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { baselineFile, itemName } from '../../core/checks/baselines';
import type { ChecksConfig } from '../../core/checks/checksFile';
import type { CheckItem } from '../../core/checks/run';
import type { HistoryEntry, SnapshotRef } from '../history/historyEntries';
import type { SceneBadge } from '../preview/protocol';

/** What Accept All Changed writes: what `--update=changed` writes. */
export function isChanged(item: CheckItem): boolean {
  return (item.verdict === 'changed' || item.verdict === 'sizeChanged') && !item.updated && item.actual !== undefined;
}

/** A new picture that may become the baseline: changed, size changed, new, or blank (the user's call). */
export function isAcceptable(item: CheckItem): boolean {
  return item.actual !== undefined && !item.updated && (item.verdict === 'changed' || item.verdict === 'sizeChanged' || item.verdict === 'new' || item.verdict === 'blank');
}

/** A failed target with a baseline and a picture to put side by side in the compare panel. */
export function isComparable(item: CheckItem): boolean {
  return item.expected !== undefined && item.actual !== undefined && item.verdict !== 'matched';
}

/** The PNG a tile shows: the new picture, else (a baseline without a target) the baseline. */
export function pictureOf(item: CheckItem): Uint8Array | undefined {
  return item.actual ?? (item.verdict === 'missing' ? item.expected : undefined);
}

/** A tile's URL: names the item within its gallery; not http(s), so nothing offers to open or download it. */
export function checkUrl(item: Pick<CheckItem, 'name'>): string {
  return `scene-snap-check:/${encodeURIComponent(item.name)}`;
}

/** A tile's verdict in the user's words (verdictWords.ts), or "accepted". */
export type BadgeWords = (verdict: CheckItem['verdict'] | 'accepted') => string;

export function checkBadge(item: CheckItem, words: BadgeWords): SceneBadge {
  return {
    status: 'check',
    verdict: item.verdict,
    label: words(item.updated ? 'accepted' : item.verdict),
    ...(item.verdict === 'changed' && item.changedRatio !== undefined ? { ratio: item.changedRatio } : {}),
    ...(item.error ? { reason: item.error.message } : {}),
    ...(isComparable(item) && !item.updated ? { compare: true as const } : {}),
    ...(isAcceptable(item) ? { accept: true as const } : {}),
    ...(item.updated ? { accepted: true as const } : {}),
  };
}

export function checkBadges(items: readonly CheckItem[], words: BadgeWords): Record<string, SceneBadge> {
  return Object.fromEntries(items.map((i) => [checkUrl(i), checkBadge(i, words)]));
}

export interface ChecksGallery {
  entry: HistoryEntry;
  /** Per result: it has a picture (its bytes from pictureOf). */
  kept: boolean[];
  names: string[];
}

/**
 * The gallery's entry: never in the history (its id says so), its pictures named by their SHA-256 as kept
 * snapshots are, so the page asks the host for their bytes as it does for those. `title` is the panel's
 * room label ("Scene Snap checks").
 */
export function checksGallery(items: readonly CheckItem[], o: { checksFile: string; time: number; title: string; idPrefix: string }): ChecksGallery {
  const rooms = new Set(items.map((i) => i.room));
  const size = items.find((i) => i.actualSize)?.actualSize ?? items.find((i) => i.expectedSize)?.expectedSize ?? { width: 1280, height: 720 };
  const snapshots: SnapshotRef[] = items.map((i) => {
    const png = pictureOf(i);
    const at = i.actual ? i.actualSize : i.expectedSize;
    if (!png) return { kind: 'failed', code: i.error?.code ?? 'failed', reason: i.error?.message ?? '' };
    return { kind: 'kept', hash: createHash('sha256').update(png).digest('hex'), width: at?.width ?? size.width, height: at?.height ?? size.height, bytes: png.byteLength, at: o.time };
  });
  return {
    entry: {
      id: `${o.idPrefix}${o.time}`,
      kind: 'directory',
      room: rooms.size === 1 ? [...rooms][0]! : '',
      roomName: o.title,
      path: path.basename(o.checksFile),
      width: size.width,
      height: size.height,
      region: '',
      time: o.time,
      durationMs: 0,
      results: items.map((i) => ({ url: checkUrl(i), key: i.name, bucket: '', region: '' })),
      snapshots,
    },
    kept: snapshots.map((s) => s.kind === 'kept'),
    names: items.map((i) => i.name),
  };
}

/**
 * The target a screenshot stands for, with the report name and baseline (relative to the checks file's
 * folder, with `/`) it would have: same room and size, and the scene itself (a scene target), a scene
 * directly in the directory (a directory target, as screenshot-list answers), or any scene (a whole room).
 */
export function targetOfShot(config: ChecksConfig, shot: { room: string; scene: string; width: number; height: number }): { name: string; baseline: string } | undefined {
  const directoryOf = (scene: string) => scene.slice(0, scene.lastIndexOf('/')) || '/';
  const trimmed = (dir: string) => dir.replace(/\/+$/, '') || '/';
  for (const target of config.targets) {
    if (target.room !== shot.room || target.width !== shot.width || target.height !== shot.height) continue;
    const fits = target.kind === 'scene' ? target.path === shot.scene : target.kind === 'directory' ? trimmed(target.path) === directoryOf(shot.scene) : true;
    if (!fits) continue;
    const file = baselineFile(config.baselines, target, shot.scene);
    if (!file) continue;
    return { name: itemName(target, shot.scene), baseline: path.relative(config.folder, file).split(path.sep).join('/') };
  }
  return undefined;
}
