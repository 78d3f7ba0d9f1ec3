import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import { SceneSnapError, type ErrorCode } from '../api/errors';
import { checkThreshold } from './options';
import { compareMemoryBytes } from './memoryBudget';
import { readPngHeader } from './pngHeader';
import type { CompareJob, CompareReply } from './protocol';
import type { CompareResult } from './types';

export interface CompareCallOptions {
  threshold?: number;
  signal?: AbortSignal;
  /** Also send back the mask (types.ts, MaskValue) for a difference view. */
  withMask?: boolean;
  /**
   * The caller gives `a` and `b` up: arrays that span their whole buffer are transferred as they are and
   * left detached. Without it the client copies the compressed bytes (small next to the pixels) when the
   * comparison starts and transfers the copies, so the caller's arrays stay usable. Either way the arrays
   * are read when the comparison starts, not when it is queued: leave them unchanged until it settles.
   */
  transfer?: boolean;
  /**
   * The most bytes of pixels the comparison may hold (memoryBudget.ts, from the two headers); a larger pair
   * rejects with compareFailed before the worker sees it. None by default: the user asked for that compare.
   */
  maxBytes?: number;
}

export type ClientResult = CompareResult & { mask?: Uint8Array };

/**
 * A comparison that could not run: the worker thread died (an uncaught error, out of memory, an exit), could
 * not start, or failed in a way that says nothing about the images. Code `compareFailed` (DESIGN.md); its
 * name stays SceneSnapError so that callers testing isSceneSnapError see the code.
 */
export class CompareWorkerError extends SceneSnapError {
  constructor(message: string) {
    super('compareFailed', message);
  }
}

/**
 * The worker's V8 heap limits: a comparison that outgrows them ends the worker (ERR_WORKER_OUT_OF_MEMORY,
 * reported as compareFailed), not the extension host it shares a process with. The pixels themselves are
 * ArrayBuffers, outside this heap (their allocation fails as a RangeError in the worker, also compareFailed);
 * what the heap holds is boxes and bookkeeping, a few MB for a whiteboard, far more for a noise image.
 */
export const COMPARE_WORKER_LIMITS: Readonly<ResourceLimits> = Object.freeze({ maxOldGenerationSizeMb: 512, maxYoungGenerationSizeMb: 48 });

interface Pending {
  job: Omit<CompareJob, 'a' | 'b'>;
  /** The caller's bytes, copied (or taken over) only when the job is sent: queued calls hold no copies. */
  input: { a: Uint8Array; b: Uint8Array; transfer: boolean };
  resolve(result: ClientResult): void;
  reject(err: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** Beside the bundle (dist/) and in the transpiled tree (out/src/core/images/) alike. */
function defaultWorkerFile(): string {
  return path.join(__dirname, 'compareWorker.js');
}

const MIB = 1024 * 1024;
const cancelled = (): SceneSnapError => new SceneSnapError('cancelled', l10n.t('The comparison was cancelled.'));
const stopped = (): SceneSnapError => new SceneSnapError('cancelled', l10n.t('The comparison was stopped: Scene Snap is shutting down.'));

/**
 * Runs comparisons in one worker thread, started on the first call and reused; calls queue and run one at
 * a time. Only PNG bytes go in (transferred) and only numbers, boxes and the optional mask (transferred)
 * come out: decoding and pixel work never run on the caller's thread.
 *
 * Cancelling a queued call drops it; cancelling the running one terminates the worker (its pixel loop
 * cannot be interrupted otherwise), and the next call starts a new one. A worker that dies rejects the call
 * it was running with a CompareWorkerError (code compareFailed); calls still queued go on in a new worker.
 */
export class CompareClient {
  private worker: Worker | undefined;
  private running: Pending | undefined;
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private starts = 0;
  private disposed = false;

  /**
   * `bundle`: the extension's translation (vscode.l10n.bundle), handed to the worker so it words its errors
   * the same. `resourceLimits`: the worker's heap limits (tests set small ones).
   */
  constructor(
    private readonly workerFile: string = defaultWorkerFile(),
    private readonly bundle?: Record<string, string>,
    readonly resourceLimits: Readonly<ResourceLimits> = COMPARE_WORKER_LIMITS,
  ) {}

  /** How many worker threads this client has started (tests, diagnostics). */
  get workerStarts(): number {
    return this.starts;
  }

  get workerAlive(): boolean {
    return this.worker !== undefined;
  }

  async compare(a: unknown, b: unknown, options: CompareCallOptions = {}): Promise<ClientResult> {
    if (this.disposed) throw stopped();
    // The cheap checks here: bytes that are not a PNG need no worker.
    const headerA = readPngHeader(a, l10n.t('image a'));
    const headerB = readPngHeader(b, l10n.t('image b'));
    const needs = compareMemoryBytes(headerA, headerB);
    if (options.maxBytes !== undefined && needs > options.maxBytes) {
      throw new CompareWorkerError(l10n.t('The images are too large to compare automatically: {0} × {1} and {2} × {3} pixels need about {4} MB (at most {5} MB); compare them by hand with Compare with Previous.',
        headerA.width, headerA.height, headerB.width, headerB.height, Math.ceil(needs / MIB), Math.floor(options.maxBytes / MIB)));
    }
    const threshold = checkThreshold(options.threshold);
    const { signal } = options;
    if (signal?.aborted) throw cancelled();
    const input = { a: a as Uint8Array, b: b as Uint8Array, transfer: options.transfer === true };
    const job = { id: this.nextId++, threshold, withMask: options.withMask === true };
    return new Promise<ClientResult>((resolve, reject) => {
      const pending: Pending = { job, input, resolve, reject };
      if (signal) {
        pending.signal = signal;
        pending.onAbort = () => this.abort(pending);
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Stops the worker; calls still waiting reject as cancelled. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopWorker();
    const waiting = [...(this.running ? [this.running] : []), ...this.queue.splice(0)];
    this.running = undefined;
    for (const p of waiting) settle(p, stopped());
  }

  private pump(): void {
    if (this.running || this.disposed) return;
    const next = this.queue.shift();
    if (!next) return;
    this.running = next;
    try {
      const worker = this.ensureWorker();
      worker.ref(); // keep a Node process alive while a comparison is due; idle, the worker holds nothing
      const { a, b, transfer } = next.input;
      const ownA = own(a, transfer);
      const ownB = own(b, transfer && ownA.buffer !== b.buffer);
      const job: CompareJob = { ...next.job, a: ownA, b: ownB };
      worker.postMessage(job, [ownA.buffer as ArrayBuffer, ownB.buffer as ArrayBuffer]);
    } catch (err) {
      this.running = undefined;
      this.stopWorker();
      settle(next, new CompareWorkerError(l10n.t('The image comparison worker could not start: {0}', err instanceof Error ? err.message : String(err))));
      this.pump();
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerFile, { workerData: { bundle: this.bundle }, resourceLimits: { ...this.resourceLimits } });
    this.starts++;
    worker.unref();
    worker.on('message', (reply: CompareReply) => this.onReply(worker, reply));
    worker.on('error', (err: Error & { code?: string }) =>
      this.onDeath(worker, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? l10n.t('it ran out of memory (its limit is {0} MB)', this.resourceLimits.maxOldGenerationSizeMb ?? '?') : err.message));
    worker.on('exit', (code) => this.onDeath(worker, l10n.t('it exited with code {0}', code)));
    this.worker = worker;
    return worker;
  }

  private onReply(worker: Worker, reply: CompareReply): void {
    const p = this.running;
    if (worker !== this.worker || !p || reply.id !== p.job.id) return;
    this.running = undefined;
    worker.unref();
    if (reply.ok) settle(p, undefined, reply.result);
    else if (reply.error.code) settle(p, new SceneSnapError(reply.error.code as ErrorCode, reply.error.message));
    // Not about the images (a failed allocation, a bug): the comparison could not run.
    else settle(p, new CompareWorkerError(l10n.t('The image comparison failed: {0}', reply.error.message)));
    this.pump();
  }

  /** 'error' and then 'exit' both arrive for one death; a worker stopped on purpose is already forgotten. */
  private onDeath(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    this.worker = undefined;
    const p = this.running;
    this.running = undefined;
    if (p) settle(p, new CompareWorkerError(l10n.t('The image comparison worker stopped unexpectedly ({0}); the next comparison starts a new one.', why)));
    this.pump();
  }

  private abort(p: Pending): void {
    if (p === this.running) {
      this.running = undefined;
      this.stopWorker();
      settle(p, cancelled());
      this.pump();
      return;
    }
    const at = this.queue.indexOf(p);
    if (at >= 0) {
      this.queue.splice(at, 1);
      settle(p, cancelled());
    }
  }

  private stopWorker(): void {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) void worker.terminate();
  }
}

function settle(p: Pending, err: Error | undefined, result?: ClientResult): void {
  if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
  if (err) p.reject(err);
  else p.resolve(result!);
}

/** Bytes the client may transfer: the caller's own array when it was given up whole, else a copy. */
function own(bytes: Uint8Array, transfer: boolean): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  if (transfer && whole && !(bytes instanceof Buffer)) return bytes;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
