import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ThumbnailJob, ThumbnailReply } from './thumbnailWorker';

export interface ThumbnailResult {
  png: Uint8Array;
  width: number;
  height: number;
}

/** Beside the bundle (dist/) and in the transpiled tree (out/src/core/images/) alike. */
function defaultWorkerFile(): string {
  return path.join(__dirname, 'thumbnailWorker.js');
}

/**
 * Makes thumbnails in one worker thread, started on the first call and stopped after `idleMs` without work
 * (a hover's thumbnail is made once per snapshot, then cached by its hash by the caller).
 */
export class ThumbnailClient {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { resolve(r: ThumbnailResult): void; reject(e: Error): void }>();
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  starts = 0;

  constructor(private readonly workerFile: string = defaultWorkerFile(), private readonly idleMs = 30_000) {}

  make(png: Uint8Array, maxWidth: number, maxHeight: number): Promise<ThumbnailResult> {
    clearTimeout(this.idleTimer);
    const worker = this.start();
    const id = this.nextId++;
    return new Promise<ThumbnailResult>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, png, maxWidth, maxHeight } satisfies ThumbnailJob);
    });
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    this.starts++;
    const worker = new Worker(this.workerFile, { resourceLimits: { maxOldGenerationSizeMb: 256 } });
    worker.unref();
    worker.on('message', (reply: ThumbnailReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (reply.ok) p.resolve({ png: reply.png, width: reply.width, height: reply.height });
      else p.reject(new Error(reply.message));
      if (this.pending.size === 0) this.idleSoon();
    });
    const fail = (err: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the thumbnail worker stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private idleSoon(): void {
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.dispose(), this.idleMs);
    this.idleTimer.unref?.();
  }

  dispose(): void {
    clearTimeout(this.idleTimer);
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
  }
}
