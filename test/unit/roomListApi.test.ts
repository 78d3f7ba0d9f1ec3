import * as assert from 'node:assert/strict';
import { createClient, type NetlessClient } from '../../src/core/api/index';
import { listProjectRooms, pageRooms } from '../../src/core/api/roomList';
import { REGIONS } from '../../src/core/api/regions';
import { clearProxyEnvironment, rejectsWith, startFake, type FakeNetless } from './support/fakeApi';

describe('Room list over HTTP (GET /v5/rooms, paged, per region)', () => {
  let fake: FakeNetless;
  let client: NetlessClient;
  let restoreEnv: () => void;

  before(async () => {
    restoreEnv = clearProxyEnvironment();
    fake = await startFake();
    client = createClient({ baseUrl: fake.url, timeoutMs: 5000, retry: { maxRetries: 0 } });
  });
  after(async () => {
    await client.close();
    await fake.close();
    restoreEnv();
  });
  beforeEach(() => fake.clearRequests());

  it('sends beginUUID and limit with the SDK token and the region header, and pages to the end', async () => {
    const token = fake.sdkToken();
    const rooms = await pageRooms((begin, limit) => client.listRooms({ token, region: 'us-sv' }, { beginUUID: begin, limit }), { limit: 1 });
    const expected = fake.rooms.filter((r) => r.region === 'us-sv').map((r) => r.uuid).sort();
    assert.deepEqual(rooms.map((r) => r.uuid), expected);
    assert.ok(rooms.every((r) => typeof r.name === 'string' && typeof r.createdAt === 'string'));
    const asked = fake.requests.filter((r) => r.endpoint === 'list');
    assert.equal(asked.length, expected.length + 1);
    assert.deepEqual(asked.map((r) => r.query), [{ limit: '1' }, ...expected.map((uuid) => ({ beginUUID: uuid, limit: '1' }))]);
    assert.ok(asked.every((r) => r.headers.token === token && r.headers.region === 'us-sv' && r.method === 'GET'));
  });

  it('lists every region of the project, each room once with its own region', async () => {
    const token = fake.sdkToken();
    const { rooms, failures } = await listProjectRooms(REGIONS, (region, begin, limit) => client.listRooms({ token, region }, { beginUUID: begin, limit }));
    assert.deepEqual(failures, []);
    assert.deepEqual(rooms.map((r) => `${r.region} ${r.uuid}`).sort(), fake.rooms.map((r) => `${r.region} ${r.uuid}`).sort());
    assert.deepEqual(new Set(fake.requests.filter((r) => r.endpoint === 'list').map((r) => r.headers.region)), new Set(REGIONS));
  });

  it('a room token cannot list rooms (403), and bad input costs no request', async () => {
    const room = fake.rooms[0]!;
    await rejectsWith(client.listRooms({ token: fake.roomToken(room.uuid), region: room.region }, {}), 'forbidden', /token access/);
    const before = fake.requests.length;
    await rejectsWith(client.listRooms({ token: '', region: 'us-sv' }, {}), 'noToken');
    await rejectsWith(client.listRooms({ token: fake.sdkToken(), region: 'nowhere' as never }, {}), 'invalidInput');
    await rejectsWith(client.listRooms({ token: fake.sdkToken(), region: 'us-sv' }, { limit: 5000 }), 'invalidInput');
    assert.equal(fake.requests.length, before);
  });
});
