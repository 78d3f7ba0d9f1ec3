/**
 * Which commit a baseline was read at (reg-suit #180: users ask which baseline a result was compared
 * with): HEAD, for a baseline that is committed and unchanged; nothing for one that is new or edited, or
 * outside a git repository. Two git calls per run, not one per file.
 */
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

export interface BaselineCommits {
  head?: string;
  /** The commit of a baseline (a path relative to the checks file's folder), when it is committed unchanged. */
  commitOf(relative: string): string | undefined;
}

function git(args: string[], cwd: string): string | undefined {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000, maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return undefined;
  }
}

export function baselineCommits(folder: string, baselines: string): BaselineCommits {
  const head = git(['rev-parse', 'HEAD'], folder)?.trim();
  const top = git(['rev-parse', '--show-toplevel'], folder)?.trim();
  if (!head || !top) return { commitOf: () => undefined };
  // Changed, added or untracked files below the baselines: their bytes are not HEAD's.
  const status = git(['status', '--porcelain=v1', '-z', '--untracked-files=all', '--', baselines], folder) ?? '';
  const dirty = new Set(status.split('\0').filter((e) => e.length > 3).map((e) => path.resolve(top, e.slice(3))));
  const tracked = new Set((git(['ls-files', '-z', '--', baselines], folder) ?? '').split('\0').filter(Boolean).map((f) => path.resolve(folder, f)));
  return {
    head,
    commitOf: (relative) => {
      const file = path.resolve(folder, relative);
      return tracked.has(file) && !dirty.has(file) ? head : undefined;
    },
  };
}
