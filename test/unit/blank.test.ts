import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { detectBlank, isBlank } from '../../src/snapshots/blank';
import { solidPng } from './support/pngs';

const decode = (png: Buffer): PNG => PNG.sync.read(png);

describe('blank detection', () => {
  it('calls a one-colour picture blank and says the colour', () => {
    const verdict = detectBlank(decode(solidPng(64, 36, [250, 250, 250, 255])));
    assert.deepEqual(verdict, { blank: true, colour: [250, 250, 250, 255] });
  });

  it('is not blank when a single pixel differs: the first, the last or one in the middle', () => {
    for (const odd of [0, 64 * 36 - 1, 1000]) assert.equal(isBlank(decode(solidPng(64, 36, [250, 250, 250, 255], odd))), false, `pixel ${odd}`);
  });

  it('tells apart pixels that differ in alpha only', () => {
    const image = decode(solidPng(8, 8, [0, 0, 0, 255]));
    image.data[4 * 10 + 3] = 254;
    assert.equal(isBlank(image), false);
  });

  it('works on a 1×1 picture and on data that is not 4-byte aligned', () => {
    assert.equal(isBlank({ width: 1, height: 1, data: new Uint8Array([1, 2, 3, 4]) }), true);
    const backing = new Uint8Array(1 + 3 * 4);
    const data = backing.subarray(1);
    data.fill(7);
    assert.equal(isBlank({ width: 3, height: 1, data }), true);
    data[11] = 8;
    assert.equal(isBlank({ width: 3, height: 1, data }), false);
  });

  it('the fake service\'s blank board is blank, its scenes are not', async () => {
    const { renderScenePng } = await import('../fake-netless/png.mjs');
    assert.equal(isBlank(decode(renderScenePng({ room: 'r', scene: '/init', width: 320, height: 180, blank: true }))), true);
    assert.equal(isBlank(decode(renderScenePng({ room: 'r', scene: '/init', width: 320, height: 180 }))), false);
  });

  it('refuses data of the wrong size rather than reading past it', () => {
    assert.throws(() => detectBlank({ width: 2, height: 2, data: new Uint8Array(15) }), /16 bytes/);
    assert.throws(() => detectBlank({ width: 0, height: 2, data: new Uint8Array(0) }), /1×1/);
  });

  it('decides a blank 1920×1080 picture quickly', () => {
    const image = { width: 1920, height: 1080, data: new Uint8Array(1920 * 1080 * 4).fill(200) };
    const started = process.hrtime.bigint();
    assert.equal(isBlank(image), true);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    assert.ok(ms < 50, `${ms} ms`);
  });
});
