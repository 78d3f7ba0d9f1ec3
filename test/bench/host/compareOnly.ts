import { writeFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { edited, encode, whiteboard } from '../../support/pngs';
import { sceneSnapApi } from './hostSetup';
import { compareImagesVsBare } from './index';

// #26's extension-host rows alone (the whole `npm run bench` takes long): compareImages on two 1920×1080
// PNGs against the bare pipeline in the same host, and the host's event loop while 100 such pairs are
// queued at once. In the test host with the development build:
//   node esbuild.mjs && node esbuild.mjs --tests && node test/host/run.mjs --tests out/test/bench/host/compareOnly.js --timeout 300
// Prints the figures as JSON, and writes them to SCENE_SNAP_BENCH_OUT if set. ROUNDS: rounds (default 10).

export async function run(): Promise<void> {
  const api = await sceneSnapApi();
  const rounds = Number(process.env.ROUNDS ?? 10);
  const single = await compareImagesVsBare(api, rounds);

  const board = whiteboard(1920, 1080, 1);
  const a = encode(board);
  const b = encode(edited(board, 2));
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 100 }, () => api.compareImages(a, b)));
  const wallMs = performance.now() - t0;
  loop.disable();
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((r) => setTimeout(r, Math.min(wallMs, 20_000)));
  idle.disable();

  const figures = {
    vscode: vscode.version,
    compareImagesMs: single.oursMs,
    bareMs: single.bareMs,
    ratio: single.oursMs / single.bareMs,
    queued100: { wallMs, maxEventLoopDelayMs: loop.max / 1e6, p99EventLoopDelayMs: loop.percentile(99) / 1e6, idleMaxEventLoopDelayMs: idle.max / 1e6 },
  };
  const text = JSON.stringify(figures, null, 2);
  console.log(`compare bench: ${text}`);
  if (process.env.SCENE_SNAP_BENCH_OUT) writeFileSync(process.env.SCENE_SNAP_BENCH_OUT, `${text}\n`);
}
