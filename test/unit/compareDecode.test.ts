import * as assert from 'node:assert/strict';
import { encode as fastEncode } from 'fast-png';
import { PNG } from 'pngjs';
import { decodePng } from '../../src/core/images/decodePng';
import { readPngHeader } from '../../src/core/images/pngHeader';
import { deflatedZeros, peakGrowth, pngWith, rawBytes } from '../support/bigPngs';
import { encode, paint, solid, whiteboard, withChunk } from '../support/pngs';

/** What pngjs (an independent decoder that always gives 8-bit RGBA) reads from the same bytes. */
function reference(png: Uint8Array): Uint8Array {
  return new Uint8Array(PNG.sync.read(Buffer.from(png)).data);
}

function invalidInput(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (err: Error & { code?: string }) => {
    assert.equal(err.name, 'SceneSnapError');
    assert.equal(err.code, 'invalidInput');
    assert.match(err.message, message);
    return true;
  });
}

describe('decodePng (native inflate, normalised to 8-bit RGBA)', () => {
  it('gives the exact pixels of an 8-bit RGBA PNG, with its size', () => {
    const image = paint(solid(7, 5, [10, 20, 30, 255]), 2, 1, 3, 2, [200, 100, 0, 128]);
    const decoded = decodePng(encode(image));
    assert.equal(decoded.width, 7);
    assert.equal(decoded.height, 5);
    assert.deepEqual(decoded.data, image.data);
  });

  it('reads a whiteboard-sized RGB PNG as pngjs does', () => {
    const png = encode(whiteboard(640, 360, 3), 2);
    assert.deepEqual(decodePng(png).data, reference(png));
  });

  const w = 13; // odd, so that packed rows end mid-byte
  const h = 4;
  const ramp = (n: number, max: number) => Array.from({ length: n }, (_, i) => (i * 7919) % (max + 1));
  const cases: Array<[string, Parameters<typeof fastEncode>[0]]> = [
    ['grey 1-bit', { width: w, height: h, channels: 1, depth: 1, data: new Uint8Array(ramp(Math.ceil(w / 8) * h, 255)) }],
    ['grey 2-bit', { width: w, height: h, channels: 1, depth: 2, data: new Uint8Array(ramp(Math.ceil((w * 2) / 8) * h, 255)) }],
    ['grey 4-bit', { width: w, height: h, channels: 1, depth: 4, data: new Uint8Array(ramp(Math.ceil((w * 4) / 8) * h, 255)) }],
    ['grey 8-bit', { width: w, height: h, channels: 1, depth: 8, data: new Uint8Array(ramp(w * h, 255)) }],
    ['grey 16-bit', { width: w, height: h, channels: 1, depth: 16, data: new Uint16Array(ramp(w * h, 65535)) }],
    ['grey + alpha 8-bit', { width: w, height: h, channels: 2, depth: 8, data: new Uint8Array(ramp(w * h * 2, 255)) }],
    ['grey + alpha 16-bit', { width: w, height: h, channels: 2, depth: 16, data: new Uint16Array(ramp(w * h * 2, 65535)) }],
    ['RGB 16-bit', { width: w, height: h, channels: 3, depth: 16, data: new Uint16Array(ramp(w * h * 3, 65535)) }],
    ['RGBA 16-bit', { width: w, height: h, channels: 4, depth: 16, data: new Uint16Array(ramp(w * h * 4, 65535)) }],
    ['palette 8-bit', { width: w, height: h, channels: 1, depth: 8, palette: [[0, 0, 0], [255, 0, 0], [0, 255, 0], [1, 2, 3]], data: new Uint8Array(ramp(w * h, 3)) }],
    ['palette 2-bit with alpha', { width: w, height: h, channels: 1, depth: 2, palette: [[0, 0, 0, 0], [255, 0, 0, 128], [0, 255, 0, 255], [9, 9, 9, 7]], data: new Uint8Array(ramp(Math.ceil((w * 2) / 8) * h, 255)) }],
  ];
  for (const [name, image] of cases) {
    it(`reads ${name} as pngjs does`, () => {
      const png = fastEncode(image);
      assert.deepEqual(decodePng(png).data, reference(png));
    });
  }

  it('honours tRNS transparency of a grey and of an RGB PNG (the keyed colour becomes transparent)', () => {
    const rgb = encode(paint(solid(6, 3, [1, 2, 3, 255]), 0, 0, 2, 3, [9, 8, 7, 255]), 2);
    const rgbKeyed = withChunk(rgb, 'tRNS', new Uint8Array([0, 9, 0, 8, 0, 7]));
    const decoded = decodePng(rgbKeyed);
    assert.deepEqual(decoded.data, reference(rgbKeyed));
    assert.equal(decoded.data[3], 0); // (0,0) was the keyed colour
    assert.equal(decoded.data[5 * 4 + 3], 255);
    const grey = withChunk(fastEncode({ width: 4, height: 1, channels: 1, depth: 8, data: new Uint8Array([5, 6, 5, 7]) }), 'tRNS', new Uint8Array([0, 5]));
    assert.deepEqual(Array.from(decodePng(grey).data.filter((_, i) => i % 4 === 3)), [0, 255, 0, 255]);
    assert.deepEqual(decodePng(grey).data, reference(grey));
  });

  it('rejects bytes that are not a PNG with invalidInput, naming the image', () => {
    invalidInput(() => decodePng(new Uint8Array(0), 'image a'), /^image a is empty/);
    invalidInput(() => decodePng(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]), 'image b'), /^image b is not a PNG/);
    let seed = 7;
    const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    invalidInput(() => decodePng(random), /is not a PNG/);
    invalidInput(() => decodePng(new TextEncoder().encode('<html>not found</html>')), /is not a PNG/);
    invalidInput(() => decodePng('a string' as unknown as Uint8Array), /must be the bytes of a PNG \(a Uint8Array\), not string/);
    invalidInput(() => decodePng(null as unknown as Uint8Array), /not null/);
  });

  it('rejects a truncated PNG with invalidInput, wherever it is cut', () => {
    const png = encode(whiteboard(200, 120, 5));
    for (const length of [8, 20, 33, 60, Math.floor(png.length / 2), png.length - 13, png.length - 1]) {
      invalidInput(() => decodePng(png.subarray(0, length)), /truncated|damaged/);
    }
  });

  it('rejects a PNG whose data is damaged (chunk CRC) with invalidInput', () => {
    const png = encode(whiteboard(200, 120, 5));
    const damaged = new Uint8Array(png);
    damaged[Math.floor(png.length / 2)]! ^= 0x55;
    invalidInput(() => decodePng(damaged), /damaged/);
  });

  it('rejects, before decoding, a header that claims more than 10,000 × 10,000 pixels', () => {
    const png = new Uint8Array(encode(solid(2, 2)));
    const view = new DataView(png.buffer);
    view.setUint32(16, 20_000);
    view.setUint32(20, 20_000);
    invalidInput(() => readPngHeader(png, 'image a'), /too large to compare: 20000 × 20000 pixels/);
    view.setUint32(16, 0);
    invalidInput(() => readPngHeader(png), /size of 0 × 20000/);
  });

  it('rejects a 60000 × 60000 bomb before inflating anything (decodePng, not only the header check)', async () => {
    const png = pngWith({ width: 60_000, height: 60_000 }, await deflatedZeros(64 * 1024 * 1024));
    const { external } = await peakGrowth(async () => invalidInput(() => decodePng(png, 'image b'), /image b is too large to compare: 60000 × 60000/));
    assert.ok(external < 8 * 1024 * 1024, `external memory grew ${Math.round(external / 1024 / 1024)} MB`);
  });

  it('rejects a PNG whose IDAT inflates to more than its header allows, without inflating the excess', async function () {
    this.timeout(60_000);
    // 100 × 100 RGBA claims 40,100 bytes of scanlines; its IDAT holds 200 MB of zeros in ~200 KB.
    const png = pngWith({ width: 100, height: 100 }, await deflatedZeros(200 * 1024 * 1024));
    const { external } = await peakGrowth(async () => invalidInput(() => decodePng(png, 'image a'), /image a .*more pixel data than its header claims/));
    assert.ok(external < 16 * 1024 * 1024, `external memory grew ${Math.round(external / 1024 / 1024)} MB`);
    // The same PNG with exactly its header's worth decodes (to transparent black).
    const honest = decodePng(pngWith({ width: 100, height: 100 }, await deflatedZeros(rawBytes(100, 100))));
    assert.equal(honest.data.length, 100 * 100 * 4);
    assert.ok(honest.data.every((b) => b === 0));
  });

  it('the cap of an interlaced PNG is its seven passes\' scanlines: exactly those decode, one byte more is rejected', async () => {
    // 13 × 7 RGBA in Adam7: passes of 2×1, 2×1, 4×1, 3×2, 7×2, 6×4 and 13×3 pixels, each row with its filter byte.
    const passes = 1 * (1 + 2 * 4) + 1 * (1 + 2 * 4) + 1 * (1 + 4 * 4) + 2 * (1 + 3 * 4) + 2 * (1 + 7 * 4) + 4 * (1 + 6 * 4) + 3 * (1 + 13 * 4);
    assert.equal(passes, 378);
    const decoded = decodePng(pngWith({ width: 13, height: 7, interlace: 1 }, await deflatedZeros(passes)));
    assert.equal(decoded.data.length, 13 * 7 * 4);
    const oneMore = pngWith({ width: 13, height: 7, interlace: 1 }, await deflatedZeros(passes + 1));
    invalidInput(() => decodePng(oneMore, 'image a'), /more pixel data than its header claims/);
  });
});
