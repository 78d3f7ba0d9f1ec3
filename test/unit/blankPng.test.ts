import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { blankCandidateMaxBytes, isBlankPng, mayBeBlank } from '../../src/snapshots/blankPng';
import { encode, paint, solid, whiteboard } from '../support/pngs';

describe('blank check of a kept PNG (size first, decode only the nearly empty)', () => {
  it('calls a one-colour 1280×720 PNG blank, RGB or RGBA', async () => {
    for (const type of [2, 6] as const) {
      const png = encode(solid(1280, 720, [240, 240, 240, 255]), type);
      assert.ok(mayBeBlank({ width: 1280, height: 720, bytes: png.length }), `${png.length} bytes is a candidate`);
      assert.equal(await isBlankPng(png, { width: 1280, height: 720 }), true);
    }
  });

  it('one differing pixel is not blank: the first, the last, one in the middle, or in alpha only', async () => {
    for (const [x, y, colour] of [[0, 0, [0, 0, 0, 255]], [319, 179, [0, 0, 0, 255]], [160, 90, [255, 255, 254, 255]], [5, 100, [255, 255, 255, 254]]] as const) {
      const png = encode(paint(solid(320, 180), x, y, 1, 1, [...colour]));
      assert.equal(await isBlankPng(png, { width: 320, height: 180 }), false, `${x},${y}`);
    }
  });

  it('agrees with a full decode on every filter type (pngjs picks them per row)', async () => {
    // A gradient makes the encoder use Sub, Up, Average and Paeth; blank versions of it must still be blank.
    const board = solid(97, 61, [12, 34, 56, 255]);
    assert.equal(await isBlankPng(encode(board, 6), { width: 97, height: 61 }), true);
    const striped = paint(solid(97, 61, [12, 34, 56, 255]), 0, 30, 97, 1, [12, 34, 57, 255]);
    assert.equal(await isBlankPng(encode(striped, 2), { width: 97, height: 61 }), false);
  });

  it('a blank 1280×720 check is quick (no full decode to RGBA)', async () => {
    const png = encode(solid(1280, 720, [240, 240, 240, 255]), 2);
    await isBlankPng(png, { width: 1280, height: 720 });
    const started = performance.now();
    assert.equal(await isBlankPng(png, { width: 1280, height: 720 }), true);
    assert.ok(performance.now() - started < 200, `${Math.round(performance.now() - started)} ms`);
  });

  it('a whiteboard with content is judged by its size alone (not decoded), and is not blank', async () => {
    const png = encode(whiteboard(1280, 720, 7));
    assert.ok(png.length > blankCandidateMaxBytes(1280, 720), `a board with strokes is ${png.length} bytes`);
    assert.equal(mayBeBlank({ width: 1280, height: 720, bytes: png.length }), false);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) assert.equal(await isBlankPng(png, { width: 1280, height: 720 }), false);
    assert.ok(performance.now() - started < 50, 'a thousand content PNGs cost nothing');
  });

  it('bytes that are not a decodable PNG are not called blank', async () => {
    const png = encode(solid(64, 64));
    const broken = png.slice(0, png.length - 20);
    assert.equal(await isBlankPng(broken, { width: 64, height: 64 }), false);
    assert.equal(await isBlankPng(new Uint8Array([1, 2, 3]), { width: 64, height: 64 }), false);
  });
});
