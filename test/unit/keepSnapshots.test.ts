import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { downloadPng, fetchPng } from '../../src/core/api/download';
import { SceneSnapError } from '../../src/core/api/errors';
import { keepFailureReason, type KeepFailureCode } from '../../src/core/snapshots/keepReasons';
import { keepSnapshots, type FetchPng, type KeepOutcome, type KeepProgress } from '../../src/core/snapshots/keepSnapshots';
import { SnapshotStore } from '../../src/core/snapshots/snapshotStore';
import { ROOMS, clearProxyEnvironment, startFake, type FakeNetless } from './support/fakeApi';
import { noisyPng, numberedPng } from './support/pngs';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const urls = (n: number): { url: string }[] => Array.from({ length: n }, (_, i) => ({ url: `https://bucket.example/room_cover/${i}.png` }));
const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const indexOf = (url: string): number => Number(/\/(\d+)\.png$/.exec(url)?.[1]);

function codes(outcomes: KeepOutcome[]): string[] {
  return outcomes.map((o) => (o.kind === 'kept' ? 'kept' : o.code));
}

describe('keepSnapshots', () => {
  let dir: string;
  let store: SnapshotStore;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'scene-snap-keep-'));
    store = new SnapshotStore(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('with a stand-in downloader', () => {
    it('keeps each PNG, in the order of the results, with hash, real size, bytes and time', async () => {
      const fetcher: FetchPng = async (url) => ({ data: numberedPng(indexOf(url), 20 + indexOf(url), 10) });
      const outcomes = await keepSnapshots(urls(3), { fetchPng: fetcher, store, now: () => 1234 });
      assert.deepEqual(
        outcomes.map((o) => o.kind === 'kept' && [o.width, o.height, o.at, o.bytes]),
        [0, 1, 2].map((i) => [20 + i, 10, 1234, numberedPng(i, 20 + i, 10).length]),
      );
      for (const [i, o] of outcomes.entries()) assert.deepEqual(Buffer.from((await store.get((o as { hash: string }).hash))!), numberedPng(i, 20 + i, 10));
    });

    it('downloads at most `concurrency` at once (4 by default), and uses them all', async () => {
      for (const concurrency of [undefined, 2]) {
        let inFlight = 0;
        let max = 0;
        const fetcher: FetchPng = async (url) => {
          max = Math.max(max, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 5));
          inFlight--;
          return { data: numberedPng(indexOf(url)) };
        };
        const outcomes = await keepSnapshots(urls(20), { fetchPng: fetcher, store, ...(concurrency ? { concurrency } : {}) });
        assert.equal(max, concurrency ?? 4);
        assert.ok(outcomes.every((o) => o.kind === 'kept'));
      }
    });

    it('reports progress from 0 to the total, and each outcome as it comes', async () => {
      const seen: KeepProgress[] = [];
      const each: number[] = [];
      const fetcher: FetchPng = async (url) => {
        if (indexOf(url) === 1) throw new SceneSnapError('forbidden', 'no', { status: 403 });
        return { data: numberedPng(indexOf(url)) };
      };
      await keepSnapshots(urls(3), { fetchPng: fetcher, store, concurrency: 1, onProgress: (p) => seen.push(p), onOutcome: (i) => each.push(i) });
      assert.deepEqual(seen, [
        { done: 0, total: 3, kept: 0, failed: 0 },
        { done: 1, total: 3, kept: 1, failed: 0 },
        { done: 2, total: 3, kept: 1, failed: 1 },
        { done: 3, total: 3, kept: 2, failed: 1 },
      ]);
      assert.deepEqual(each, [0, 1, 2]);
    });

    it('is not stopped by a progress listener that throws', async () => {
      const outcomes = await keepSnapshots(urls(2), {
        fetchPng: async (url) => ({ data: numberedPng(indexOf(url)) }),
        store,
        onProgress: () => {
          throw new Error('listener bug');
        },
      });
      assert.deepEqual(codes(outcomes), ['kept', 'kept']);
    });

    it('cancels: what is in flight stops, what is left is marked cancelled, what was kept stays', async () => {
      const controller = new AbortController();
      const started: number[] = [];
      const fetcher: FetchPng = (url, { signal }) => {
        const i = indexOf(url);
        started.push(i);
        if (i < 2) return Promise.resolve({ data: numberedPng(i) });
        if (i === 2) setTimeout(() => controller.abort(), 5);
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(new SceneSnapError('cancelled', 'cancelled'))));
      };
      const outcomes = await keepSnapshots(urls(10), { fetchPng: fetcher, store, concurrency: 2, signal: controller.signal });
      assert.deepEqual(codes(outcomes), ['kept', 'kept', ...Array<string>(8).fill('cancelled')]);
      assert.deepEqual(started, [0, 1, 2, 3], 'nothing started after the cancel');
      assert.equal((await store.usage()).count, 2);
      assert.equal((outcomes[5] as { reason: string }).reason, keepFailureReason('cancelled'));
    });

    it('does nothing when cancelled before it starts', async () => {
      let calls = 0;
      const outcomes = await keepSnapshots(urls(3), { fetchPng: async () => (calls++, { data: numberedPng(0) }), store, signal: AbortSignal.abort() });
      assert.deepEqual(codes(outcomes), ['cancelled', 'cancelled', 'cancelled']);
      assert.equal(calls, 0);
    });

    it('checks what the downloader gave: not a PNG, too large', async () => {
      const big = numberedPng(1, 200, 200);
      const fetcher: FetchPng = async (url) => ({ data: indexOf(url) === 0 ? Buffer.from('<html>login</html>') : big });
      const outcomes = await keepSnapshots(urls(2), { fetchPng: fetcher, store, maxBytes: big.length - 1 });
      assert.deepEqual(codes(outcomes), ['notPng', 'tooLarge']);
      assert.match((outcomes[1] as { reason: string }).reason, /larger than 0(\.\d)? MiB/);
      assert.deepEqual(await store.usage(), { count: 0, bytes: 0 });
    });

    it('takes anything else the downloader gives (a string, a number, null) as not a PNG, without throwing', async () => {
      const given: unknown[] = ['a string', 42, null];
      const fetcher = (async (url: string) => given[indexOf(url)]) as unknown as FetchPng;
      assert.deepEqual(codes(await keepSnapshots(urls(3), { fetchPng: fetcher, store })), ['notPng', 'notPng', 'notPng']);
    });

    it('never throws: a bad url, a downloader that throws anything, a store that cannot write', async () => {
      const results = [{ url: 'file:///etc/passwd' }, { url: 42 as unknown as string }, ...urls(2)];
      const failing = { put: async () => Promise.reject(Object.assign(new Error('disk full'), { code: 'ENOSPC' })) };
      const outcomes = await keepSnapshots(results, {
        fetchPng: async (url) => {
          if (indexOf(url) === 0) throw 'a string';
          return { data: numberedPng(1) };
        },
        store: failing,
      });
      assert.deepEqual(codes(outcomes), ['invalidUrl', 'invalidUrl', 'network', 'storeFailed']);
      assert.match((outcomes[3] as { reason: string }).reason, /ENOSPC/);
      assert.deepEqual(await keepSnapshots(undefined as unknown as { url: string }[], { fetchPng: async () => ({ data: numberedPng(1) }), store }), []);
    });

    it('applies the cap while keeping: the store never holds much more than the cap, not a whole deck before one trim', async () => {
      const png = (i: number) => numberedPng(i, 40, 40);
      const size = png(0).length;
      const cap = 5 * size;
      let most = 0;
      let trims = 0;
      const fetcher: FetchPng = async (url) => {
        most = Math.max(most, (await store.usage()).bytes);
        return { data: png(indexOf(url)) };
      };
      const outcomes = await keepSnapshots(urls(40), {
        fetchPng: fetcher,
        store,
        concurrency: 2,
        trim: { everyBytes: size, run: async () => (trims++, store.evict({ maxBytes: cap })) },
      });
      assert.ok(outcomes.every((o) => o.kind === 'kept'));
      most = Math.max(most, (await store.usage()).bytes);
      // Between two trims: one trim's worth, plus what the downloads in flight add meanwhile.
      assert.ok(most <= cap + size + 2 * size, `the store held ${most} bytes during the keep, cap ${cap} (${trims} trims)`);
      assert.ok(trims >= 10, `${trims} trims`);
    });

    it('takes a downloaded file and moves it into the store, never reading it whole into memory', async () => {
      const pngs = [numberedPng(1), numberedPng(2), numberedPng(1)];
      const handed: string[] = [];
      const fetcher: FetchPng = async (url) => {
        const file = await store.incomingFile();
        handed.push(file);
        await writeFile(file, pngs[indexOf(url)]!);
        return { file };
      };
      const outcomes = await keepSnapshots(urls(3), { fetchPng: fetcher, store: { put: () => Promise.reject(new Error('read into memory')), putFile: (f) => store.putFile(f) } });
      assert.deepEqual(codes(outcomes), ['kept', 'kept', 'kept']);
      for (const [i, o] of outcomes.entries()) assert.deepEqual(Buffer.from((await store.get((o as { hash: string }).hash))!), pngs[i]);
      for (const f of handed) assert.equal(existsSync(f), false, `${f} left behind`);
      assert.deepEqual(await store.usage(), { count: 2, bytes: pngs[0]!.length + pngs[1]!.length });
      // A file that is not a PNG, or too large, is refused and removed too.
      const bad: FetchPng = async (url) => {
        const file = await store.incomingFile();
        handed.push(file);
        await writeFile(file, indexOf(url) === 0 ? Buffer.from('<html>login</html>') : noisyPng(3, 64, 64));
        return { file };
      };
      assert.deepEqual(codes(await keepSnapshots(urls(2), { fetchPng: bad, store, maxBytes: 1000 })), ['notPng', 'tooLarge']);
      for (const f of handed) assert.equal(existsSync(f), false, `${f} left behind`);
    });

    it('has one sentence per failure code', () => {
      const all: KeepFailureCode[] = ['forbidden', 'notFound', 'httpStatus', 'network', 'timeout', 'notPng', 'tooLarge', 'invalidImage', 'invalidUrl', 'storeFailed', 'cancelled'];
      const sentences = all.map((c) => keepFailureReason(c, { status: 502, maxBytes: 64 * 1024 * 1024 }));
      assert.equal(new Set(sentences).size, all.length);
      for (const s of sentences) assert.match(s, /^[A-Z].*[.?]$/);
      assert.equal(keepFailureReason('forbidden'), 'The bucket answered 403: is it public-read?');
      assert.equal(keepFailureReason('httpStatus', { status: 502 }), 'The bucket answered 502.');
    });
  });

  describe('with the real downloader against the fake service', () => {
    let fake: FakeNetless;
    let restoreProxy: () => void;
    before(async () => {
      restoreProxy = clearProxyEnvironment();
      fake = await startFake();
    });
    after(async () => {
      await fake.close();
      restoreProxy();
    });
    afterEach(() => fake.clearFaults());

    async function shootDeckScenes(count: number): Promise<{ url: string }[]> {
      const response = await fetch(`${fake.url}/v5/rooms/${ROOMS.reference}/screenshot-list`, {
        method: 'POST',
        headers: { token: fake.sdkToken(), region: 'us-sv', 'content-type': 'application/json' },
        body: JSON.stringify({ width: 64, height: 48, path: '/test' }),
      });
      return ((await response.json()) as { url: string }[]).slice(0, count);
    }

    it('gives each failure its code and reason: 403 private, 404 gone, not a PNG, network error', async () => {
      const [cover, page1] = await shootDeckScenes(2);
      const undo = fake.makePrivate({ url: cover!.url });
      fake.removeObjects({ url: page1!.url });
      const notPng = `${fake.url}/elsewhere/not-a-png.png`;
      fake.setFault({ endpoint: 'other', status: 200, body: 'hello, not an image' });
      const nobody = `http://127.0.0.1:${await closedPort()}/x.png`;
      const outcomes = await keepSnapshots([cover!, page1!, { url: notPng }, { url: nobody }], { fetchPng, store });
      undo();
      assert.deepEqual(codes(outcomes), ['forbidden', 'notFound', 'invalidImage', 'network']);
      assert.equal((outcomes[0] as { reason: string }).reason, 'The bucket answered 403: is it public-read?');
      assert.equal((outcomes[0] as { status?: number }).status, 403);
      assert.match((outcomes[3] as { reason: string }).reason, /ECONNREFUSED/);
      // Public again: now it is kept, at the size the PNG really has.
      const [again] = await keepSnapshots([cover!], { fetchPng, store });
      assert.deepEqual(again && again.kind === 'kept' && [again.width, again.height], [64, 48]);
    });

    it('keeps what each shot saw: the same URL shot again with other content and size leaves the first image intact', async () => {
      const shootInit = async (width: number, height: number) => {
        const response = await fetch(`${fake.url}/v5/rooms/${ROOMS.single}/screenshots`, {
          method: 'POST',
          headers: { token: fake.sdkToken(), region: 'us-sv', 'content-type': 'application/json' },
          body: JSON.stringify({ width, height, path: '/init' }),
        });
        return (await response.json()) as { url: string };
      };
      const first = await shootInit(64, 48);
      const [kept1] = await keepSnapshots([first], { fetchPng, store });
      fake.changeScene(ROOMS.single, '/init');
      const second = await shootInit(100, 50);
      assert.equal(second.url, first.url, 'the service overwrote the object at the same URL');
      const [kept2] = await keepSnapshots([second], { fetchPng, store });
      assert.ok(kept1?.kind === 'kept' && kept2?.kind === 'kept');
      assert.notEqual(kept1.hash, kept2.hash);
      assert.deepEqual([kept1.width, kept1.height, kept2.width, kept2.height], [64, 48, 100, 50]);
      const back = PNG.sync.read(Buffer.from((await store.get(kept1.hash))!));
      assert.deepEqual([back.width, back.height], [64, 48]);
    });

    it('holds a bounded number of bytes at once: four big PNGs downloaded together stream to files of the store, none is read whole', async function () {
      this.timeout(60_000);
      const big = noisyPng(9, 1024, 1024); // ~4 MB, hardly compressible: many chunks
      const server = createHttpServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': big.length });
        res.end(big);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      // (A sampled peak of memory is not asserted: freed chunks count until the GC runs, so it flakes. The
      // in-memory path measured 70 MB for four 16 MB PNGs; this one stays below 50 MB, mostly garbage.)
      const inMemory: number[] = [];
      try {
        const toFile: FetchPng = async (url, o) => {
          const file = await store.incomingFile();
          await downloadPng(url, file, o);
          return { file };
        };
        const outcomes = await keepSnapshots([0, 1, 2, 3].map((i) => ({ url: `${base}/${i}.png` })), {
          fetchPng: toFile,
          store: { put: async (bytes) => (inMemory.push(bytes.length), store.put(bytes)), putFile: (f) => store.putFile(f) },
          concurrency: 4,
        });
        assert.deepEqual(codes(outcomes), ['kept', 'kept', 'kept', 'kept']);
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
      assert.deepEqual(inMemory, [], 'a PNG went to the store as bytes in memory');
      assert.deepEqual(Buffer.from((await store.get(sha(big)))!), big);
      assert.deepEqual(readdirSync(path.join(dir, 'incoming')), [], 'downloads left behind');
    });

    it('gives 5xx and timeouts their codes', async () => {
      const [cover] = await shootDeckScenes(1);
      fake.setFault({ endpoint: 'bucket', status: 503, times: 1 });
      const [five] = await keepSnapshots([cover!], { fetchPng, store });
      assert.deepEqual(five && five.kind === 'failed' && [five.code, five.status, five.reason], ['httpStatus', 503, 'The bucket answered 503.']);
      fake.setFault({ endpoint: 'bucket', stall: 'headers', times: 1 });
      const [slow] = await keepSnapshots([cover!], { fetchPng: (url, o) => fetchPng(url, { ...o, timeoutMs: 100 }), store });
      assert.equal(slow?.kind === 'failed' && slow.code, 'timeout');
    });
  });
});
