import * as assert from 'node:assert/strict';
import { compareEach } from '../../src/core/images/compareEach';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('compareEach (a batch of comparisons: bounded, none twice)', () => {
  it('runs at most `limit` at once and keeps that many busy, results in the items\' order', async () => {
    let inFlight = 0;
    let most = 0;
    const items = [30, 5, 5, 5, 20, 5];
    const got = await compareEach(items.map((ms, i) => ({ ms, i })), {
      key: (x) => String(x.i),
      limit: 2,
      run: async ({ ms, i }) => {
        most = Math.max(most, ++inFlight);
        await tick(ms);
        inFlight--;
        return i * 10;
      },
    });
    assert.deepEqual(got, [0, 10, 20, 30, 40, 50]);
    assert.equal(most, 2);
  });

  it('runs items with the same key once and gives each of them its outcome', async () => {
    const runs: string[] = [];
    const items = [{ k: 'a>b' }, { k: 'c>d' }, { k: 'a>b' }, { k: 'a>b' }, { k: 'c>d' }];
    const got = await compareEach(items, { key: (x) => x.k, limit: 4, run: async ({ k }) => (runs.push(k), await tick(5), `${k}!`) });
    assert.deepEqual(runs.sort(), ['a>b', 'c>d']);
    assert.deepEqual(got, ['a>b!', 'c>d!', 'a>b!', 'a>b!', 'c>d!']);
  });

  it('reports progress as items settle, and starts nothing once aborted (then rejects)', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const progress: number[] = [];
    const done = compareEach([1, 2, 3, 4, 5], {
      key: String,
      limit: 1,
      signal: controller.signal,
      run: async (n) => (started.push(n), await tick(10), n),
      onSettled: (_, settled) => {
        progress.push(settled);
        if (settled === 2) controller.abort();
      },
    });
    await assert.rejects(done);
    assert.deepEqual(started, [1, 2]);
    assert.deepEqual(progress, [1, 2]);
  });

  it('rejects with the first failure after what is in flight settles', async () => {
    let finished = 0;
    const done = compareEach([1, 2, 3], {
      key: String,
      limit: 3,
      run: async (n) => {
        await tick(n * 5);
        finished++;
        if (n === 1) throw new Error('one failed');
        return n;
      },
    });
    await assert.rejects(done, /one failed/);
    assert.equal(finished, 3);
  });
});
