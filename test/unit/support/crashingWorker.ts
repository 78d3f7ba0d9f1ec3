// A compare worker that dies on cue, for the client's crash tests: the real worker
// (src/compare/compareWorker.ts), except that a job with threshold 0.777 throws an uncaught error and one
// with 0.778 ends the thread with exit code 9, before the real worker sees the job.
import { parentPort, type MessagePort } from 'node:worker_threads';

const port = parentPort!;
const on = port.on.bind(port);
port.on = ((event: string, listener: (job: { threshold: number }) => void) =>
  on(event, (job: { threshold: number }) => {
    if (event === 'message' && job.threshold === 0.777) throw new Error('planted crash');
    if (event === 'message' && job.threshold === 0.778) process.exit(9);
    listener(job);
  })) as MessagePort['on'];
require('../../../src/compare/compareWorker');
