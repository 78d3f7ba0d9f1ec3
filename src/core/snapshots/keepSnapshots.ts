/**
 * After a screenshot: downloads each result's PNG and keeps it in the snapshot store, a few at once,
 * with progress and cancellation. It never throws: each result gets an outcome, kept or failed with a
 * reason, so a failed download never fails the screenshot. Pure Node: no `vscode`; the downloader is
 * injected (in the product: src/core/api/download.ts's downloadPng with the proxy-aware dispatcher, streaming
 * to a file of the store: whatever the PNGs' sizes, only the streams' chunks are in memory at once).
 * The cap is applied as it goes (`trim`), not once after a deck of a thousand PNGs.
 */
import { rm, stat } from 'node:fs/promises';
import { readPngSize } from '../api/png';
import { keepFailureReason, type KeepFailureCode, type KeepFailureFacts } from './keepReasons';
import type { StoredSnapshot } from './snapshotStore';

/** The PNG in memory (`data`), or in a file the store takes (`file`, from the store's incomingFile()). */
export type FetchedPng = { data: Uint8Array; width?: number; height?: number; bytes?: number } | { file: string };

/**
 * Rejects with an error carrying `code` (the API's codes: forbidden, notFound, invalidResponse, network,
 * timeout, cancelled, invalidInput…) and `status` when the bucket answered; an optional `reason` of
 * 'notPng' or 'tooLarge' tells an invalidResponse apart.
 */
export type FetchPng = (url: string, options: { signal: AbortSignal; maxBytes: number }) => Promise<FetchedPng>;

export type KeptSnapshot = StoredSnapshot & { kind: 'kept'; /** epoch ms */ at: number };
export interface FailedSnapshot {
  kind: 'failed';
  code: KeepFailureCode;
  reason: string;
  status?: number;
}
export type KeepOutcome = KeptSnapshot | FailedSnapshot;

export interface KeepProgress {
  done: number;
  total: number;
  kept: number;
  failed: number;
}

export interface KeepOptions {
  fetchPng: FetchPng;
  /** putFile() for a downloader that gives files. */
  store: { put(bytes: Uint8Array): Promise<StoredSnapshot>; putFile?(file: string): Promise<StoredSnapshot> };
  /**
   * The cap while keeping: once `everyBytes` more were kept, run() trims the store; downloads that reach
   * the next `everyBytes` meanwhile wait for it. Failures of run() are its own (the keep goes on).
   */
  trim?: { everyBytes: number; run: () => Promise<unknown> };
  /** Downloads at once; default 4. */
  concurrency?: number;
  /** Per image; default 64 MiB. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Once at the start (done 0) and after each result. */
  onProgress?: (progress: KeepProgress) => void;
  /** Each result as soon as it is known (e.g. to record it in history before the rest are done). */
  onOutcome?: (index: number, outcome: KeepOutcome) => void;
  now?: () => number;
}

export const DEFAULT_CONCURRENCY = 4;
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

function failed(code: KeepFailureCode, facts: KeepFailureFacts = {}): FailedSnapshot {
  return { kind: 'failed', code, reason: keepFailureReason(code, facts), ...(facts.status === undefined ? {} : { status: facts.status }) };
}

function systemCodeOf(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z0-9_]+$/.test(code)) return code;
  }
  return undefined;
}

/** A download failure as a reason (by code, never by message). */
function downloadFailure(err: unknown, maxBytes: number): FailedSnapshot {
  const e = (err ?? {}) as { code?: unknown; status?: unknown; reason?: unknown };
  const status = typeof e.status === 'number' ? e.status : undefined;
  if (status === 403 || e.code === 'forbidden') return failed('forbidden', { status: 403 });
  if (status === 404 || e.code === 'notFound') return failed('notFound', { status: 404 });
  if (status !== undefined) return failed('httpStatus', { status });
  switch (e.code) {
    case 'cancelled':
      return failed('cancelled');
    case 'timeout':
      return failed('timeout');
    case 'invalidInput':
      return failed('invalidUrl');
    case 'invalidResponse':
      return e.reason === 'notPng' ? failed('notPng') : e.reason === 'tooLarge' ? failed('tooLarge', { maxBytes }) : failed('invalidImage', { maxBytes });
    case 'unauthorized':
    case 'badRequest':
    case 'serverError':
      return failed('httpStatus', {});
    default: {
      const systemCode = systemCodeOf(err);
      return failed('network', systemCode ? { systemCode } : {});
    }
  }
}

function isDownloadableUrl(url: unknown): url is string {
  if (typeof url !== 'string') return false;
  try {
    const { protocol } = new URL(url);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Downloads and keeps one result; never throws. */
async function keepOne(url: unknown, options: KeepOptions, maxBytes: number, signal: AbortSignal): Promise<KeepOutcome> {
  if (!isDownloadableUrl(url)) return failed('invalidUrl');
  if (signal.aborted) return failed('cancelled');
  let png: FetchedPng;
  try {
    png = await options.fetchPng(url, { signal, maxBytes });
  } catch (err) {
    return signal.aborted ? failed('cancelled') : downloadFailure(err, maxBytes);
  }
  // The injected downloader is not trusted to have checked, nor to give an object (`in` throws on a string).
  const given = typeof png === 'object' && png !== null ? png : undefined;
  if (given && 'file' in given && typeof given.file === 'string') return keepFile(given.file, options, maxBytes, signal);
  if (signal.aborted) return failed('cancelled');
  const data = given && 'data' in given ? given.data : undefined;
  if (!(data instanceof Uint8Array) || !readPngSize(data)) return failed('notPng');
  if (data.length > maxBytes) return failed('tooLarge', { maxBytes });
  try {
    const stored = await options.store.put(data);
    return { kind: 'kept', ...stored, at: (options.now ?? Date.now)() };
  } catch (err) {
    const systemCode = systemCodeOf(err);
    return failed('storeFailed', systemCode ? { systemCode } : {});
  }
}

/** Hands a downloaded file to the store (which moves it in); it is removed whatever happens. */
async function keepFile(file: string, options: KeepOptions, maxBytes: number, signal: AbortSignal): Promise<KeepOutcome> {
  try {
    if (signal.aborted) return failed('cancelled');
    if ((await stat(file)).size > maxBytes) return failed('tooLarge', { maxBytes });
    if (!options.store.putFile) return failed('storeFailed');
    const stored = await options.store.putFile(file);
    return { kind: 'kept', ...stored, at: (options.now ?? Date.now)() };
  } catch (err) {
    if ((err as { code?: unknown }).code === 'invalidInput') return failed('notPng');
    const systemCode = systemCodeOf(err);
    return failed('storeFailed', systemCode ? { systemCode } : {});
  } finally {
    await rm(file, { force: true }).catch(() => {});
  }
}

/**
 * Keeps the PNG of each result; resolves to one outcome per result, in the same order. Cancelling (the
 * signal) stops what is in flight and marks what is left `cancelled`; what was kept stays kept.
 */
export async function keepSnapshots(results: readonly { url: string }[], options: KeepOptions): Promise<KeepOutcome[]> {
  const list = Array.isArray(results) ? results : [];
  const total = list.length;
  const concurrency = Math.max(1, Math.floor(Number(options.concurrency ?? DEFAULT_CONCURRENCY)) || DEFAULT_CONCURRENCY);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  // Our own controller, so that one abort reaches every download in flight, whatever the caller passed.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  if (options.signal?.aborted) stop.abort();
  else options.signal?.addEventListener('abort', onAbort, { once: true });

  const outcomes: KeepOutcome[] = new Array<KeepOutcome>(total);
  const progress: KeepProgress = { done: 0, total, kept: 0, failed: 0 };
  // A listener that throws must not lose the outcomes.
  const tell = (index?: number): void => {
    try {
      if (index !== undefined) options.onOutcome?.(index, outcomes[index]!);
    } catch {
      /* the caller's problem, not the download's */
    }
    try {
      options.onProgress?.({ ...progress });
    } catch {
      /* idem */
    }
  };
  tell();
  // The cap as it goes: bytes kept since the last trim, and the trim running now.
  let sinceTrim = 0;
  let trimming: Promise<void> | undefined;
  const afterKept = async (bytes: number): Promise<void> => {
    if (!options.trim) return;
    sinceTrim += bytes;
    if (sinceTrim < options.trim.everyBytes) return;
    if (!trimming) {
      sinceTrim = 0;
      const run = options.trim.run;
      trimming = (async () => {
        try {
          await run();
        } catch {
          /* the trimmer's to report; the keep goes on */
        }
      })().finally(() => (trimming = undefined));
    }
    await trimming;
  };
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      let outcome: KeepOutcome;
      try {
        outcome = await keepOne(list[index]?.url, options, maxBytes, stop.signal);
      } catch {
        outcome = failed('network');
      }
      outcomes[index] = outcome;
      progress.done++;
      if (outcome.kind === 'kept') progress.kept++;
      else progress.failed++;
      tell(index);
      if (outcome.kind === 'kept') await afterKept(outcome.bytes);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
    await trimming;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  return outcomes;
}
