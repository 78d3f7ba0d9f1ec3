// The worker thread of a compare (bundled on its own as dist/compareWorker.js): decoding and pixel work
// happen here so that the extension host's event loop never waits on them. One job at a time.
import { parentPort, workerData } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import { isSceneSnapError } from '../api/errors';
import { decodePng } from './decodePng';
import { diffImages } from './diffImages';
import type { CompareJob, CompareReply } from './protocol';

const port = parentPort;
if (!port) throw new Error('compareWorker.js runs only as a worker thread');
// The extension's translation (CompareClient passes vscode.l10n.bundle): this thread's own @vscode/l10n.
const bundle = (workerData as { bundle?: Record<string, string> } | undefined)?.bundle;
if (bundle) l10n.config({ contents: bundle });

port.on('message', (job: CompareJob) => {
  let reply: CompareReply;
  const transfer: ArrayBuffer[] = [];
  try {
    const a = decodePng(job.a, l10n.t('image a'));
    const b = decodePng(job.b, l10n.t('image b'));
    const { mask, ...numbers } = diffImages(a, b, { threshold: job.threshold });
    reply = { id: job.id, ok: true, result: job.withMask ? { ...numbers, mask } : numbers };
    if (job.withMask) transfer.push(mask.buffer as ArrayBuffer);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    reply = { id: job.id, ok: false, error: isSceneSnapError(err) ? { message, code: err.code } : { message } };
  }
  port.postMessage(reply, transfer);
});
