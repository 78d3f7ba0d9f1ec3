// @ts-check
// Copies the README's pictures from .test-artifacts/docs-<name>.png to docs/images/<name>.png, re-encoded
// as 8-bit palette PNGs: Chromium writes 24-bit PNGs at a fast compression level (a 1,400 × 900 gallery
// was 490 KB), while a workbench picture holds few colours (flat UI, and the fake's boards are two-colour
// stripes), so 256 colours keep it readable at a third of the size or less. A picture with at most 256
// colours is kept exactly; one with more is reduced by median cut (no dithering: it would cost bytes and
// blur the text). README pictures only: tests never compare these files.
//
//   node test/host/docsImages.mjs <name>...
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import pngjs from 'pngjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The chunk writer of the extension's own PNG code, as the test build leaves it (npm run compile-tests).
/** @type {typeof import('../../src/core/images/pngChunks.js')} */
const { PNG_SIGNATURE, pngChunk: chunk } = createRequire(import.meta.url)(path.join(repoRoot, 'out', 'src', 'core', 'images', 'pngChunks.js'));

/**
 * Up to 256 colours for the histogram (packed 0xRRGGBB → pixel count): median cut, each box split along
 * its widest channel at the weighted median, the box with the most pixels × widest range first.
 * @param {Map<number, number>} histogram
 * @returns {number[]} packed colours
 */
function medianCut(histogram) {
  /** @typedef {{ colors: number[], pixels: number }} Box */
  const channel = (/** @type {number} */ c, /** @type {number} */ i) => (c >> (16 - 8 * i)) & 0xff;
  const range = (/** @type {Box} */ box) => {
    let best = 0;
    let axis = 0;
    for (let i = 0; i < 3; i++) {
      let lo = 255;
      let hi = 0;
      for (const c of box.colors) {
        const v = channel(c, i);
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > best) [best, axis] = [hi - lo, i];
    }
    return { best, axis };
  };
  /** @type {Box[]} */
  const boxes = [{ colors: [...histogram.keys()], pixels: [...histogram.values()].reduce((a, b) => a + b, 0) }];
  while (boxes.length < 256) {
    let pick = -1;
    let score = 0;
    let axis = 0;
    for (const [i, box] of boxes.entries()) {
      if (box.colors.length < 2) continue;
      const r = range(box);
      const s = r.best * Math.sqrt(box.pixels);
      if (s > score) [score, pick, axis] = [s, i, r.axis];
    }
    if (pick < 0) break;
    const box = /** @type {Box} */ (boxes[pick]);
    box.colors.sort((a, b) => channel(a, axis) - channel(b, axis));
    let seen = 0;
    let cut = 1;
    for (; cut < box.colors.length - 1; cut++) {
      seen += /** @type {number} */ (histogram.get(/** @type {number} */ (box.colors[cut - 1])));
      if (seen * 2 >= box.pixels) break;
    }
    const left = box.colors.slice(0, cut);
    const right = box.colors.slice(cut);
    const weight = (/** @type {number[]} */ cs) => cs.reduce((a, c) => a + /** @type {number} */ (histogram.get(c)), 0);
    boxes.splice(pick, 1, { colors: left, pixels: weight(left) }, { colors: right, pixels: weight(right) });
  }
  // Each box's colour: the pixel-weighted mean, except that the box's most common colour is kept exactly
  // when it dominates (a flat background or text colour stays exact).
  return boxes.map((box) => {
    const sums = [0, 0, 0];
    let top = /** @type {number} */ (box.colors[0]);
    for (const c of box.colors) {
      const n = /** @type {number} */ (histogram.get(c));
      for (let i = 0; i < 3; i++) sums[i] = /** @type {number} */ (sums[i]) + channel(c, i) * n;
      if (n > /** @type {number} */ (histogram.get(top))) top = c;
    }
    if (/** @type {number} */ (histogram.get(top)) * 2 >= box.pixels) return top;
    const [r, g, b] = sums.map((s) => Math.round(s / box.pixels));
    return (/** @type {number} */ (r) << 16) | (/** @type {number} */ (g) << 8) | /** @type {number} */ (b);
  });
}

/**
 * An opaque RGBA picture as an 8-bit palette PNG.
 * @param {Uint8Array} rgba @param {number} width @param {number} height
 */
export function encodePalettePng(rgba, width, height) {
  /** @type {Map<number, number>} */
  const histogram = new Map();
  for (let p = 0; p < rgba.length; p += 4) {
    const c = ((/** @type {number} */ (rgba[p])) << 16) | ((/** @type {number} */ (rgba[p + 1])) << 8) | /** @type {number} */ (rgba[p + 2]);
    histogram.set(c, (histogram.get(c) ?? 0) + 1);
  }
  const palette = histogram.size <= 256 ? [...histogram.keys()] : medianCut(histogram);
  /** @type {Map<number, number>} colour → palette index, the nearest (squared distance) */
  const index = new Map();
  for (const c of histogram.keys()) {
    let best = 0;
    let bestDistance = Infinity;
    for (const [i, p] of palette.entries()) {
      const dr = ((c >> 16) & 0xff) - ((p >> 16) & 0xff);
      const dg = ((c >> 8) & 0xff) - ((p >> 8) & 0xff);
      const db = (c & 0xff) - (p & 0xff);
      const d = dr * dr * 3 + dg * dg * 4 + db * db * 2;
      if (d < bestDistance) [bestDistance, best] = [d, i];
      if (d === 0) break;
    }
    index.set(c, best);
  }
  const raw = Buffer.alloc((width + 1) * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * 4;
      const c = ((/** @type {number} */ (rgba[p])) << 16) | ((/** @type {number} */ (rgba[p + 1])) << 8) | /** @type {number} */ (rgba[p + 2]);
      raw[y * (width + 1) + 1 + x] = /** @type {number} */ (index.get(c));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 3, 0, 0, 0], 8); // 8 bits, palette, deflate, filter method 0 (rows unfiltered), not interlaced
  const plte = Buffer.alloc(palette.length * 3);
  for (const [i, p] of palette.entries()) plte.set([(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff], i * 3);
  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('PLTE', plte),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    console.error('usage: node test/host/docsImages.mjs <name>...   (copies .test-artifacts/docs-<name>.png to docs/images/<name>.png)');
    process.exit(2);
  }
  for (const name of names) {
    const from = path.join(repoRoot, '.test-artifacts', `docs-${name}.png`);
    const to = path.join(repoRoot, 'docs', 'images', `${name}.png`);
    const png = pngjs.PNG.sync.read(readFileSync(from));
    const out = encodePalettePng(png.data, png.width, png.height);
    writeFileSync(to, out);
    console.log(`docs/images/${name}.png  ${png.width}×${png.height}  ${Math.round(out.length / 1024)} KB`);
  }
}
