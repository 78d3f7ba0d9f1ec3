/**
 * `screenshot-list` answers only the scenes directly in a directory (notes/netless-api.md): what a
 * directory screenshot leaves out is every scene in its sub-directories. Pure.
 */
export function scenesInSubdirectories(directory: string, scenes: readonly string[]): number {
  const dir = directory.replace(/\/+$/, '');
  const prefix = `${dir}/`;
  let count = 0;
  for (const scene of scenes) {
    if (!scene.startsWith(prefix)) continue;
    if (scene.indexOf('/', prefix.length) >= 0) count++;
  }
  return count;
}
