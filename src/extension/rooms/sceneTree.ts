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
