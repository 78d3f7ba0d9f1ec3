/**
 * Writing a PNG the user saves, and saying why it could not be written. Node only, no `vscode`.
 *
 * A full disk is said as such (#21): the streaming download wraps a write failure as `invalidInput`, which
 * told the user their input was wrong when the disk was full.
 */
import { randomBytes } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import * as path from 'node:path';
import * as l10n from '@vscode/l10n';

/** The system's codes for "no room left": the disk, or the user's quota on it. */
const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

/** A save that failed because the disk (or the quota) is full; `code` is the system's (ENOSPC, EDQUOT). */
export class DiskFullError extends Error {
  override readonly name = 'DiskFullError';
  constructor(readonly file: string, readonly code: string, options?: { cause?: unknown }) {
    super(l10n.t('Not saved: the disk has no space left for {0}. Free some space and try again.', file), options);
  }
}

/** The system error code of `err` or of an error it wraps (`cause`), as far down as it goes. */
export function systemCodeOf(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return code;
  }
  return undefined;
}

/** `err` as the user should hear it: a full disk as such, anything else as it was. */
export function saveFailure(err: unknown, file: string): unknown {
  const code = systemCodeOf(err);
  return code && NO_SPACE.has(code) ? new DiskFullError(file, code, { cause: err }) : err;
}

export type WriteFs = Pick<typeof fsPromises, 'writeFile' | 'rename' | 'rm'>;

/**
 * Writes `bytes` to `file` through a temporary file beside it, renamed at the end: a write that fails (a full
 * disk) leaves neither half a PNG nor a clobbered file. Rejects with saveFailure()'s error.
 */
export async function writeWhole(file: string, bytes: Uint8Array, fs: WriteFs = fsPromises): Promise<void> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`);
  try {
    await fs.writeFile(partial, bytes, { flag: 'wx' });
    await fs.rename(partial, file);
  } catch (err) {
    await fs.rm(partial, { force: true }).catch(() => undefined);
    throw saveFailure(err, file);
  }
}
