// Issue #22's figure: finding the region of a room that lives in the fifth data centre asked (cn-hz), at
// 50 ms server latency, against one bare room-info call (GET /v5/rooms/{uuid} with the right region header,
// bare undici). The probes run in parallel, so the search should cost about one call, not five.
// Run after a build (dist/api.js) and the test transpile (out/): `node out/test/bench/regionBench.js [--rounds N]`.
// Prints a table, then one JSON line (what scripts/bench.mjs reads).
import * as path from 'node:path';
import { Agent, request } from 'undici';
import { ROOMS, clearProxyEnvironment, startFake } from '../unit/support/fakeApi';

type Api = typeof import('../../src/core/api/index');

const root = path.join(__dirname, '..', '..', '..');
const LATENCY_MS = 50;

function median(samples: number[]): number {
  const s = [...samples].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--rounds');
  const rounds = at > 0 ? Number(process.argv[at + 1]) : 60;
  clearProxyEnvironment();
  const api = require(path.join(root, 'dist', 'api.js')) as Api;
  const fake = await startFake({ latencyMs: LATENCY_MS });
  const token = fake.sdkToken('writer');
  const client = api.createClient({ baseUrl: fake.url, timeoutMs: 30_000 });
  const agent = new Agent();
  const room = ROOMS.hangzhou;
  if (api.REGIONS[api.REGIONS.length - 1] !== 'cn-hz') throw new Error('the bench room must be in the last region asked');

  const search = async (): Promise<unknown> => {
    const region = await api.findRegion(client, { room, token });
    if (region !== 'cn-hz') throw new Error(`found ${region}`);
    return region;
  };
  const bare = async (): Promise<unknown> => {
    const { statusCode, body } = await request(`${fake.url}/v5/rooms/${room}`, { dispatcher: agent, method: 'GET', headers: { token, region: 'cn-hz', 'Content-Type': 'application/json' } });
    const value: unknown = await body.json();
    if (statusCode !== 200) throw new Error(`bare request answered ${statusCode}`);
    return value;
  };

  // Warm both pools (the search keeps five connections alive, the bare call one), then interleave.
  for (let i = 0; i < 10; i++) {
    await search();
    await bare();
  }
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const order: [() => Promise<unknown>, number[]][] = i % 2 ? [[search, ours], [bare, theirs]] : [[bare, theirs], [search, ours]];
    for (const [fn, samples] of order) {
      const t = now();
      await fn();
      samples.push(now() - t);
    }
  }
  await client.close();
  await agent.close();
  await fake.close();
  const result = { latencyMs: LATENCY_MS, rounds, findRegionMedianMs: median(ours), bareRoomInfoMedianMs: median(theirs), ratio: median(ours) / median(theirs) };
  console.log(`| find the region (room in the 5th region asked), ${LATENCY_MS} ms latency | ${result.findRegionMedianMs.toFixed(2)} ms |`);
  console.log(`| one bare room-info call (undici), same latency | ${result.bareRoomInfoMedianMs.toFixed(2)} ms |`);
  console.log(`| ratio (goal ≤ 1.2) | ${result.ratio.toFixed(3)} |`);
  console.log(JSON.stringify(result));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
