import * as assert from 'node:assert/strict';
import { createCompareApi, type CompareApi } from '../../src/core/images/index';
import { loadCompare } from '../../src/extension/lazyCompare';
import { encode, paint, solid } from '../support/pngs';

async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await promise;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

describe('compareImages (the exported API, without VS Code)', function () {
  this.timeout(20_000);
  let api: CompareApi;
  beforeEach(() => {
    api = createCompareApi();
  });
  afterEach(() => api.dispose());

  const white = () => solid(100, 60, [255, 255, 255, 255]);

  it('resolves to exactly {width, height, changedPixels, changedRatio, boxes, sizeChanged}: no mask', async () => {
    const r = await api.compareImages(encode(white()), encode(paint(white(), 20, 10, 10, 10, [0, 0, 0, 255])));
    assert.deepEqual(r, { width: 100, height: 60, changedPixels: 100, changedRatio: 100 / 6000, boxes: [{ x: 20, y: 10, width: 10, height: 10 }], sizeChanged: false });
  });

  it('takes options.threshold; no options is the default 0.1', async () => {
    const a = encode(white());
    const b = encode(paint(white(), 0, 0, 10, 10, [248, 250, 255, 255]));
    assert.equal((await api.compareImages(a, b, { threshold: 0 })).changedPixels, 100);
    assert.equal((await api.compareImages(a, b, { threshold: 0.5 })).changedPixels, 0);
    assert.equal((await api.compareImages(a, b)).changedPixels, (await api.compareImages(a, b, { threshold: 0.1 })).changedPixels);
  });

  it('rejects non-PNG bytes, bad options and a bad threshold with code invalidInput', async () => {
    const png = encode(white());
    for (const [a, b, options, message] of [
      [new TextEncoder().encode('GIF89a……'), png, undefined, /image a is not a PNG/],
      [png, new Uint8Array([1, 2, 3]), undefined, /image b is not a PNG/],
      [png, 'a path.png', undefined, /image b must be the bytes of a PNG/],
      [png, png, { threshold: 1.5 }, /threshold must be a number from 0 to 1 \(got 1.5\)/],
      [png, png, 'fast', /options must be an object/],
    ] as const) {
      const err = await rejection(api.compareImages(a, b, options));
      assert.equal(err.code, 'invalidInput', err.message);
      assert.match(err.message, message);
    }
  });

  it('is what the lazy loader gives in the transpiled tree (src/extension/lazyCompare.ts)', () => {
    assert.equal(loadCompare().createCompareApi, createCompareApi);
  });
});
