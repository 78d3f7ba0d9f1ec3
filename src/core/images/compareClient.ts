import * as os from 'node:os';
import * as path from 'node:path';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import { SceneSnapError, type ErrorCode } from '../api/errors';
import { checkThreshold } from './options';
import { compareMemoryBytes } from './memoryBudget';
import { readPngHeader, type PngHeader } from './pngHeader';
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

const MIB = 1024 * 1024;

/**
 * How many comparisons run at once: one worker thread per core the machine offers
 * (os.availableParallelism), at most 4 (a fifth core buys little next to a fifth worker's memory), at
 * least 1.
 */
export function defaultPoolSize(): number {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(1, Math.min(4, cores));
}

/**
 * How much lower a compare worker thread runs than the thread that started it (Linux nice levels, set by
 * the worker on itself: on Linux a thread's priority is its own). A compare is background work: with every
 * core busy decoding, the extension host's event loop (or the command line's downloads) still gets the CPU
 * when it wakes, instead of waiting behind its own workers. Other platforms set the priority of the whole
 * process, so there the workers run as they are.
 */
export const COMPARE_WORKER_NICE = 10;

/** A worker with nothing to do is ended after this long (its next call starts a new one, ~50 ms). */
export const COMPARE_WORKER_IDLE_MS = 30_000;

/**
 * The most bytes of pixels (memoryBudget.ts) the running comparisons may hold together: a second huge pair
 * waits for the first instead of doubling the peak. One comparison always runs, whatever its size (its own
 * budget is the call's maxBytes).
 */
export const COMPARE_POOL_MAX_BYTES = 1024 * MIB;

export interface ComparePoolOptions {
  /** Worker threads at most (default defaultPoolSize()). */
  size?: number;
  /** Milliseconds an idle worker is kept (default COMPARE_WORKER_IDLE_MS). */
  idleMs?: number;
  /** Bytes of pixels the running comparisons may hold together (default COMPARE_POOL_MAX_BYTES). */
  maxBytesAtOnce?: number;
  /**
   * How much lower than the caller the workers run (Linux nice levels; default COMPARE_WORKER_NICE). The
   * command line sets 0: it has no editor to keep responsive, and niced workers lose the CPU to every
   * other job on a shared machine.
   */
  nice?: number;
}

interface Pending {
  job: Omit<CompareJob, 'a' | 'b'>;
  /** The caller's bytes, copied (or taken over) only when the job is sent: queued calls hold no copies. */
  input: { a: Uint8Array; b: Uint8Array; transfer: boolean };
  /** compareMemoryBytes of the pair, for the pool's budget. */
  bytes: number;
  resolve(result: ClientResult): void;
  reject(err: Error): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/** One worker thread of the pool and the call it is running, if any. */
interface Slot {
  worker: Worker;
  running?: Pending;
  idleTimer?: NodeJS.Timeout;
}

/** Beside the bundle (dist/) and in the transpiled tree (out/src/core/images/) alike. */
function defaultWorkerFile(): string {
  return path.join(__dirname, 'compareWorker.js');
}

const cancelled = (): SceneSnapError => new SceneSnapError('cancelled', l10n.t('The comparison was cancelled.'));
const stopped = (): SceneSnapError => new SceneSnapError('cancelled', l10n.t('The comparison was stopped: Scene Snap is shutting down.'));

/**
 * Runs comparisons in a pool of worker threads (defaultPoolSize(): one per core, bounded), started as calls
 * need them and ended after idleMs without work; calls made at once run in parallel, one per worker, the
 * rest queue. Only PNG bytes go in (transferred) and only numbers, boxes and the optional mask
 * (transferred) come out: decoding and pixel work never run on the caller's thread. Byte-identical PNGs
 * are equal without a worker.
 *
 * Cancelling a queued call drops it; cancelling a running one terminates its worker (its pixel loop cannot
 * be interrupted otherwise), and a later call starts a new one. A worker that dies rejects the call it was
 * running with a CompareWorkerError (code compareFailed); the other workers go on, and calls still queued
 * run in a new worker.
 */
export class CompareClient {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private starts = 0;
  private disposed = false;
  readonly poolSize: number;
  private readonly idleMs: number;
  private readonly maxBytesAtOnce: number;
  private readonly nice: number;

  /**
   * `bundle`: the extension's translation (vscode.l10n.bundle), handed to the workers so they word their
   * errors the same. `resourceLimits`: each worker's heap limits (tests set small ones). `pool`: its size,
   * idle time and memory budget (tests, the command line).
   */
  constructor(
    private readonly workerFile: string = defaultWorkerFile(),
    private readonly bundle?: Record<string, string>,
    readonly resourceLimits: Readonly<ResourceLimits> = COMPARE_WORKER_LIMITS,
    pool: ComparePoolOptions = {},
  ) {
    this.poolSize = Math.max(1, Math.floor(pool.size ?? defaultPoolSize()));
    this.idleMs = pool.idleMs ?? COMPARE_WORKER_IDLE_MS;
    this.maxBytesAtOnce = pool.maxBytesAtOnce ?? COMPARE_POOL_MAX_BYTES;
    this.nice = pool.nice ?? COMPARE_WORKER_NICE;
  }

  /** How many worker threads this client has started (tests, diagnostics). */
  get workerStarts(): number {
    return this.starts;
  }

  /** Whether any worker thread is alive. */
  get workerAlive(): boolean {
    return this.slots.length > 0;
  }

  /** Worker threads alive now, busy or idle. */
  get workersAlive(): number {
    return this.slots.length;
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
    const withMask = options.withMask === true;
    // The same bytes are the same pixels: nothing to decode (a native compare of the compressed bytes).
    if (sameBytes(a as Uint8Array, b as Uint8Array)) return identical(headerA, withMask);
    const input = { a: a as Uint8Array, b: b as Uint8Array, transfer: options.transfer === true };
    const job = { id: this.nextId++, threshold, withMask };
    return new Promise<ClientResult>((resolve, reject) => {
      const pending: Pending = { job, input, bytes: needs, resolve, reject };
      if (signal) {
        pending.signal = signal;
        pending.onAbort = () => this.abort(pending);
        signal.addEventListener('abort', pending.onAbort, { once: true });
      }
      this.queue.push(pending);
      this.pump();
    });
  }

  /** Stops the workers; calls running or waiting reject as cancelled. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const waiting = [...this.slots.flatMap((s) => (s.running ? [s.running] : [])), ...this.queue.splice(0)];
    for (const slot of [...this.slots]) this.stop(slot);
    for (const p of waiting) settle(p, stopped());
  }

  /** Starts queued calls on idle workers, starting workers up to poolSize, within the memory budget. */
  private pump(): void {
    if (this.disposed) return;
    while (this.queue.length > 0) {
      const held = this.slots.reduce((sum, s) => sum + (s.running?.bytes ?? 0), 0);
      const next = this.queue[0]!;
      if (held > 0 && held + next.bytes > this.maxBytesAtOnce) return;
      let slot = this.slots.find((s) => !s.running);
      if (!slot) {
        if (this.slots.length >= this.poolSize) return;
        try {
          slot = this.startWorker();
        } catch (err) {
          this.queue.shift();
          settle(next, new CompareWorkerError(l10n.t('The image comparison worker could not start: {0}', err instanceof Error ? err.message : String(err))));
          continue;
        }
      }
      this.queue.shift();
      this.run(slot, next);
    }
  }

  private run(slot: Slot, next: Pending): void {
    clearTimeout(slot.idleTimer);
    slot.idleTimer = undefined;
    slot.running = next;
    try {
      slot.worker.ref(); // keep a Node process alive while a comparison is due; idle, a worker holds nothing
      const { a, b, transfer } = next.input;
      const ownA = own(a, transfer);
      const ownB = own(b, transfer && ownA.buffer !== b.buffer);
      const job: CompareJob = { ...next.job, a: ownA, b: ownB };
      slot.worker.postMessage(job, [ownA.buffer as ArrayBuffer, ownB.buffer as ArrayBuffer]);
    } catch (err) {
      this.stop(slot);
      settle(next, new CompareWorkerError(l10n.t('The image comparison worker could not start: {0}', err instanceof Error ? err.message : String(err))));
    }
  }

  private startWorker(): Slot {
    const worker = new Worker(this.workerFile, { workerData: { bundle: this.bundle, nice: this.nice }, resourceLimits: { ...this.resourceLimits } });
    this.starts++;
    worker.unref();
    const slot: Slot = { worker };
    worker.on('message', (reply: CompareReply) => this.onReply(slot, reply));
    worker.on('error', (err: Error & { code?: string }) =>
      this.onDeath(slot, err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? l10n.t('it ran out of memory (its limit is {0} MB)', this.resourceLimits.maxOldGenerationSizeMb ?? '?') : err.message));
    worker.on('exit', (code) => this.onDeath(slot, l10n.t('it exited with code {0}', code)));
    this.slots.push(slot);
    return slot;
  }

  private onReply(slot: Slot, reply: CompareReply): void {
    const p = slot.running;
    if (!this.slots.includes(slot) || !p || reply.id !== p.job.id) return;
    slot.running = undefined;
    slot.worker.unref();
    this.idle(slot);
    if (reply.ok) settle(p, undefined, reply.result);
    else if (reply.error.code) settle(p, new SceneSnapError(reply.error.code as ErrorCode, reply.error.message));
    // Not about the images (a failed allocation, a bug): the comparison could not run.
    else settle(p, new CompareWorkerError(l10n.t('The image comparison failed: {0}', reply.error.message)));
    this.pump();
  }

  /** An idle worker is ended after idleMs unless a call takes it first (the timer holds no process open). */
  private idle(slot: Slot): void {
    slot.idleTimer = setTimeout(() => {
      if (!slot.running) this.stop(slot);
    }, this.idleMs);
    slot.idleTimer.unref();
  }

  /** 'error' and then 'exit' both arrive for one death; a worker stopped on purpose is already forgotten. */
  private onDeath(slot: Slot, why: string): void {
    if (!this.slots.includes(slot)) return;
    const p = slot.running;
    this.forget(slot);
    if (p) settle(p, new CompareWorkerError(l10n.t('The image comparison worker stopped unexpectedly ({0}); the next comparison starts a new one.', why)));
    this.pump();
  }

  private abort(p: Pending): void {
    const slot = this.slots.find((s) => s.running === p);
    if (slot) {
      this.stop(slot);
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

  private forget(slot: Slot): void {
    clearTimeout(slot.idleTimer);
    slot.running = undefined;
    const at = this.slots.indexOf(slot);
    if (at >= 0) this.slots.splice(at, 1);
  }

  private stop(slot: Slot): void {
    this.forget(slot);
    void slot.worker.terminate();
  }
}

function settle(p: Pending, err: Error | undefined, result?: ClientResult): void {
  if (p.signal && p.onAbort) p.signal.removeEventListener('abort', p.onAbort);
  if (err) p.reject(err);
  else p.resolve(result!);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  return a === b || Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

/** What a comparison of a picture with itself gives: nothing changed, no boxes, an all-`same` mask. */
function identical(size: PngHeader, withMask: boolean): ClientResult {
  const result: ClientResult = { width: size.width, height: size.height, changedPixels: 0, changedRatio: 0, boxes: [], sizeChanged: false };
  if (withMask) result.mask = new Uint8Array(size.width * size.height);
  return result;
}

/** Bytes the client may transfer: the caller's own array when it was given up whole, else a copy. */
function own(bytes: Uint8Array, transfer: boolean): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
  if (transfer && whole && !(bytes instanceof Buffer)) return bytes;
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return copy;
}
