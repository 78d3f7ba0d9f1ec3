import * as assert from 'node:assert/strict';
import { SceneSnapError } from '../../src/core/api/errors';
import { listProjectRooms, pageRooms } from '../../src/core/api/roomList';
import type { RoomInfo } from '../../src/core/api/types';
import { rejectsWith } from './support/fakeApi';

function rooms(count: number, prefix = 'r'): RoomInfo[] {
  return Array.from({ length: count }, (_, i) => ({ uuid: `${prefix}${String(i).padStart(4, '0')}` }));
}

/** A service that pages like the API: rooms after `beginUUID` in uuid order, at most `limit`. */
function pager(all: RoomInfo[], asked: Array<{ begin: string | undefined; limit: number }> = []) {
  return async (begin: string | undefined, limit: number): Promise<RoomInfo[]> => {
    asked.push({ begin, limit });
    const from = begin === undefined ? 0 : all.findIndex((r) => r.uuid === begin) + 1;
    return all.slice(from, from + limit);
  };
}

describe('Room list pager', () => {
  it('follows beginUUID from the last uuid of each full page and stops at a short page', async () => {
    const asked: Array<{ begin: string | undefined; limit: number }> = [];
    const got = await pageRooms(pager(rooms(250), asked), { limit: 100 });
    assert.equal(got.length, 250);
    assert.deepEqual(asked, [
      { begin: undefined, limit: 100 },
      { begin: 'r0099', limit: 100 },
      { begin: 'r0199', limit: 100 },
    ]);
  });

  it('an exact multiple of the limit takes one more (empty) page; no rooms is one call', async () => {
    const asked: Array<{ begin: string | undefined; limit: number }> = [];
    assert.equal((await pageRooms(pager(rooms(200), asked), { limit: 100 })).length, 200);
    assert.equal(asked.length, 3);
    const none: Array<{ begin: string | undefined; limit: number }> = [];
    assert.deepEqual(await pageRooms(pager([], none), { limit: 100 }), []);
    assert.equal(none.length, 1);
  });

  it('a service that answers the same page again (beginUUID ignored, or inclusive) does not loop forever nor repeat rooms', async () => {
    let calls = 0;
    const same = rooms(3);
    const got = await pageRooms(async () => {
      calls++;
      return same;
    }, { limit: 3 });
    assert.deepEqual(got.map((r) => r.uuid), ['r0000', 'r0001', 'r0002']);
    assert.equal(calls, 2);
  });

  it('stops when cancelled between pages', async () => {
    const controller = new AbortController();
    let calls = 0;
    const walk = pageRooms(async (begin, limit) => {
      calls++;
      controller.abort();
      return pager(rooms(500))(begin, limit);
    }, { limit: 100, signal: controller.signal });
    await rejectsWith(walk, 'cancelled');
    assert.equal(calls, 1);
  });

  it('rejects a limit outside 1 to 1000 before any call', async () => {
    let calls = 0;
    await rejectsWith(pageRooms(async () => [calls++] as never, { limit: 0 }), 'invalidInput');
    await rejectsWith(pageRooms(async () => [calls++] as never, { limit: 1001 }), 'invalidInput');
    assert.equal(calls, 0);
  });
});

describe('Project rooms: every region asked', () => {
  it('asks the regions at once and labels each room with the region that listed it, failures apart', async () => {
    let inFlight = 0;
    let most = 0;
    const result = await listProjectRooms(['us-sv', 'sg', 'eu'], async (region, begin, limit) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 5));
      inFlight--;
      if (region === 'eu') throw new SceneSnapError('serverError', 'eu is down');
      return pager(region === 'us-sv' ? rooms(2, 'us') : rooms(1, 'sg'))(begin, limit);
    });
    assert.equal(most, 3);
    assert.deepEqual(result.rooms.map((r) => `${r.region} ${r.uuid}`), ['us-sv us0000', 'us-sv us0001', 'sg sg0000']);
    assert.deepEqual(result.failures, [{ region: 'eu', code: 'serverError', message: 'eu is down' }]);
  });

  it('rejects with the first failure when every region failed (a bad token is said once, as such)', async () => {
    await rejectsWith(listProjectRooms(['us-sv', 'sg'], async () => {
      throw new SceneSnapError('unauthorized', 'invalid signature of token');
    }), 'unauthorized', /invalid signature/);
  });
});
