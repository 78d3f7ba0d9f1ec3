// npm run bench:client: the client's cost over a bare undici request of the same call, the time to
// validate a 1,000-scene answer, and what activation and the lazily loaded client weigh.
// Run after a production build (dist/) and the test transpile (out/), as the npm script does.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { Agent, request } from 'undici';
import { parseScreenshotList } from '../../src/core/api/responses';
import { ROOMS, clearProxyEnvironment, startFake } from '../unit/support/fakeApi';

type Api = typeof import('../../src/core/api/index');

const root = path.join(__dirname, '..', '..', '..');
const dist = (file: string): string => path.join(root, 'dist', file);

function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const ms = (n: number): string => n.toFixed(n < 1 ? 3 : 2);

function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** Median time to require dist/api.js in a fresh Node process (what the first request pays once). */
function requireTimes(runs: number): number {
  const script = `const t = process.hrtime.bigint(); require(${JSON.stringify(dist('api.js'))}); process.stdout.write(String(Number(process.hrtime.bigint() - t) / 1e6));`;
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`require(dist/api.js) failed: ${out.stderr}`);
    times.push(Number(out.stdout));
  }
  return percentile(times, 50);
}

async function main(): Promise<void> {
  clearProxyEnvironment();
  const api = require(dist('api.js')) as Api;
  const fake = await startFake();
  const token = fake.sdkToken('writer');
  const client = api.createClient({ baseUrl: fake.url, timeoutMs: 30_000 });
  const agent = new Agent();
  const scene = { room: ROOMS.reference, token, region: 'us-sv' as const, width: 640, height: 480, path: '/test/cover' };

  const viaClient = async (): Promise<unknown> => client.screenshotScene(scene);
  const bare = async (): Promise<unknown> => {
    const { statusCode, body } = await request(`${fake.url}/v5/rooms/${scene.room}/screenshots`, {
      dispatcher: agent,
      method: 'POST',
      headers: { token, region: 'us-sv', 'Content-Type': 'application/json' },
      body: JSON.stringify({ width: scene.width, height: scene.height, path: scene.path }),
    });
    const value: unknown = await body.json();
    if (statusCode !== 201) throw new Error(`bare request answered ${statusCode}`);
    return value;
  };

  /** Interleaved, so that drift in the machine's load hits both sides alike. */
  async function compare(latency: number, rounds: number): Promise<string[]> {
    fake.setLatency(latency);
    for (let i = 0; i < 20; i++) {
      await viaClient();
      await bare();
    }
    const a: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const order: [() => Promise<unknown>, number[]][] = i % 2 ? [[viaClient, a], [bare, b]] : [[bare, b], [viaClient, a]];
      for (const [fn, samples] of order) {
        const t = now();
        await fn();
        samples.push(now() - t);
      }
    }
    const [am, bm, ap, bp] = [percentile(a, 50), percentile(b, 50), percentile(a, 95), percentile(b, 95)];
    return [
      `| screenshotScene, ${latency} ms server latency (${rounds} calls each) | ${ms(am)} | ${ms(ap)} | ${ms(bm)} | ${ms(bp)} | ${(am / bm).toFixed(3)} | ${(ap / bp).toFixed(3)} |`,
    ];
  }

  const rows = [...(await compare(0, 400)), ...(await compare(50, 100))];
  fake.setLatency(0);

  // A 1,000-scene answer, as the fake service sends it for /deck.
  const deckAccess = { room: ROOMS.deck, token, region: 'eu' as const, width: 64, height: 36, path: '/deck' };
  const deck = await client.screenshotSceneDirectory(deckAccess);
  const text = JSON.stringify(deck);
  const validate: number[] = [];
  const parseAndValidate: number[] = [];
  for (let i = 0; i < 200; i++) {
    const parsed: unknown = JSON.parse(text);
    let t = now();
    parseScreenshotList(parsed);
    validate.push(now() - t);
    t = now();
    parseScreenshotList(JSON.parse(text));
    parseAndValidate.push(now() - t);
  }
  const deckCalls: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = now();
    await client.screenshotSceneDirectory(deckAccess);
    deckCalls.push(now() - t);
  }

  await client.close();
  await agent.close();
  await fake.close();

  // The checkout may be shared with someone running a development build at the same time.
  const production = !readFileSync(dist('api.js'), 'utf8').includes('sourceMappingURL=');
  const extensionBytes = statSync(dist('extension.js')).size;
  const apiBytes = statSync(dist('api.js')).size;
  const requireMs = requireTimes(9);

  console.log(`Scene Snap client bench (Node ${process.version}, ${process.platform}/${process.arch})\n`);
  console.log('| call | client median ms | client p95 ms | bare undici median ms | bare undici p95 ms | ratio median | ratio p95 |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) console.log(row);
  console.log('\n| measure | value |');
  console.log('|---|---:|');
  console.log(`| validate a 1,000-scene answer (median of 200) | ${ms(percentile(validate, 50))} ms |`);
  console.log(`| JSON.parse + validate it (${(text.length / 1024).toFixed(0)} KiB, median of 200) | ${ms(percentile(parseAndValidate, 50))} ms |`);
  console.log(`| screenshotSceneDirectory of 1,000 scenes end to end, fake server (median of 20) | ${ms(percentile(deckCalls, 50))} ms |`);
  console.log(`| dist/extension.js (what activation loads) | ${extensionBytes.toLocaleString('en')} bytes |`);
  console.log(`| dist/api.js (client + undici, loaded on first use) | ${apiBytes.toLocaleString('en')} bytes |`);
  console.log(`| require(dist/api.js) in a fresh process (median of 9) | ${ms(requireMs)} ms |`);
  if (!production) console.log('\nWarning: dist/ is a development build (source maps, not minified); sizes and load time are not what ships.');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
