import * as assert from 'node:assert/strict';
import { SceneSnapError } from '../../src/core/api/errors';
import { groupByDirectory, roomOutcome, walkDirectories, type DirectoryOutcome } from '../../src/core/api/sceneWalk';
import { rejectsWith } from './support/fakeApi';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('Scene walk of a whole room', () => {
  describe('groupByDirectory', () => {
    it('groups nested scenes by the directory that holds them directly, in directory path order', () => {
      const groups = groupByDirectory(['/init', '/course/week2/intro', '/course/week1/intro', '/course/summary', '/course/week1/exercise', '/a/b/c/d/deep']);
      assert.deepEqual(groups, [
        { directory: '/', scenes: ['/init'] },
        { directory: '/a/b/c/d', scenes: ['/a/b/c/d/deep'] },
        { directory: '/course', scenes: ['/course/summary'] },
        { directory: '/course/week1', scenes: ['/course/week1/intro', '/course/week1/exercise'] },
        { directory: '/course/week2', scenes: ['/course/week2/intro'] },
      ]);
    });

    it('leaves out directories that hold only directories (no screenshot-list for them), and a room without scenes is empty', () => {
      const groups = groupByDirectory(['/a/b/c/one', '/a/b/c/two']);
      assert.deepEqual(groups.map((g) => g.directory), ['/a/b/c']);
      assert.deepEqual(groupByDirectory([]), []);
    });

    it('reads a repeated scene once and ignores what is not a scene path', () => {
      assert.deepEqual(groupByDirectory(['/x/one', '/x/one', '', 'nope', '/']), [{ directory: '/x', scenes: ['/x/one'] }]);
    });
  });

  describe('walkDirectories', () => {
    it('shoots every directory with at most `concurrency` at once, and reports "directory i of n" as each starts', async () => {
      let running = 0;
      let most = 0;
      const progress: string[] = [];
      const items = await walkDirectories(['/', '/a', '/b', '/c', '/d'], async (dir) => {
        running++;
        most = Math.max(most, running);
        await tick();
        running--;
        return [`${dir}:png`];
      }, { concurrency: 2, onProgress: (n, total, dir) => progress.push(`${n}/${total} ${dir}`) });
      assert.equal(most, 2);
      assert.deepEqual(items, ['/', '/a', '/b', '/c', '/d'].map((directory) => ({ directory, results: [`${directory}:png`] })));
      assert.deepEqual(progress, ['1/5 /', '2/5 /a', '3/5 /b', '4/5 /c', '5/5 /d']);
    });

    it('keeps directory order whatever order the answers come in', async () => {
      const delays: Record<string, number> = { '/a': 30, '/b': 1, '/c': 10 };
      const items = await walkDirectories(['/a', '/b', '/c'], (dir) => new Promise<string[]>((resolve) => setTimeout(() => resolve([dir]), delays[dir])), { concurrency: 3 });
      assert.deepEqual(items.map((i) => i.directory), ['/a', '/b', '/c']);
    });

    it('a directory that fails is an item with its code and message; the others succeed', async () => {
      const items = await walkDirectories(['/a', '/b', '/c'], async (dir) => {
        if (dir === '/b') throw new SceneSnapError('serverError', 'The service failed (500): boom');
        return [dir];
      }, { concurrency: 2 });
      assert.deepEqual(items, [
        { directory: '/a', results: ['/a'] },
        { directory: '/b', error: { code: 'serverError', message: 'The service failed (500): boom' } },
        { directory: '/c', results: ['/c'] },
      ]);
      assert.ok(!('results' in items[1]!));
    });

    it('Cancel stops what has not started, aborts what runs, and rejects cancelled', async () => {
      const controller = new AbortController();
      const started: string[] = [];
      const aborted: string[] = [];
      const walk = walkDirectories(['/a', '/b', '/c', '/d'], (dir, signal) => {
        started.push(dir);
        return new Promise<never[]>((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            aborted.push(dir);
            reject(new SceneSnapError('cancelled', 'cancelled'));
          });
        });
      }, { concurrency: 2, signal: controller.signal });
      await tick();
      controller.abort();
      await rejectsWith(walk, 'cancelled');
      assert.deepEqual(started, ['/a', '/b']);
      assert.deepEqual(aborted, ['/a', '/b']);
    });

    it('an already cancelled signal starts nothing', async () => {
      const controller = new AbortController();
      controller.abort();
      let calls = 0;
      await rejectsWith(walkDirectories(['/a'], async () => [calls++], { signal: controller.signal }), 'cancelled');
      assert.equal(calls, 0);
    });
  });

  describe('roomOutcome', () => {
    const ok: DirectoryOutcome<string> = { directory: '/a', results: ['x'] };
    const failed = (code: 'notFound' | 'serverError'): DirectoryOutcome<string> => ({ directory: `/${code}`, error: { code, message: `${code} happened` } });

    it('an empty room resolves to no items', () => {
      assert.deepEqual(roomOutcome([]), []);
    });

    it('resolves when at least one directory succeeded, failures included', () => {
      const items = [failed('notFound'), ok];
      assert.equal(roomOutcome(items), items);
    });

    it('rejects with the first item\'s code and message when every directory failed', () => {
      assert.throws(() => roomOutcome([failed('notFound'), failed('serverError')]), (err: unknown) => err instanceof SceneSnapError && err.code === 'notFound' && err.message === 'notFound happened');
    });
  });
});
