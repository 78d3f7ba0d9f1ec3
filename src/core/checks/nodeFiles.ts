/**
 * The file side of runChecks (RunDeps) on plain Node fs, for any front end that runs checks in a Node
 * process (the command line; the extension host). Baselines are written to a temporary name, then renamed,
 * so a cancelled run never leaves half a PNG.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { RunDeps } from './run';

export async function readBaselineFile(file: string): Promise<Uint8Array | undefined> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/** Files below a folder, relative to it; none when it does not exist. */
export async function filesBelow(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { recursive: true, withFileTypes: true });
    return entries.filter((e) => e.isFile()).map((e) => path.relative(folder, path.join(e.parentPath, e.name)));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
}

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export const nodeFileDeps: Pick<RunDeps, 'readBaseline' | 'listFiles' | 'writeBaseline'> = {
  readBaseline: readBaselineFile,
  listFiles: filesBelow,
  writeBaseline: writeFileAtomic,
};
