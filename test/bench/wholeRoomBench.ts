// Issue 22's figure: a whole room of 20 directories × 50 scenes at 50 ms latency, walked the way
// "Screenshot Every Scene of the Room" walks it (the scene list, then one screenshot-list per directory,
// DEFAULT_CONCURRENCY at once), against the same 20 screenshot-list calls made by bare undici with the same
// concurrency; and the event loop's longest stall while ours runs. The fake service runs in a process of
// its own, so its work does not count as ours. Alone: node esbuild.mjs --tests && node out/test/bench/wholeRoomBench.js [--runs N]
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { createClient } from '../../src/core/api/index';
import { DEFAULT_CONCURRENCY, groupByDirectory, roomOutcome, walkDirectories } from '../../src/core/api/sceneWalk';
import { clearProxyEnvironment } from '../unit/support/fakeApi';

const ROOM = 'a0a0a0a0727911ebaea37759ee91947c';
const DIRECTORIES = 20;
const SCENES = 50;
const LATENCY_MS = 50;
const root = path.join(__dirname, '..', '..', '..');

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The fake in a child process, with the room of 20 × 50 scenes; resolves to its URL and an SDK token. */
function startFakeProcess(): Promise<{ child: ChildProcess; url: string; token: string }> {
  const server = path.join(root, 'test', 'fake-netless', 'server.mjs');
  const scenes = Array.from({ length: DIRECTORIES }, (_, d) => Array.from({ length: SCENES }, (_, s) => `/unit-${String(d).padStart(2, '0')}/slide-${String(s).padStart(2, '0')}`)).flat();
  const script = `
    const { startFakeNetless } = await import(${JSON.stringify(`file://${server}`)});
    const fake = await startFakeNetless({ latencyMs: ${LATENCY_MS}, rooms: [{ uuid: ${JSON.stringify(ROOM)}, name: 'Bench', region: 'us-sv', scenes: ${JSON.stringify(scenes)} }] });
    process.stdout.write(JSON.stringify({ url: fake.url, token: fake.sdkToken('writer') }) + '\\n');`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (c: Buffer) => {
      out += c;
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ child, ...(JSON.parse(line) as { url: string; token: string }) });
    });
    child.once('exit', (code) => reject(new Error(`the fake exited (${code})`)));
  });
}

async function main(): Promise<void> {
  clearProxyEnvironment();
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 5;
  const fake = await startFakeProcess();
  const client = createClient({ baseUrl: fake.url, timeoutMs: 30_000 });
  const agent = new Agent();
  const access = { room: ROOM, token: fake.token, region: 'us-sv' as const };
  const size = { width: 1280, height: 720 };

  const ours = async (): Promise<number> => {
    const scenes = await client.listScenes(access, '/');
    const items = roomOutcome(await walkDirectories(groupByDirectory(scenes).map((g) => g.directory), (directory, signal) => client.screenshotSceneDirectory({ ...access, ...size, path: directory }, { signal })));
    return items.reduce((n, i) => n + ('results' in i ? i.results.length : 0), 0);
  };
  const directories = Array.from({ length: DIRECTORIES }, (_, d) => `/unit-${String(d).padStart(2, '0')}`);
  const bare = async (): Promise<number> => {
    let next = 0;
    let count = 0;
    const worker = async (): Promise<void> => {
      while (next < directories.length) {
        const dir = directories[next++]!;
        const { statusCode, body } = await request(`${fake.url}/v5/rooms/${ROOM}/screenshot-list`, { dispatcher: agent, method: 'POST', headers: { token: fake.token, region: 'us-sv', 'Content-Type': 'application/json' }, body: JSON.stringify({ ...size, path: dir }) });
        const value = (await body.json()) as unknown[];
        if (statusCode !== 201) throw new Error(`bare request answered ${statusCode}`);
        count += value.length;
      }
    };
    await Promise.all(Array.from({ length: DEFAULT_CONCURRENCY }, worker));
    return count;
  };

  // Warm both connection pools.
  await ours();
  await bare();
  const oursMs: number[] = [];
  const bareMs: number[] = [];
  const maxDelay: number[] = [];
  const p99Delay: number[] = [];
  for (let i = 0; i < runs; i++) {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    let t = performance.now();
    const shot = await ours();
    oursMs.push(performance.now() - t);
    delay.disable();
    maxDelay.push(delay.max / 1e6);
    p99Delay.push(delay.percentile(99) / 1e6);
    if (shot !== DIRECTORIES * SCENES) throw new Error(`ours shot ${shot} scenes`);
    t = performance.now();
    if ((await bare()) !== DIRECTORIES * SCENES) throw new Error('bare shot another count');
    bareMs.push(performance.now() - t);
  }
  const result = { runs, oursMs: median(oursMs), bareMs: median(bareMs), ratio: median(oursMs.map((o, i) => o / bareMs[i]!)), maxEventLoopDelayMs: median(maxDelay), worstEventLoopDelayMs: Math.max(...maxDelay), p99EventLoopDelayMs: median(p99Delay), concurrency: DEFAULT_CONCURRENCY };
  await client.close();
  await agent.close();
  fake.child.kill();
  console.log(`whole room ${DIRECTORIES} × ${SCENES} at ${LATENCY_MS} ms: ours ${result.oursMs.toFixed(1)} ms (scene list + ${DIRECTORIES} calls, ${DEFAULT_CONCURRENCY} at once), bare undici ${result.bareMs.toFixed(1)} ms, ratio ${result.ratio.toFixed(2)} (goal ≤ 1.3), max event-loop delay ${result.maxEventLoopDelayMs.toFixed(1)} ms median of the runs (goal ≤ 50; worst ${result.worstEventLoopDelayMs.toFixed(1)}, p99 ${result.p99EventLoopDelayMs.toFixed(1)})`);
  console.log(JSON.stringify(result));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
