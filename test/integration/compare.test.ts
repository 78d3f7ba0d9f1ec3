import * as assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { SceneSnapApi } from '../../src/extension/extension';
import { edited, encode, paint, solid, whiteboard } from '../support/pngs';
import { internals, rejection, sceneSnap } from './support';

// compareImages through the exported API, in the real extension host: the compare client is loaded on
// the first call and the pixel work runs in its worker thread (dist/compareWorker.js).

describe('compareImages through the exported API', function () {
  this.timeout(60_000);
  let api: SceneSnapApi;
  let loadedBeforeFirstCall: boolean;

  before(async () => {
    api = await sceneSnap();
    // Only this suite compares images, and it runs before any other that could: nothing of compare (client
    // or worker) may have been loaded by activation.
    loadedBeforeFirstCall = (await internals()).compare() !== undefined;
  });

  it('activation loaded neither the compare client nor its worker', () => {
    assert.equal(loadedBeforeFirstCall, false);
  });

  it('counts and locates a changed block, and reports a size change', async () => {
    const white = () => solid(320, 180, [255, 255, 255, 255]);
    const a = encode(white());
    const b = encode(paint(white(), 100, 50, 10, 10, [30, 30, 200, 255]));
    const r = await api.compareImages(a, b);
    assert.deepEqual(r, { width: 320, height: 180, changedPixels: 100, changedRatio: 100 / (320 * 180), boxes: [{ x: 100, y: 50, width: 10, height: 10 }], sizeChanged: false });
    assert.deepEqual(await api.compareImages(a, a), { width: 320, height: 180, changedPixels: 0, changedRatio: 0, boxes: [], sizeChanged: false });
    const wider = await api.compareImages(a, encode(solid(330, 180, [255, 255, 255, 255])), { threshold: 0.2 });
    assert.equal(wider.sizeChanged, true);
    assert.equal(wider.changedPixels, 10 * 180);
    assert.deepEqual(wider.boxes, [{ x: 320, y: 0, width: 10, height: 180 }]);
    const client = (await internals()).compare();
    assert.ok(client, 'the compare client was not created');
    assert.equal(client.workerStarts, 1);
  });

  it('rejects bytes that are not a PNG, and a bad threshold, with code invalidInput', async () => {
    const png = encode(solid(8, 8));
    const notPng = await rejection(api.compareImages(new TextEncoder().encode('<html>404</html>'), png));
    assert.equal(notPng.code, 'invalidInput');
    assert.match(notPng.message, /image a is not a PNG/);
    const truncated = await rejection(api.compareImages(png, png.subarray(0, png.length - 30)));
    assert.equal(truncated.code, 'invalidInput');
    const threshold = await rejection(api.compareImages(png, png, { threshold: -1 }));
    assert.equal(threshold.code, 'invalidInput');
    assert.equal((await api.compareImages(png, png)).changedPixels, 0, 'a rejection left the API unusable');
  });

  it('compares two 1920×1080 PNGs in the worker: the extension host’s event loop stays responsive', async () => {
    const board = whiteboard(1920, 1080, 1);
    const a = encode(board);
    const b = encode(edited(board, 2));
    await api.compareImages(a, b); // warm: the worker and its code are loaded, as after the first compare
    const delay = monitorEventLoopDelay({ resolution: 5 });
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    delay.enable();
    const started = Date.now();
    const runs = 3;
    let result;
    for (let i = 0; i < runs; i++) result = await api.compareImages(a, b);
    const took = (Date.now() - started) / runs;
    delay.disable();
    clearInterval(ticker);
    assert.ok(result!.changedPixels > 1000 && result!.boxes.length > 0, JSON.stringify(result));
    const maxDelay = delay.max / 1e6;
    // In-process, each compare (two decodes and pixelmatch) would hold the loop for its whole duration.
    assert.ok(maxDelay < Math.max(50, took / 2), `event loop held for ${maxDelay.toFixed(0)} ms during compares of ${took.toFixed(0)} ms each`);
    assert.ok(ticks >= (took * runs) / 10 / 3, `only ${ticks} timer ticks in ${(took * runs).toFixed(0)} ms`);
    assert.equal((await internals()).compare()?.workerAlive, true);
  });
});
