/**
 * Where a result's baseline lives and what a report calls it (DESIGN.md): a scene target's baseline is
 * `<baselines>/<name>.png`, a directory's or whole room's `<baselines>/<name>/<scene path>.png`; report
 * items are `<name>` or `<name>/<scene path>`. Pure.
 */
import * as path from 'node:path';
import type { CheckTarget } from './checksFile';

/** A scene path's segments, or undefined when one of them could climb out of the folder or is no file name. */
export function safeSegments(scenePath: string): string[] | undefined {
  const segments = scenePath.split('/').filter((s) => s !== '');
  if (segments.length === 0) return undefined;
  if (segments.some((s) => s === '.' || s === '..' || /[\\:*?"<>|\u0000-\u001f]/.test(s))) return undefined;
  return segments;
}

/** The report name of one scene of a target. */
export function itemName(target: Pick<CheckTarget, 'name' | 'kind'>, scene: string): string {
  return target.kind === 'scene' ? target.name : `${target.name}/${scene.replace(/^\/+/, '')}`;
}

/** The baseline file of one scene of a target, absolute; undefined for a scene path that is no safe file name. */
export function baselineFile(baselines: string, target: Pick<CheckTarget, 'name' | 'kind'>, scene: string): string | undefined {
  if (target.kind === 'scene') return path.join(baselines, `${target.name}.png`);
  const segments = safeSegments(scene);
  if (!segments) return undefined;
  segments[segments.length - 1] += '.png';
  return path.join(baselines, target.name, ...segments);
}

/** The scene a directory baseline stands for: `<name>/a/b.png` (relative to the baselines) → `/a/b`. */
export function sceneOfBaseline(relativeInTarget: string): string {
  return `/${relativeInTarget.split(path.sep).join('/').replace(/\.png$/i, '')}`;
}
