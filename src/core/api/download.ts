/**
 * Downloads a screenshot PNG from its bucket URL: streamed to a file (or into memory for the clipboard),
 * checked to be a PNG, with a size limit, a deadline and cancellation. Pure Node: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { randomBytes } from 'node:crypto';
import type { WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import * as path from 'node:path';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { getGlobalDispatcher, interceptors, type Dispatcher } from './undici';
import { SceneSnapError, withoutCredentials } from './errors';
import { PNG_SIGNATURE, readPngSize } from './png';

export { PNG_SIGNATURE, readPngSize };

export interface DownloadOptions {
  /** The whole download, headers and body. Default 60 s. */
  timeoutMs?: number;
  /** Default 64 MiB: a 10000×10000 screenshot stays well below. */
  maxBytes?: number;
  signal?: AbortSignal;
  /** Default undici's global dispatcher; pass the proxy-aware one to honour the proxy settings. */
  dispatcher?: Dispatcher;
}

export interface PngInfo {
  width: number;
  height: number;
  bytes: number;
}

/** A URL for messages: no query (bucket URLs can be signed), and not endless. */
function shortUrl(url: URL): string {
  const text = `${url.origin}${url.pathname}`;
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

class Stop extends Error {
  constructor(readonly kind: 'timeout' | 'cancelled') {
    super(kind);
  }
}

/** Passes the body through while checking the signature, reading the size and enforcing the limit. */
class PngCheck extends Transform {
  private head = Buffer.alloc(0);
  size: { width: number; height: number } | undefined;
  bytes = 0;

  constructor(private readonly maxBytes: number, private readonly where: string) {
    super();
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    if (this.bytes > this.maxBytes) {
      done(tooLarge(this.where, this.maxBytes));
      return;
    }
    if (!this.size) {
      this.head = Buffer.concat([this.head, chunk]);
      const prefix = this.head.subarray(0, Math.min(8, this.head.length));
      if (!prefix.equals(PNG_SIGNATURE.subarray(0, prefix.length))) {
        done(new SceneSnapError('invalidResponse', l10n.t('{0} is not a PNG image (it does not start with the PNG signature).', this.where)));
        return;
      }
      if (this.head.length >= 24) {
        this.size = readPngSize(this.head);
        if (!this.size) {
          done(new SceneSnapError('invalidResponse', l10n.t('{0} is not a valid PNG image (no IHDR header).', this.where)));
          return;
        }
        this.head = Buffer.alloc(0);
      }
    }
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.size ? null : new SceneSnapError('invalidResponse', l10n.t('{0} is not a PNG image ({1} bytes, too short).', this.where, this.bytes)));
  }
}

function statusError(status: number, where: string): SceneSnapError {
  const code = status === 404 ? 'notFound' : status === 403 ? 'forbidden' : status === 401 ? 'unauthorized' : status === 400 ? 'badRequest' : 'serverError';
  const message =
    status === 403 || status === 404
      ? l10n.t('Downloading {0} failed: the server answered {1}. The bucket may not allow public reads, or the object was removed.', where, status)
      : l10n.t('Downloading {0} failed: the server answered {1}.', where, status);
  return new SceneSnapError(code, message, { status });
}

function tooLarge(where: string, maxBytes: number): SceneSnapError {
  return new SceneSnapError('invalidResponse', l10n.t('{0} is larger than {1} MiB; not downloaded.', where, Math.round(maxBytes / 1024 / 1024)));
}

/** Streams the PNG at `url` into `sink`; resolves once the sink has everything. */
async function streamPng(rawUrl: string, sink: Writable, options: DownloadOptions): Promise<PngInfo> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new SceneSnapError('invalidInput', l10n.t('The image URL is not a valid URL.'));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new SceneSnapError('invalidInput', l10n.t('Only http and https image URLs can be downloaded, not {0}', url.protocol));
  }
  const where = shortUrl(url);
  // Failures of the sink (disk full, permissions) are not network failures: the caller words those.
  let sinkError: unknown;
  sink.once('error', (e) => (sinkError = e));
  if (options.signal?.aborted) throw new SceneSnapError('cancelled', l10n.t('Downloading {0} was cancelled.', where));
  const timeoutMs = options.timeoutMs ?? 60_000;
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(new Stop('timeout')), timeoutMs);
  const onCancel = (): void => stop.abort(new Stop('cancelled'));
  options.signal?.addEventListener('abort', onCancel, { once: true });
  // Buckets may answer with a redirect (a CDN, a regional endpoint).
  const dispatcher = (options.dispatcher ?? getGlobalDispatcher()).compose(interceptors.redirect({ maxRedirections: 5 }));
  try {
    const response = await dispatcher.request({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', signal: stop.signal, headers: { accept: 'image/png' } });
    // Bodies we will not read are dumped (destroying one would raise an unhandled abort error).
    const discard = (): void => void response.body.dump().catch(() => {});
    if (response.statusCode < 200 || response.statusCode > 299) {
      discard();
      throw statusError(response.statusCode, where);
    }
    const length = Number(response.headers['content-length']);
    const maxBytes = options.maxBytes ?? 64 * 1024 * 1024;
    const check = new PngCheck(maxBytes, where);
    if (Number.isFinite(length) && length > maxBytes) {
      discard();
      throw tooLarge(where, maxBytes);
    }
    await pipeline(response.body, check, sink, { signal: stop.signal });
    return { ...check.size!, bytes: check.bytes };
  } catch (err) {
    const reason: unknown = stop.signal.reason;
    if (reason instanceof Stop && reason.kind === 'cancelled') throw new SceneSnapError('cancelled', l10n.t('Downloading {0} was cancelled.', where));
    if (reason instanceof Stop) throw new SceneSnapError('timeout', l10n.t('Downloading {0} took longer than {1} s.', where, Math.round(timeoutMs / 1000)));
    if (err instanceof SceneSnapError || (sinkError !== undefined && err === sinkError)) throw err;
    const code = (err as { code?: unknown }).code ?? (err as { cause?: { code?: unknown } }).cause?.code;
    const detail = withoutCredentials(err instanceof Error ? err.message : String(err));
    const said = typeof code === 'string' && !detail.includes(code) ? `${detail} (${code})` : detail;
    throw new SceneSnapError('network', l10n.t('Could not download {0}: {1}.', where, said), { cause: err });
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onCancel);
  }
}

/**
 * Streams the PNG at `url` to `file`. Written to a temporary file beside it and renamed at the end, so a
 * failed or cancelled download never leaves half a PNG (nor clobbers an existing file).
 */
export async function downloadPng(url: string, file: string, options: DownloadOptions = {}): Promise<PngInfo> {
  const partial = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.part`);
  let out: WriteStream | undefined;
  try {
    // Opened before the request, so a folder that cannot be written fails at once, with its own message.
    out = (await open(partial, 'wx')).createWriteStream();
    const info = await streamPng(url, out, options);
    await rename(partial, file);
    return info;
  } catch (err) {
    // A failure before the body flowed leaves the stream (and its file handle) open: close it first.
    if (out && !out.closed) await new Promise<void>((resolve) => out!.once('close', () => resolve()).destroy());
    await rm(partial, { force: true });
    if (err instanceof SceneSnapError) throw err;
    const detail = err instanceof Error ? err.message : String(err);
    throw new SceneSnapError('invalidInput', l10n.t('Could not write {0}: {1}', file, detail), { cause: err });
  }
}

/** The PNG at `url` in memory (for the clipboard): same checks as downloadPng. */
export async function fetchPng(url: string, options: DownloadOptions = {}): Promise<PngInfo & { data: Buffer }> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const info = await streamPng(url, sink, options);
  return { ...info, data: Buffer.concat(chunks) };
}
