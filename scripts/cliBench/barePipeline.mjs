// @ts-check
// The yardstick of `scene-snap check`: the same calls and downloads (list the scenes, one screenshot-list,
// every PNG), each baseline read, fast-png decode ×2 and pixelmatch in the same number of worker threads,
// and nothing else (no verdicts, no reports).
//   node barePipeline.mjs <api> <room> <dir> <baselines folder> <workers>   (token in SCENE_SNAP_SDK_TOKEN)
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { request } from 'undici';

const [api, room, dir, baselines, workerCount] = process.argv.slice(2);
const headers = { token: process.env.SCENE_SNAP_SDK_TOKEN ?? '', region: 'us-sv', 'content-type': 'application/json' };
const listed = await request(`${api}/v5/rooms/${room}/scenes?sceneDir=${encodeURIComponent(/** @type {string} */ (dir))}`, { headers });
const scenes = /** @type {string[]} */ ((/** @type {any} */ (await listed.body.json())).scenes ?? []);
const shot = await request(`${api}/v5/rooms/${room}/screenshot-list`, { method: 'POST', headers, body: JSON.stringify({ width: 1280, height: 720, path: dir }) });
const results = /** @type {{url: string, key: string}[]} */ (await shot.body.json());

const source = `
import { parentPort } from 'node:worker_threads';
import { decode } from ${JSON.stringify(import.meta.resolve('fast-png'))};
import pixelmatch from ${JSON.stringify(import.meta.resolve('pixelmatch'))};
// The service's PNGs are RGB: widened to RGBA for pixelmatch, as the engine does.
const rgba = (img) => {
  if (img.channels === 4) return img;
  const out = new Uint8Array(img.width * img.height * 4);
  for (let i = 0, j = 0; i < img.data.length; i += 3, j += 4) { out[j] = img.data[i]; out[j + 1] = img.data[i + 1]; out[j + 2] = img.data[i + 2]; out[j + 3] = 255; }
  return { ...img, data: out };
};
parentPort.on('message', ({ id, a, b }) => {
  const x = rgba(decode(a)), y = rgba(decode(b));
  const changed = pixelmatch(x.data, y.data, null, x.width, x.height, { threshold: 0.1 });
  parentPort.postMessage({ id, changed });
});`;
const workers = Array.from({ length: Number(workerCount) }, () => ({ w: new Worker(new URL(`data:text/javascript,${encodeURIComponent(source)}`)), busy: 0 }));
let nextId = 0;
/** @type {Map<number, (n: number) => void>} */
const waiting = new Map();
for (const { w } of workers) w.on('message', ({ id, changed }) => waiting.get(id)?.(changed));
/** @param {Uint8Array} a @param {Uint8Array} b */
function compare(a, b) {
  const lane = workers.reduce((best, c) => (c.busy < best.busy ? c : best));
  lane.busy++;
  const id = nextId++;
  return new Promise((resolve) => {
    waiting.set(id, (n) => {
      lane.busy--;
      resolve(n);
    });
    lane.w.postMessage({ id, a, b });
  });
}
let next = 0;
let changed = 0;
await Promise.all(Array.from({ length: 8 }, async () => {
  while (next < results.length) {
    const r = /** @type {{url: string, key: string}} */ (results[next++]);
    const scene = r.key.slice(r.key.indexOf(/** @type {string} */ (room)) + /** @type {string} */ (room).length, -4);
    const actual = new Uint8Array(await (await request(r.url)).body.arrayBuffer());
    const expected = await readFile(path.join(/** @type {string} */ (baselines), ...scene.split('/').filter(Boolean)) + '.png');
    if ((await compare(expected, actual)) > 0) changed++;
  }
}));
for (const { w } of workers) await w.terminate();
console.log(JSON.stringify({ scenes: scenes.length, compared: results.length, changed }));
