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
