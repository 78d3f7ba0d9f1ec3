// A compare worker that dies on cue, for the client's crash tests: the real worker
// (src/core/images/compareWorker.ts), except that a job with threshold 0.777 throws an uncaught error and one
// with 0.778 ends the thread with exit code 9, 0.779 makes the job fail as a failed allocation does (a
// plain RangeError, replied like any error) and 0.78 fills the JS heap until the thread's resourceLimits
// end it, before the real worker sees the job; 0.5 holds the thread for 300 ms and answers an empty
// comparison with when it ran and on which thread (the pool tests observe parallelism with it).
import { parentPort, threadId, type MessagePort } from 'node:worker_threads';

const port = parentPort!;
const on = port.on.bind(port);
port.on = ((event: string, listener: (job: { threshold: number }) => void) =>
  on(event, (job: { threshold: number }) => {
    if (event === 'message' && job.threshold === 0.777) throw new Error('planted crash');
    if (event === 'message' && job.threshold === 0.778) process.exit(9);
    if (event === 'message' && job.threshold === 0.779) {
      port.postMessage({ id: (job as { id?: number }).id, ok: false, error: { message: 'Array buffer allocation failed' } });
      return;
    }
    if (event === 'message' && job.threshold === 0.5) {
      const startedAt = Date.now();
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300);
      const result = { width: 1, height: 1, changedPixels: 0, changedRatio: 0, boxes: [], sizeChanged: false, startedAt, endedAt: Date.now(), threadId };
      port.postMessage({ id: (job as { id?: number }).id, ok: true, result });
      return;
    }
    if (event === 'message' && job.threshold === 0.78) {
      const hoard: unknown[] = [];
      for (let i = 0; ; i++) hoard.push({ i, text: `row ${i}`, cells: [i, i + 1, i + 2] });
    }
    listener(job);
  })) as MessagePort['on'];
require('../../../src/core/images/compareWorker');
