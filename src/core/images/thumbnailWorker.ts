// The thumbnail worker thread (bundled on its own as dist/thumbnailWorker.js): decoding a screenshot and
// shrinking it for a hover happen here, so the extension host's event loop never waits on them.
import { parentPort } from 'node:worker_threads';
import { makeThumbnail } from './thumbnail';

export interface ThumbnailJob {
  id: number;
  png: Uint8Array;
  maxWidth: number;
  maxHeight: number;
}

export type ThumbnailReply = { id: number; ok: true; png: Uint8Array; width: number; height: number } | { id: number; ok: false; message: string };

const port = parentPort;
if (!port) throw new Error('thumbnailWorker.js runs only as a worker thread');
port.on('message', (job: ThumbnailJob) => {
  try {
    const t = makeThumbnail(job.png, job.maxWidth, job.maxHeight);
    port.postMessage({ id: job.id, ok: true, png: t.png, width: t.width, height: t.height } satisfies ThumbnailReply, [t.png.buffer as ArrayBuffer]);
  } catch (err) {
    port.postMessage({ id: job.id, ok: false, message: err instanceof Error ? err.message : String(err) } satisfies ThumbnailReply);
  }
});
