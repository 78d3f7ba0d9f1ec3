import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMPARE_WORKER_LIMITS, COMPARE_WORKER_NICE, CompareClient, CompareWorkerError, defaultPoolSize, type ComparePoolOptions } from '../../src/core/images/compareClient';
import { decodePng } from '../../src/core/images/decodePng';
import { AUTOMATIC_COMPARE_MAX_BYTES, compareMemoryBytes } from '../../src/core/images/memoryBudget';
import { diffImages } from '../../src/core/images/diffImages';
import { edited, encode, paint, solid, whiteboard } from '../support/pngs';

const crashingWorker = path.join(__dirname, 'support', 'crashingWorker.js');

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('CompareClient (comparisons in a real worker thread)', function () {
  this.timeout(30_000);
  const clients: CompareClient[] = [];
  const client = (file?: string, pool?: ComparePoolOptions): CompareClient => {
    const c = new CompareClient(file, undefined, undefined, pool);
    clients.push(c);
    return c;
  };
  afterEach(() => {
    for (const c of clients.splice(0)) c.dispose();
  });

  let pngA: Uint8Array;
  let pngB: Uint8Array;
  // Big enough that a compare is still running a moment after it was sent.
  let bigA: Uint8Array;
  let bigB: Uint8Array;
  before(() => {
    const board = whiteboard(480, 270, 21);
    pngA = encode(board);
    pngB = encode(edited(board, 22));
    const big = whiteboard(1920, 1080, 31);
    bigA = encode(big);
    bigB = encode(edited(big, 32));
  });

  it('gives the same result as decoding and diffing in-process, mask included', async () => {
    const expected = diffImages(decodePng(pngA), decodePng(pngB), { threshold: 0.2 });
    assert.ok(expected.changedPixels > 0 && expected.boxes.length > 0);
    const got = await client().compare(pngA, pngB, { threshold: 0.2, withMask: true });
    assert.deepEqual(got, expected);
  });

  it('sends back no mask unless asked, and leaves the caller’s arrays as they were', async () => {
    const a = new Uint8Array(pngA);
    const b = new Uint8Array(pngB);
    const got = await client().compare(a, b);
    assert.equal('mask' in got, false);
    assert.deepEqual(a, pngA);
    assert.deepEqual(b, pngB);
  });

  it('with transfer: true takes the caller’s buffers over instead of copying them', async () => {
    const a = new Uint8Array(pngA);
    const b = new Uint8Array(pngB);
    const got = await client().compare(a, b, { transfer: true });
    assert.equal(a.byteLength, 0, 'a was transferred (detached)');
    assert.equal(b.byteLength, 0, 'b was transferred (detached)');
    assert.equal(got.changedPixels, diffImages(decodePng(pngA), decodePng(pngB)).changedPixels);
    // The same array twice cannot be transferred twice: the second is copied.
    const same = new Uint8Array(pngA);
    assert.equal((await client().compare(same, same, { transfer: true })).changedPixels, 0);
  });

  it('with a pool of one, starts one worker lazily and reuses it; calls at once run in turn and all resolve', async () => {
    const c = client(undefined, { size: 1 });
    assert.equal(c.workerStarts, 0);
    const img = (n: number) => encode(paint(solid(64, 64, [255, 255, 255, 255]), n, n, 4, 4, [0, 0, 0, 255]));
    const results = await Promise.all([10, 20, 30, 40].map((n) => c.compare(img(0), img(n))));
    assert.deepEqual(results.map((r) => r.changedPixels), [32, 32, 32, 32]);
    assert.deepEqual(results.map((r) => r.boxes[1]), [10, 20, 30, 40].map((n) => ({ x: n, y: n, width: 4, height: 4 })));
    assert.equal(c.workerStarts, 1);
    await c.compare(pngA, pngB);
    assert.equal(c.workerStarts, 1);
  });

  type Timed = { startedAt: number; endedAt: number; threadId: number };
  const timed = (r: unknown): Timed => r as Timed;
  const overlap = (p: Timed, q: Timed): boolean => p.startedAt < q.endedAt && q.startedAt < p.endedAt;

  it('is sized to the machine: os.availableParallelism(), at least 1, at most 4', () => {
    const cores = require('node:os').availableParallelism() as number;
    assert.equal(defaultPoolSize(), Math.max(1, Math.min(4, cores)));
    assert.equal(new CompareClient().poolSize, defaultPoolSize());
  });

  it('runs calls made at once in parallel, one per worker up to the pool size; the rest wait for a free worker', async () => {
    const c = client(crashingWorker, { size: 2 });
    const [p, q, r] = (await Promise.all([1, 2, 3].map(() => c.compare(pngA, pngB, { threshold: 0.5 })))).map(timed);
    assert.ok(overlap(p!, q!), `the first two ran at once: ${JSON.stringify([p, q])}`);
    assert.notEqual(p!.threadId, q!.threadId);
    assert.ok(r!.startedAt >= Math.min(p!.endedAt, q!.endedAt), 'the third waited for a free worker');
    assert.equal(c.workerStarts, 2);
    assert.equal(c.workersAlive, 2);
  });

  it('its workers yield the CPU to the caller\'s thread (Linux: each worker thread niced, the caller\'s not)', async () => {
    const niceOfThreads = (): number[] =>
      readdirSync(`/proc/${process.pid}/task`).map((t) => {
        const stat = readFileSync(`/proc/${process.pid}/task/${t}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
      });
    const before = os.getPriority();
    const c = client(undefined, { size: 2 });
    await Promise.all([1, 2].map(() => c.compare(pngA, pngB)));
    assert.equal(c.workersAlive, 2);
    assert.equal(os.getPriority(), before, 'the calling thread keeps its priority');
    if (process.platform === 'linux') {
      assert.ok(COMPARE_WORKER_NICE > 0);
      const niced = niceOfThreads().filter((n) => n === before + COMPARE_WORKER_NICE).length;
      assert.equal(niced, 2, `threads' nice values: ${niceOfThreads().join(' ')}`);
      // nice: 0 (the command line): the workers run at the caller's priority.
      c.dispose();
      const plain = client(undefined, { size: 2, nice: 0 });
      await Promise.all([1, 2].map(() => plain.compare(pngA, pngB)));
      assert.equal(plain.workersAlive, 2);
      // The disposed pool's threads end shortly after; the new ones, niced, would never.
      for (let i = 0; i < 60 && niceOfThreads().some((n) => n !== before); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(niceOfThreads().every((n) => n === before), `threads' nice values: ${niceOfThreads().join(' ')}`);
    }
  });

  it('holds the pool to its memory budget: pairs that together need more run one after the other', async () => {
    const c = client(crashingWorker, { size: 2, maxBytesAtOnce: 1 });
    const [p, q] = (await Promise.all([1, 2].map(() => c.compare(pngA, pngB, { threshold: 0.5 })))).map(timed);
    assert.ok(!overlap(p!, q!), JSON.stringify([p, q]));
    assert.equal(c.workerStarts, 1);
  });

  it('ends a worker idle for idleMs; the next call starts a new one', async () => {
    const c = client(undefined, { idleMs: 100 });
    await c.compare(pngA, pngB);
    assert.equal(c.workersAlive, 1);
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(c.workersAlive, 0);
    assert.ok((await c.compare(pngA, pngB)).changedPixels > 0);
    assert.equal(c.workerStarts, 2);
  });

  it('replaces a worker that dies while another works on: its call fails, the others and the queue go on', async () => {
    const c = client(crashingWorker, { size: 2 });
    const crash = c.compare(pngA, pngB, { threshold: 0.777 });
    const slow = c.compare(pngA, pngB, { threshold: 0.5 });
    const queued = c.compare(pngA, pngB);
    assert.equal((await rejection(crash)).code, 'compareFailed');
    assert.equal(timed(await slow).endedAt > 0, true);
    assert.ok((await queued).changedPixels > 0);
    assert.equal(c.workerStarts, 3, 'two, then one in place of the dead');
    assert.equal(c.workersAlive, 2);
  });

  it('gives byte-identical PNGs as equal without decoding them (no worker), mask included', async () => {
    const c = client();
    const expected = diffImages(decodePng(pngA), decodePng(pngA));
    assert.deepEqual(await c.compare(pngA, new Uint8Array(pngA), { withMask: true }), expected);
    assert.equal((await c.compare(Buffer.from(pngB), pngB)).changedPixels, 0);
    assert.equal(c.workerStarts, 0);
    // The same pixels re-encoded are other bytes: decoded and compared.
    assert.equal((await c.compare(pngA, encode(decodePng(pngA), 2))).changedPixels, 0);
    assert.equal(c.workerStarts, 1);
  });

  it('rejects what is not a PNG with invalidInput, before starting a worker', async () => {
    const c = client();
    const bytes = new Uint8Array(1000).map((_, i) => (i * 31) & 255);
    const err = await rejection(c.compare(bytes, pngB));
    assert.equal(err.code, 'invalidInput');
    assert.match(err.message, /^image a is not a PNG/);
    assert.equal((await rejection(c.compare(pngA, 'png' as unknown))).code, 'invalidInput');
    assert.equal((await rejection(c.compare(pngA, pngB, { threshold: 7 }))).code, 'invalidInput');
    assert.equal(c.workerStarts, 0);
  });

  it('rejects a PNG damaged past its header with invalidInput from the worker, which keeps working', async () => {
    const c = client();
    const err = await rejection(c.compare(pngA, pngB.subarray(0, pngB.length - 200)));
    assert.equal(err.name, 'SceneSnapError');
    assert.equal(err.code, 'invalidInput');
    assert.match(err.message, /^image b is a truncated or damaged PNG/);
    assert.equal((await c.compare(pngA, pngA)).changedPixels, 0);
    assert.equal(c.workerStarts, 1);
  });

  for (const [threshold, how, why] of [[0.777, 'an uncaught error', /planted crash/], [0.778, 'an exit', /exited with code 9/]] as const) {
    it(`a worker that dies (${how}) rejects its call with a clear error; the next call starts a new worker`, async () => {
      const c = client(crashingWorker);
      assert.equal((await c.compare(pngA, pngB)).changedPixels > 0, true);
      const err = await rejection(c.compare(pngA, pngB, { threshold }));
      assert.ok(err instanceof CompareWorkerError, String(err));
      assert.equal(err.code, 'compareFailed', 'a comparison that could not run: DESIGN.md\'s compareFailed');
      assert.equal(err.name, 'SceneSnapError', 'callers that branch on isSceneSnapError see it');
      assert.match(err.message, /worker stopped unexpectedly/);
      assert.match(err.message, why);
      const after = await c.compare(pngA, pngB);
      assert.ok(after.changedPixels > 0);
      assert.equal(c.workerStarts, 2);
    });
  }

  it('a call queued behind a crash goes on in a new worker', async () => {
    const c = client(crashingWorker);
    const crash = c.compare(pngA, pngB, { threshold: 0.778 });
    const next = c.compare(pngA, pngB);
    const err = await rejection(crash);
    assert.ok(err instanceof CompareWorkerError);
    assert.equal(err.code, 'compareFailed');
    assert.ok((await next).changedPixels > 0);
    assert.equal(c.workerStarts, 2);
  });

  it('a worker file that cannot be loaded rejects with CompareWorkerError', async () => {
    const err = await rejection(client(path.join(__dirname, 'no-such-worker.js')).compare(pngA, pngB));
    assert.ok(err instanceof CompareWorkerError, String(err));
    assert.equal(err.code, 'compareFailed');
  });

  it('an error in the worker that is not a SceneSnapError (a failed allocation) rejects with compareFailed', async () => {
    const c = client(crashingWorker);
    const err = await rejection(c.compare(pngA, pngB, { threshold: 0.779 }));
    assert.equal(err.code, 'compareFailed');
    assert.match(err.message, /Array buffer allocation failed/);
    assert.ok((await c.compare(pngA, pngB)).changedPixels > 0, 'the worker keeps working');
    assert.equal(c.workerStarts, 1);
  });

  it('a worker past its memory limit dies alone: compareFailed (out of memory), and the next call gets a fresh worker', async () => {
    // The real limits leave room for a 10000×10000 pair's heap; this client's are small enough to hit.
    const c = new CompareClient(crashingWorker, undefined, { maxOldGenerationSizeMb: 32, maxYoungGenerationSizeMb: 8 });
    clients.push(c);
    const err = await rejection(c.compare(pngA, pngB, { threshold: 0.78 }));
    assert.equal(err.code, 'compareFailed');
    assert.match(err.message, /out of memory|memory limit/i);
    assert.ok((await c.compare(pngA, pngB)).changedPixels > 0);
    assert.equal(c.workerStarts, 2);
  });

  it('the real worker runs with resource limits (so running out of memory ends the worker, not the extension host)', () => {
    assert.ok(COMPARE_WORKER_LIMITS.maxOldGenerationSizeMb! > 0 && COMPARE_WORKER_LIMITS.maxOldGenerationSizeMb! <= 1024, JSON.stringify(COMPARE_WORKER_LIMITS));
    assert.ok(new CompareClient().resourceLimits === COMPARE_WORKER_LIMITS);
  });

  it('abort while running: rejects as cancelled at once, stops the worker, the next call starts another', async () => {
    const c = client();
    const controller = new AbortController();
    const started = Date.now();
    const call = c.compare(bigA, bigB, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    const err = await rejection(call);
    assert.equal(err.code, 'cancelled');
    assert.ok(Date.now() - started < 2000);
    assert.equal(c.workerAlive, false);
    assert.ok((await c.compare(pngA, pngB)).changedPixels > 0);
    assert.equal(c.workerStarts, 2);
  });

  it('abort of a queued call drops only that one; an aborted signal rejects before any work', async () => {
    const c = client(undefined, { size: 1 });
    const controller = new AbortController();
    const first = c.compare(bigA, bigB);
    const second = c.compare(pngA, pngB, { signal: controller.signal });
    controller.abort();
    assert.equal((await rejection(second)).code, 'cancelled');
    assert.ok((await first).changedPixels > 0);
    assert.equal(c.workerStarts, 1);
    const fresh = client();
    assert.equal((await rejection(fresh.compare(pngA, pngB, { signal: AbortSignal.abort() }))).code, 'cancelled');
    assert.equal(fresh.workerStarts, 0);
  });

  it('dispose stops the worker and rejects what is waiting as cancelled; later calls reject too', async () => {
    const c = client();
    const running = c.compare(bigA, bigB);
    const queued = c.compare(pngA, pngB);
    c.dispose();
    for (const p of [running, queued]) assert.equal((await rejection(p)).code, 'cancelled');
    assert.equal(c.workerAlive, false);
    assert.equal((await rejection(c.compare(pngA, pngB))).code, 'cancelled');
  });
});

describe('the memory of a comparison (bounded before the worker decodes anything)', function () {
  this.timeout(20_000);
  it('two 10000×10000 shots hold 1.3 GB of pixels; a size change adds the copied overlap', () => {
    assert.equal(compareMemoryBytes({ width: 10_000, height: 10_000 }, { width: 10_000, height: 10_000 }), 1.3e9);
    assert.equal(compareMemoryBytes({ width: 10, height: 10 }, { width: 20, height: 10 }), 4 * (100 + 200) + 4 * 100 * 2 + 200);
  });

  it('a pair over the call’s maxBytes rejects with compareFailed and starts no worker; without it, it runs', async () => {
    const small = encode(solid(64, 64));
    // The same PNG claiming 8000×8000 in its header: the budget is checked from the header alone.
    const claimed = new Uint8Array(small);
    new DataView(claimed.buffer).setUint32(16, 8000);
    new DataView(claimed.buffer).setUint32(20, 8000);
    const c = new CompareClient();
    try {
      const err = await rejection(c.compare(claimed, claimed, { maxBytes: AUTOMATIC_COMPARE_MAX_BYTES }));
      assert.equal(err.code, 'compareFailed');
      assert.match(err.message, /too large to compare automatically/);
      assert.equal(c.workerStarts, 0);
      assert.equal((await c.compare(small, small, { maxBytes: AUTOMATIC_COMPARE_MAX_BYTES })).changedPixels, 0);
    } finally {
      c.dispose();
    }
  });
});
