import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';

// The README pictures' re-encoding (test/host/docsImages.mjs): a palette PNG that decodes to the same
// picture when it has at most 256 colours, and to a close one when it has more.

type DocsImages = typeof import('../host/docsImages.mjs', { with: { 'resolution-mode': 'import' } });

function picture(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Buffer {
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) rgba.set([...colour(x, y), 255], (y * width + x) * 4);
  return rgba;
}

describe('README pictures as palette PNGs', () => {
  let encodePalettePng: DocsImages['encodePalettePng'];
  before(async () => {
    // From the repository's test/host (the test build does not copy the runner's folder into out/).
    const repoRoot = path.resolve(__dirname, '../../..');
    ({ encodePalettePng } = (await import(pathToFileURL(path.join(repoRoot, 'test/host/docsImages.mjs')).href)) as DocsImages);
  });

  it('keeps a picture of at most 256 colours exactly, as an 8-bit palette PNG', () => {
    const rgba = picture(50, 20, (x, y) => (x < 10 ? [255, 255, 255] : y % 2 ? [30, 30, 30] : [0, 120, 212]));
    const png = encodePalettePng(rgba, 50, 20);
    assert.equal(png[25], 3, 'colour type 3 (palette)');
    const back = PNG.sync.read(png);
    assert.deepEqual([back.width, back.height], [50, 20]);
    assert.ok(back.data.equals(rgba));
  });

  it('reduces a picture of more colours to 256, each pixel close to its own colour', () => {
    // 1,024 colours: a red-green ramp.
    const rgba = picture(32, 32, (x, y) => [x * 8, y * 8, 100]);
    const png = encodePalettePng(rgba, 32, 32);
    assert.equal(png[25], 3);
    const back = PNG.sync.read(png);
    let worst = 0;
    for (let i = 0; i < rgba.length; i++) worst = Math.max(worst, Math.abs(back.data[i]! - rgba[i]!));
    assert.ok(worst <= 16, `the worst channel is off by ${worst}`);
    const colours = new Set<number>();
    for (let i = 0; i < back.data.length; i += 4) colours.add(back.data.readUInt32BE(i));
    assert.ok(colours.size <= 256 && colours.size > 64, `${colours.size} colours`);
  });
});
