import * as assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { decodePng } from '../../src/core/images/decodePng';
import { corpusCases, encodeCase } from '../support/pngCorpus';

// The native-inflate decoder against pngjs (an independent decoder) on a generated corpus: every colour
// type and bit depth, Adam7 and not, each filter type alone and mixed per row, with and without tRNS, two
// IDAT chunks; pixel for pixel.
describe('decodePng against pngjs on every colour type, bit depth, interlace and filter', () => {
  const sizes: Array<[number, number]> = [
    [19, 11], // odd: packed rows end mid-byte, Adam7 passes of uneven widths
    [3, 2], // Adam7 with empty passes
  ];
  for (const [width, height] of sizes) {
    for (const c of corpusCases(width, height)) {
      it(`${width}×${height}, ${c.name}`, () => {
        const png = encodeCase(c, width * 31 + height);
        const expected = new Uint8Array(PNG.sync.read(Buffer.from(png)).data);
        const got = decodePng(png);
        assert.equal(got.width, width);
        assert.equal(got.height, height);
        assert.deepEqual(got.data, expected);
      });
    }
  }
});

// The 8-bit RGBA and RGB path unfilters whole pixels as words, with shortcuts where neighbours are equal:
// pictures of flat blocks and noise take every shortcut and every exception, each filter on its own.
describe('decodePng against pngjs on blocky 8-bit RGBA and RGB pictures (the word path)', () => {
  for (const colourType of [6, 2] as const) {
    for (const filter of [0, 1, 2, 3, 4, 'mixed'] as const) {
      it(`type ${colourType}, filter ${filter}`, () => {
        const png = encodeCase({ name: 'blocks', width: 67, height: 23, colourType, bitDepth: 8, interlace: 0, filter, transparency: false, blocks: true }, 7);
        const expected = new Uint8Array(PNG.sync.read(Buffer.from(png)).data);
        assert.deepEqual(decodePng(png).data, expected);
      });
    }
  }
});
