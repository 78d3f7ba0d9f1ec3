// @ts-check
// Scene pictures for the fake service's bucket: real PNGs (pngjs) of the requested size, each scene in
// its own colours and stripes with its path written on it, so that previews show which scene they are;
// a changed board adds its revision and strokes, a blank one is a single colour.
import { createHash } from 'node:crypto';
import pngjs from 'pngjs';

const { PNG } = pngjs;

// A 3×5 pixel font, row by row, 1 = ink. Characters it lacks are drawn as a solid block.
/** @type {Record<string, string>} */
const GLYPHS = {
  0: '111101101101111', 1: '010110010010111', 2: '111001111100111', 3: '111001111001111',
  4: '101101111001001', 5: '111100111001111', 6: '111100111101111', 7: '111001010010010',
  8: '111101111101111', 9: '111101111001111', A: '010101111101101', B: '110101110101110',
  C: '011100100100011', D: '110101101101110', E: '111100110100111', F: '111100110100100',
  G: '011100101101011', H: '101101111101101', I: '111010010010111', J: '001001001101010',
  K: '101101110101101', L: '100100100100111', M: '101111111101101', N: '110101101101101',
  O: '010101101101010', P: '110101110100100', Q: '010101101110011', R: '110101110101101',
  S: '011100010001110', T: '111010010010010', U: '101101101101111', V: '101101101101010',
  W: '101101111111101', X: '101101010101101', Y: '101101010010010', Z: '111001010100111',
  '/': '001001010100100', '-': '000000111000000', _: '000000000000111', '.': '000000000000010',
  ' ': '000000000000000', '?': '111001010000010', '×': '000101010101000', ':': '000010000010000',
  '#': '101111101111101',
};
const BLOCK = '111111111111111';

/**
 * @param {number} h 0..360
 * @param {number} s 0..1
 * @param {number} l 0..1
 * @returns {[number, number, number]}
 */
function hsl(h, s, l) {
  const a = s * Math.min(l, 1 - l);
  /** @param {number} n */
  const f = (n) => {
    const k = (n + h / 30) % 12;
    return Math.round(255 * (l - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))));
  };
  return [f(0), f(8), f(4)];
}

/**
 * @typedef {object} SceneImage
 * @property {string} room
 * @property {string} scene   the scene path, e.g. /deck/slide-0001 (any Unicode)
 * @property {number} width
 * @property {number} height
 * @property {number} [revision]  how often the board has changed (default 0): from 1 on, the picture
 *           says "REV n" and has n strokes of ink, so two shots of one scene can differ in content
 * @property {boolean} [blank]    one colour only: an empty board, or strokes the server leaves out
 *           (rooms with the appliance plugin)
 */

/**
 * Renders one scene as a PNG of exactly width × height pixels.
 * @param {SceneImage} image
 * @returns {Buffer}
 */
export function renderScenePng({ room, scene, width, height, revision = 0, blank = false }) {
  const digest = createHash('sha256').update(`${room}\n${scene}`).digest();
  const hue = ((digest[0] ?? 0) * 256 + (digest[1] ?? 0)) % 360;
  const background = hsl(hue, 0.55, 0.5);
  const stripe = hsl(hue, 0.6, 0.62);
  const border = hsl(hue, 0.6, 0.25);
  const card = hsl(hue, 0.3, 0.94);
  const ink = hsl(hue, 0.7, 0.18);
  const period = 12 + ((digest[2] ?? 0) % 40);
  const rising = ((digest[3] ?? 0) & 1) === 1;

  const data = Buffer.alloc(width * height * 3);
  if (blank) {
    const row = Buffer.alloc(width * 3);
    for (let x = 0; x < width; x++) row.set(card, x * 3);
    for (let y = 0; y < height; y++) row.copy(data, y * width * 3);
    return encode(width, height, data);
  }
  /** @param {number} x @param {number} y @param {[number, number, number]} c */
  const put = (x, y, c) => {
    const i = (y * width + x) * 3;
    data[i] = c[0];
    data[i + 1] = c[1];
    data[i + 2] = c[2];
  };
  /** @param {number} x0 @param {number} y0 @param {number} w @param {number} h @param {[number, number, number]} c */
  const fill = (x0, y0, w, h, c) => {
    if (w <= 0 || h <= 0) return;
    const row = Buffer.alloc(w * 3);
    for (let x = 0; x < w; x++) row.set(c, x * 3);
    for (let y = y0; y < y0 + h; y++) row.copy(data, (y * width + x0) * 3);
  };
  // Stripes: every row is one patterned row shifted by the row number, copied rather than drawn.
  const tile = Buffer.alloc((width + period) * 3);
  for (let x = 0; x < width + period; x++) tile.set(x % period < period / 2 ? stripe : background, x * 3);
  for (let y = 0; y < height; y++) {
    const shift = rising ? y % period : (period - (y % period)) % period;
    tile.copy(data, y * width * 3, shift * 3, (shift + width) * 3);
  }
  const edge = Math.max(1, Math.round(Math.min(width, height) / 100));
  fill(0, 0, width, Math.min(edge, height), border);
  fill(0, Math.max(0, height - edge), width, Math.min(edge, height), border);
  fill(0, 0, Math.min(edge, width), height, border);
  fill(Math.max(0, width - edge), 0, Math.min(edge, width), height, border);

  // The tag tells apart scenes whose names this font cannot draw (most Unicode names).
  const tag = digest.subarray(0, 2).toString('hex').toUpperCase();
  const lines = [scene.toUpperCase(), `${width}×${height} #${tag}`, ...(revision > 0 ? [`REV ${revision}`] : [])];
  const columns = Math.max(...lines.map((l) => Array.from(l).length)) * 4 + 1;
  const scale = Math.floor(Math.min((width * 0.8) / columns, (height * 0.5) / (lines.length * 6 + 1)));
  if (scale >= 1) {
    const cardW = columns * scale;
    const cardH = (lines.length * 6 + 1) * scale;
    const left = Math.floor((width - cardW) / 2);
    const top = Math.floor((height - cardH) / 2);
    fill(left, top, cardW, cardH, card);
    lines.forEach((line, row) => {
      Array.from(line).forEach((ch, col) => {
        const glyph = GLYPHS[ch] ?? BLOCK;
        for (let gy = 0; gy < 5; gy++) {
          for (let gx = 0; gx < 3; gx++) {
            if (glyph[gy * 3 + gx] !== '1') continue;
            const x0 = left + (1 + col * 4 + gx) * scale;
            const y0 = top + (1 + row * 6 + gy) * scale;
            for (let y = y0; y < y0 + scale; y++) for (let x = x0; x < x0 + scale; x++) put(x, y, ink);
          }
        }
      });
    });
  }

  // The board's ink: one horizontal stroke per revision, stacked from the top, wrapping after 12.
  if (revision > 0) {
    const thick = Math.max(1, Math.round(height / 60));
    for (let n = 0; n < revision; n++) {
      const slot = n % 12;
      const y0 = edge + thick + slot * thick * 2;
      const x0 = edge + thick + Math.floor(n / 12) * thick;
      fill(x0, Math.min(y0, height - 1), Math.max(0, Math.min(width - x0 - edge, Math.round(width * (0.1 + 0.05 * slot)))), Math.max(0, Math.min(thick, height - y0)), ink);
    }
  }
  return encode(width, height, data);
}

/**
 * @param {number} width
 * @param {number} height
 * @param {Buffer} data  RGB
 */
function encode(width, height, data) {
  const png = new PNG();
  png.width = width;
  png.height = height;
  png.data = data;
  // Filter "sub" suits the flat colours; level 6 keeps a 1280×720 picture fast to make.
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, deflateLevel: 6, filterType: 1 });
}
