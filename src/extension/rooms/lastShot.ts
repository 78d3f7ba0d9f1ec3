/**
 * What a click on a scene in the Rooms view does: open the newest screenshot of that scene from the
 * history, or take one when there is none. Pure: no `vscode`.
 */
export interface SceneShot {
  id: string;
  kind: string;
  room: string;
  path: string;
  time: number;
}

/** The newest single-scene screenshot of `room` + `path` (history lists newest first), or undefined. */
export function lastShotOf<T extends SceneShot>(entries: readonly T[], room: string, path: string): T | undefined {
  return entries.find((e) => e.kind === 'scene' && e.room === room && e.path === path);
}

/**
 * One string that changes whenever the newest screenshot of any scene changes, and only then: the Rooms
 * view repaints on it rather than on every history write (snapshots being kept update entries often).
 */
export function lastShotsSignature(entries: readonly SceneShot[]): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const e of entries) {
    if (e.kind !== 'scene') continue;
    const key = `${e.room}\n${e.path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    parts.push(`${key}\n${e.id}`);
  }
  return parts.sort().join('\n\n');
}
