/**
 * Where a write really lands. A folder or file committed in a repository may be a symbolic link, so a path
 * inside the workspace by its name can lead anywhere (#21): paths are compared after their links are
 * resolved. Node only, no `vscode`.
 */
import { lstat, readlink, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import { isInside } from './fileNames';

/** Links followed at most, as the OS does (ELOOP), so a loop of links ends. */
const MAX_LINKS = 40;

/**
 * `p` with the links of the part that exists resolved, the rest (not created yet) appended as it is. A
 * dangling link is followed to where it points: writing through it would create the file there.
 */
export async function realPathOf(p: string, links = 0): Promise<string> {
  let head = path.resolve(p);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(head), ...rest);
    } catch (err) {
      if (!isMissing(err)) throw err;
    }
    const dangling = await lstat(head).then((s) => s.isSymbolicLink(), () => false);
    if (dangling) {
      if (links >= MAX_LINKS) throw Object.assign(new Error(`too many links at ${head}`), { code: 'ELOOP' });
      return realPathOf(path.join(path.resolve(path.dirname(head), await readlink(head)), ...rest), links + 1);
    }
    const parent = path.dirname(head);
    if (parent === head) return path.join(head, ...rest);
    rest.unshift(path.basename(head));
    head = parent;
  }
}

/**
 * Why `file` may not be written without asking, or undefined when it may: it must really be in `folder`
 * (the save folder), and when that folder is in the workspace folder by its path, really there too (a
 * repository's `screenshots` link cannot lead the writes out of it). A folder the user chose elsewhere
 * may itself be a link (to another disk, say): it is where the user said.
 */
export async function whyNotWritable(file: string, folder: string, workspaceFolder?: string): Promise<'outsideFolder' | 'outsideWorkspace' | undefined> {
  const real = await realPathOf(file);
  if (workspaceFolder && isInside(folder, workspaceFolder) && !isInside(real, await realPathOf(workspaceFolder))) return 'outsideWorkspace';
  if (!isInside(real, await realPathOf(folder))) return 'outsideFolder';
  return undefined;
}

function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
