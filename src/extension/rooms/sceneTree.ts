/**
 * The scene listing endpoint answers flat, full scene paths (`/deck/cover`, `/deck/page1`); scene
 * directories are their prefixes. These helpers turn that into one level of a tree. Pure: no `vscode`.
 */
export interface DirectoryListing {
  /** Full paths of the directories directly inside, in the order their first scene was listed. */
  directories: string[];
  /** Full paths of the scenes directly inside, in the server's (scene index) order. */
  scenes: string[];
}

function withSlash(dir: string): string {
  return dir.endsWith('/') ? dir : `${dir}/`;
}

export function listDirectory(scenePaths: readonly string[], dir: string): DirectoryListing {
  const prefix = withSlash(dir);
  const directories = new Set<string>();
  const scenes: string[] = [];
  for (const scene of scenePaths) {
    if (!scene.startsWith(prefix) || scene.length === prefix.length) continue;
    const rest = scene.slice(prefix.length);
    const cut = rest.indexOf('/');
    if (cut === -1) scenes.push(scene);
    else directories.add(prefix + rest.slice(0, cut));
  }
  return { directories: [...directories], scenes };
}

/** The last segment of a path: the scene's or the directory's own name. */
export function baseName(path: string): string {
  const trimmed = path.replace(/\/+$/, '');
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || '/';
}

/** Every scene directory that holds at least one scene, `/` first: suggestions for a directory picker. */
export function allDirectories(scenePaths: readonly string[]): string[] {
  const dirs = new Set<string>(['/']);
  for (const scene of scenePaths) {
    let cut = scene.lastIndexOf('/');
    while (cut > 0) {
      dirs.add(scene.slice(0, cut));
      cut = scene.lastIndexOf('/', cut - 1);
    }
  }
  return [...dirs].sort();
}

/** How many scenes lie directly in `dir`: what a directory screenshot of it takes (one per scene). */
export function sceneCount(scenePaths: readonly string[], dir: string): number {
  return listDirectory(scenePaths, dir).scenes.length;
}

/**
 * The directories a directory screenshot can be asked for, in the picker's order: `first` (the directory
 * that holds the room's own scene, or the one used last) leads, then the rest as allDirectories lists them.
 */
export function directoryChoices(scenePaths: readonly string[], first: readonly string[]): Array<{ path: string; scenes: number }> {
  const all = allDirectories(scenePaths);
  const leading = first.filter((d, i) => first.indexOf(d) === i);
  const ordered = [...leading, ...all.filter((d) => !leading.includes(d))];
  return ordered.map((path) => ({ path, scenes: sceneCount(scenePaths, path) }));
}
