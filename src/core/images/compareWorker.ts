// The worker thread of a compare (bundled on its own as dist/compareWorker.js): decoding and pixel work
// happen here so that the extension host's event loop never waits on them. One job at a time.
import * as os from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import * as l10n from '@vscode/l10n';
import { isSceneSnapError } from '../api/errors';
import { decodePng } from './decodePng';
import { diffImages } from './diffImages';
import type { CompareJob, CompareReply } from './protocol';

const port = parentPort;
if (!port) throw new Error('compareWorker.js runs only as a worker thread');
const data = workerData as { bundle?: Record<string, string>; nice?: number } | undefined;
// The extension's translation (CompareClient passes vscode.l10n.bundle): this thread's own @vscode/l10n.
if (data?.bundle) l10n.config({ contents: data.bundle });
// Background work (COMPARE_WORKER_NICE): on Linux, setpriority(0) is this thread's alone; elsewhere it
// would be the whole process's, so it is left alone there.
if (data?.nice && process.platform === 'linux') {
  try {
    os.setPriority(Math.min(19, os.getPriority() + data.nice));
  } catch {
    // Not allowed here (a sandbox): the compare runs at the caller's priority.
  }
}

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
