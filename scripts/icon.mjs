// @ts-check
// Draws media/icon.png, the 128×128 extension icon (marketplace, walkthrough tile): a whiteboard on its
// stand with a drawn line, and a camera lens over its corner. Shapes are signed distance fields, sampled
// 4×4 per pixel for smooth edges. Run: node scripts/icon.mjs
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PNG } from 'pngjs';

const SIZE = 128;
const SAMPLES = 4;

/** @typedef {[number, number, number, number]} RGBA */
/** @typedef {(x: number, y: number) => number} Sdf  negative inside */

/** @type {(cx: number, cy: number, hw: number, hh: number, r: number) => Sdf} */
const roundRect = (cx, cy, hw, hh, r) => (x, y) => {
  const qx = Math.abs(x - cx) - hw + r;
  const qy = Math.abs(y - cy) - hh + r;
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
};
/** @type {(cx: number, cy: number, r: number) => Sdf} */
const circle = (cx, cy, r) => (x, y) => Math.hypot(x - cx, y - cy) - r;
/** A polyline of width `w` with round caps and joins. @type {(points: Array<[number, number]>, w: number) => Sdf} */
const stroke = (points, w) => (x, y) => {
  let best = Infinity;
  for (let i = 0; i + 1 < points.length; i++) {
    const [ax, ay] = /** @type {[number, number]} */ (points[i]);
    const [bx, by] = /** @type {[number, number]} */ (points[i + 1]);
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - ax - t * dx, y - ay - t * dy));
  }
  return best - w / 2;
};
/** @type {(sdf: Sdf, r: number) => Sdf} a ring of width r around the shape's edge */
const ring = (sdf, r) => (x, y) => Math.abs(sdf(x, y)) - r / 2;

/** @param {string} hex @returns {RGBA} */
const rgb = (hex) => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16), 255];
/** @type {(a: RGBA, b: RGBA, t: number) => RGBA} */
const mix = (a, b, t) => [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t, a[3] + (b[3] - a[3]) * t];

/** Layers, back to front: a shape and its colour (a function of the point for gradients). */
/** @type {Array<[Sdf, (x: number, y: number) => RGBA]>} */
const layers = [
  // The tile: a deep blue, lighter at the top.
  [roundRect(64, 64, 62, 62, 26), (_x, y) => mix(rgb('#2f7cf6'), rgb('#1546a8'), y / SIZE)],
  // The board's stand.
  [stroke([[46, 88], [36, 112]], 6), () => rgb('#dbe7ff')],
  [stroke([[82, 88], [92, 112]], 6), () => rgb('#dbe7ff')],
  // The board.
  [roundRect(64, 56, 44, 34, 7), () => rgb('#ffffff')],
  [ring(roundRect(64, 56, 44, 34, 7), 2), () => rgb('#c6d6f5')],
  // What was drawn on it.
  [stroke([[32, 70], [46, 52], [58, 62], [74, 38], [88, 58]], 6), () => rgb('#ff8a3d')],
  [circle(41, 37, 5), () => rgb('#2f7cf6')],
  // The camera lens over the corner: the moment of the screenshot.
  [circle(96, 90, 22), () => rgb('#0d2f73')],
  [circle(96, 90, 15), (x, y) => mix(rgb('#7fd3ff'), rgb('#2f7cf6'), Math.min(1, Math.hypot(x - 90, y - 84) / 20))],
  [ring(circle(96, 90, 15), 2.5), () => rgb('#ffffff')],
  [circle(90.5, 84.5, 4), () => [255, 255, 255, 230]],
];

const png = new PNG({ width: SIZE, height: SIZE });
for (let py = 0; py < SIZE; py++) {
  for (let px = 0; px < SIZE; px++) {
    const sum = [0, 0, 0, 0];
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = px + (sx + 0.5) / SAMPLES;
        const y = py + (sy + 0.5) / SAMPLES;
        /** @type {RGBA} */
        let colour = [0, 0, 0, 0];
        for (const [sdf, paint] of layers) {
          if (sdf(x, y) > 0) continue;
          const top = paint(x, y);
          const a = top[3] / 255;
          // "over", on straight alpha
          const outA = a + (colour[3] / 255) * (1 - a);
          colour = outA === 0 ? [0, 0, 0, 0] : /** @type {RGBA} */ ([0, 1, 2].map((i) => (/** @type {number} */ (top[i]) * a + /** @type {number} */ (colour[i]) * (colour[3] / 255) * (1 - a)) / outA).concat(outA * 255));
        }
        // Premultiplied, so that edge samples against transparency do not darken.
        for (let i = 0; i < 3; i++) sum[i] = /** @type {number} */ (sum[i]) + /** @type {number} */ (colour[i]) * colour[3];
        sum[3] = /** @type {number} */ (sum[3]) + colour[3];
      }
    }
    const at = (py * SIZE + px) * 4;
    const alpha = /** @type {number} */ (sum[3]);
    for (let i = 0; i < 3; i++) png.data[at + i] = alpha === 0 ? 0 : Math.round(/** @type {number} */ (sum[i]) / alpha);
    png.data[at + 3] = Math.round(alpha / (SAMPLES * SAMPLES));
  }
}
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'media', 'icon.png');
writeFileSync(out, PNG.sync.write(png));
console.log(`wrote ${path.relative(process.cwd(), out)}`);
