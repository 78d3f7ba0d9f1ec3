import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { blankCandidateMaxBytes, isBlankPng, mayBeBlank } from '../../src/snapshots/blankPng';
import { encode, paint, solid, whiteboard } from '../support/pngs';

describe('blank check of a kept PNG (size first, decode only the nearly empty)', () => {
  it('calls a one-colour 1280×720 PNG blank, RGB or RGBA', () => {
    for (const type of [2, 6] as const) {
      const png = encode(solid(1280, 720, [240, 240, 240, 255]), type);
      assert.ok(mayBeBlank({ width: 1280, height: 720, bytes: png.length }), `${png.length} bytes is a candidate`);
      assert.equal(isBlankPng(png, { width: 1280, height: 720 }), true);
    }
  });

  it('one differing pixel is not blank', () => {
    const png = encode(paint(solid(320, 180), 319, 179, 1, 1, [0, 0, 0, 255]));
    assert.equal(isBlankPng(png, { width: 320, height: 180 }), false);
  });

  it('a whiteboard with content is judged by its size alone (not decoded), and is not blank', () => {
    const png = encode(whiteboard(1280, 720, 7));
    assert.ok(png.length > blankCandidateMaxBytes(1280, 720), `a board with strokes is ${png.length} bytes`);
    assert.equal(mayBeBlank({ width: 1280, height: 720, bytes: png.length }), false);
    const started = performance.now();
    for (let i = 0; i < 1000; i++) isBlankPng(png, { width: 1280, height: 720 });
    assert.ok(performance.now() - started < 50, 'a thousand content PNGs cost nothing');
  });

  it('bytes that are not a decodable PNG are not called blank', () => {
    const png = encode(solid(64, 64));
    const broken = png.slice(0, png.length - 20);
    assert.equal(isBlankPng(broken, { width: 64, height: 64 }), false);
    assert.equal(isBlankPng(new Uint8Array([1, 2, 3]), { width: 64, height: 64 }), false);
  });
});
