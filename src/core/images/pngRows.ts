/**
 * The pixel half of the PNG decoder (decodePng.ts has the chunks and the inflate): scanlines unfiltered in
 * tight loops, one per filter type, and samples of every colour type and bit depth turned into 8-bit RGBA
 * exactly as pngjs does (16-bit and sub-byte grey scaled with rounding, a tRNS-keyed colour written as
 * 0, 0, 0, 0, palette alpha from tRNS). Pure: no `vscode`, no I/O.
 */
import { ADAM7 } from './pngData';

/** The IHDR fields and the ancillary chunks that decide how samples become RGBA. */
export interface PngFormat {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  /** PLTE as RGB triples. */
  palette?: Uint8Array;
  /** tRNS: alpha per palette entry, or the transparent colour's raw samples (grey: 1, RGB: 3). */
  transparency?: Uint8Array;
}

/** A scanline that cannot be read: an unknown filter type, a palette index past the palette. */
export class DamagedRows extends Error {}

/**
 * Unfilters one scanline: `src` (without its filter byte) into `line`, given the unfiltered line above
 * (`prev`, zeros for the first line of a picture or pass). `bpp`: bytes per complete pixel, at least 1.
 * Typed-array stores wrap at 256, which is PNG's modulo arithmetic.
 */
export function unfilterLine(filter: number, src: Uint8Array, prev: Uint8Array, line: Uint8Array, bpp: number): void {
  const n = line.length;
  switch (filter) {
    case 0:
      line.set(src.subarray(0, n));
      return;
    case 1: {
      for (let i = 0; i < bpp; i++) line[i] = src[i]!;
      for (let i = bpp; i < n; i++) line[i] = src[i]! + line[i - bpp]!;
      return;
    }
    case 2:
      for (let i = 0; i < n; i++) line[i] = src[i]! + prev[i]!;
      return;
    case 3: {
      for (let i = 0; i < bpp; i++) line[i] = src[i]! + (prev[i]! >> 1);
      for (let i = bpp; i < n; i++) line[i] = src[i]! + ((line[i - bpp]! + prev[i]!) >> 1);
      return;
    }
    case 4: {
      if (bpp === 4) return paeth4(src, prev, line, n);
      for (let i = 0; i < bpp; i++) line[i] = src[i]! + prev[i]!;
      for (let i = bpp; i < n; i++) {
        const a = line[i - bpp]!;
        const b = prev[i]!;
        const c = prev[i - bpp]!;
        const pa = b > c ? b - c : c - b; // |p - a| with p = a + b - c
        const pb = a > c ? a - c : c - a; // |p - b|
        const ac = a + b - c - c;
        const pc = ac < 0 ? -ac : ac; // |p - c|
        line[i] = src[i]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
      return;
    }
    default:
      throw new DamagedRows(`unknown filter type ${filter}`);
  }
}

/** Paeth's predictor: whichever of left, up and upper-left is closest to left + up − upper-left. */
function paethPredictor(a: number, b: number, c: number): number {
  const pa = b > c ? b - c : c - b;
  const pb = a > c ? a - c : c - a;
  const ac = a + b - c - c;
  const pc = ac < 0 ? -ac : ac;
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * Paeth for 4-byte pixels (8-bit RGBA, the service's screenshots): the left and upper-left bytes of each
 * channel stay in locals instead of being read back, the hot loop of a whiteboard PNG. `n` is a multiple of 4.
 */
function paeth4(src: Uint8Array, prev: Uint8Array, line: Uint8Array, n: number): void {
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0; // prettier-ignore
  for (let i = 0; i < n; i += 4) {
    const b0 = prev[i]!, b1 = prev[i + 1]!, b2 = prev[i + 2]!, b3 = prev[i + 3]!; // prettier-ignore
    a0 = (src[i]! + paethPredictor(a0, b0, c0)) & 255;
    a1 = (src[i + 1]! + paethPredictor(a1, b1, c1)) & 255;
    a2 = (src[i + 2]! + paethPredictor(a2, b2, c2)) & 255;
    a3 = (src[i + 3]! + paethPredictor(a3, b3, c3)) & 255;
    line[i] = a0;
    line[i + 1] = a1;
    line[i + 2] = a2;
    line[i + 3] = a3;
    c0 = b0;
    c1 = b1;
    c2 = b2;
    c3 = b3;
  }
}

/** Bytes per complete pixel for the unfilter (at least 1: sub-byte pixels use the byte before). */
function bytesPerPixel(format: PngFormat, channels: number): number {
  return Math.max(1, (channels * format.bitDepth) >> 3);
}

/**
 * Writes one unfiltered scanline of `count` pixels as RGBA into `out`, pixel k at `at + k * step` (in
 * bytes). Returns the writer for this format, chosen once per picture.
 */
type RowWriter = (line: Uint8Array, count: number, out: Uint8Array, at: number, step: number) => void;

function rowWriter(format: PngFormat): RowWriter {
  const { bitDepth: depth, colourType, palette, transparency: t } = format;
  if (colourType === 3) return paletteWriter(depth, palette!, t);
  const channels = colourType === 0 ? 1 : colourType === 2 ? 3 : colourType === 4 ? 2 : 4;
  const grey = channels <= 2;
  const alpha = channels === 2 || channels === 4;
  const key = !alpha && t ? keyOf(t, channels) : undefined;
  if (depth === 8 && !key) {
    if (channels === 4) {
      return (line, count, out, at, step) => {
        if (step === 4) {
          out.set(line.subarray(0, count * 4), at);
          return;
        }
        for (let k = 0, i = 0; k < count; k++, i += 4, at += step) {
          out[at] = line[i]!;
          out[at + 1] = line[i + 1]!;
          out[at + 2] = line[i + 2]!;
          out[at + 3] = line[i + 3]!;
        }
      };
    }
    if (channels === 3) {
      return (line, count, out, at, step) => {
        for (let k = 0, i = 0; k < count; k++, i += 3, at += step) {
          out[at] = line[i]!;
          out[at + 1] = line[i + 1]!;
          out[at + 2] = line[i + 2]!;
          out[at + 3] = 255;
        }
      };
    }
  }
  // Every other grey, grey + alpha, RGB and RGBA: read raw samples, scale them to 8 bits.
  const max = 2 ** depth - 1;
  const sample = sampleReader(depth);
  const to8 = depth === 8 ? (v: number) => v : (v: number) => Math.floor((v * 255) / max + 0.5);
  return (line, count, out, at, step) => {
    for (let k = 0, s = 0; k < count; k++, at += step) {
      const r = sample(line, s++);
      const g = grey ? r : sample(line, s++);
      const b = grey ? r : sample(line, s++);
      const a = alpha ? to8(sample(line, s++)) : 255;
      if (key && r === key[0] && g === key[1] && b === key[2]) {
        out[at] = out[at + 1] = out[at + 2] = out[at + 3] = 0;
        continue;
      }
      out[at] = to8(r);
      out[at + 1] = to8(g);
      out[at + 2] = to8(b);
      out[at + 3] = a;
    }
  };
}

/** The raw sample `s` of a scanline (samples packed big-endian, sub-byte ones from the high bits). */
function sampleReader(depth: number): (line: Uint8Array, s: number) => number {
  if (depth === 8) return (line, s) => line[s]!;
  if (depth === 16) return (line, s) => (line[2 * s]! << 8) | line[2 * s + 1]!;
  const perByte = 8 / depth;
  const mask = (1 << depth) - 1;
  return (line, s) => (line[(s / perByte) | 0]! >> (8 - depth - (s % perByte) * depth)) & mask;
}

/** The transparent colour of a grey or RGB PNG as [r, g, b] raw samples; undefined when tRNS is short. */
function keyOf(t: Uint8Array, channels: number): [number, number, number] | undefined {
  if (t.length < channels * 2) return undefined;
  const word = (i: number) => (t[2 * i]! << 8) | t[2 * i + 1]!;
  return channels === 1 ? [word(0), word(0), word(0)] : [word(0), word(1), word(2)];
}

function paletteWriter(depth: number, palette: Uint8Array, t: Uint8Array | undefined): RowWriter {
  const entries = palette.length / 3;
  // RGBA per entry, so a pixel is one lookup.
  const rgba = new Uint8Array(256 * 4);
  for (let e = 0; e < entries; e++) {
    rgba[e * 4] = palette[e * 3]!;
    rgba[e * 4 + 1] = palette[e * 3 + 1]!;
    rgba[e * 4 + 2] = palette[e * 3 + 2]!;
    rgba[e * 4 + 3] = t && e < t.length ? t[e]! : 255;
  }
  const index = sampleReader(depth);
  return (line, count, out, at, step) => {
    for (let k = 0; k < count; k++, at += step) {
      const e = index(line, k);
      if (e >= entries) throw new DamagedRows(`palette index ${e} past its ${entries} entries`);
      const p = e * 4;
      out[at] = rgba[p]!;
      out[at + 1] = rgba[p + 1]!;
      out[at + 2] = rgba[p + 2]!;
      out[at + 3] = rgba[p + 3]!;
    }
  };
}

/**
 * The RGBA pixels of a PNG from its inflated IDAT stream (exactly the bytes its header allows, checked by
 * the caller). `channels`: samples per pixel of its colour type. Throws DamagedRows.
 */
export function pngToRgba(format: PngFormat, channels: number, raw: Uint8Array): Uint8Array {
  const { width, height } = format;
  const out = new Uint8Array(width * height * 4);
  // The service's screenshots (8-bit RGBA, or RGB re-encoded, not interlaced): a pixel at a time, as one word.
  if (LITTLE_ENDIAN && format.interlace === 0 && format.bitDepth === 8 && (format.colourType === 6 || (format.colourType === 2 && !format.transparency))) {
    unfilterWords(raw, width, height, format.colourType === 2, new Int32Array(out.buffer, out.byteOffset, width * height));
    return out;
  }
  const bpp = bytesPerPixel(format, channels);
  const bits = channels * format.bitDepth;
  const write = rowWriter(format);
  const passes = format.interlace === 0 ? [[0, 0, 1, 1] as const] : ADAM7;
  let at = 0;
  for (const [x0, y0, dx, dy] of passes) {
    const columns = width > x0 ? Math.ceil((width - x0) / dx) : 0;
    const rows = height > y0 ? Math.ceil((height - y0) / dy) : 0;
    if (columns === 0 || rows === 0) continue;
    const stride = Math.ceil((columns * bits) / 8);
    let prev = new Uint8Array(stride);
    let line = new Uint8Array(stride);
    for (let r = 0; r < rows; r++, at += stride + 1) {
      unfilterLine(raw[at]!, raw.subarray(at + 1, at + 1 + stride), prev, line, bpp);
      write(line, columns, out, ((y0 + r * dy) * width + x0) * 4, dx * 4);
      [prev, line] = [line, prev];
    }
  }
  return out;
}

/** The word path reads a pixel's bytes r, g, b, a as one Int32 with r in its low byte. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
/** The alpha byte of a little-endian RGBA word. */
const OPAQUE = 0xff000000 | 0;

/**
 * Unfilters 8-bit RGBA (or RGB, `rgb`) scanlines straight into `out`, one Int32 word per RGBA pixel. Each
 * filter predicts a byte from the same channel of the left, upper and upper-left pixels, so a whole pixel
 * is predicted and added at once: bytewise sums and averages in four lanes of a word (addBytes), and
 * Paeth's per-channel choice only where the three neighbours differ (on a whiteboard most pixels sit in a
 * flat area, where the choice is known from whole-word equalities). The residuals of a row are first
 * copied into the row's own words (a native copy for RGBA; RGB gets alpha 0, set opaque at the end: alpha
 * 0 everywhere keeps its lane 0 through every filter). Same output as unfilterLine + rowWriter, byte for
 * byte (the corpus test holds both to pngjs).
 */
function unfilterWords(raw: Uint8Array, width: number, height: number, rgb: boolean, out: Int32Array): void {
  const stride = width * (rgb ? 3 : 4);
  const bytes = new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  for (let y = 0, at = 0; y < height; y++, at += stride + 1) {
    const filter = raw[at]!;
    if (filter > 4) throw new DamagedRows(`unknown filter type ${filter}`);
    const start = y * width;
    const end = start + width;
    if (rgb) {
      for (let k = start, i = at + 1; k < end; k++, i += 3) out[k] = raw[i]! | (raw[i + 1]! << 8) | (raw[i + 2]! << 16);
    } else {
      bytes.set(raw.subarray(at + 1, at + 1 + stride), start * 4);
    }
    // The first row's upper neighbours are 0: Up adds nothing, Paeth always picks the left (Sub).
    if (filter === 0 || (filter === 2 && y === 0)) continue;
    if (filter === 1 || (filter === 4 && y === 0)) {
      let a = 0;
      for (let k = start; k < end; k++) out[k] = a = addBytes(out[k]!, a);
    } else if (filter === 2) {
      for (let k = start; k < end; k++) out[k] = addBytes(out[k]!, out[k - width]!);
    } else if (filter === 3) {
      let a = 0;
      if (y === 0) for (let k = start; k < end; k++) out[k] = a = addBytes(out[k]!, (a >>> 1) & 0x7f7f7f7f);
      else for (let k = start; k < end; k++) out[k] = a = addBytes(out[k]!, halfSum(a, out[k - width]!));
    } else {
      let a = 0;
      let c = 0;
      for (let k = start; k < end; k++) {
        const b = out[k - width]!;
        // b = c: |p − a| is 0; a = b: |p − a| = |p − b| ≤ |p − c|; a = c: |p − b| is 0 (and a ≠ b).
        const predicted = b === c || a === b ? a : a === c ? b : paethWord(a, b, c);
        out[k] = a = addBytes(out[k]!, predicted);
        c = b;
      }
    }
  }
  if (rgb) for (let k = 0; k < out.length; k++) out[k] |= OPAQUE;
}

/** Four bytewise sums modulo 256 (PNG's arithmetic), in two halves of two lanes so nothing leaves int32. */
function addBytes(x: number, y: number): number {
  if (x === 0) return y; // a zero residual: the common case on a flat background
  return (((x & 0x00ff00ff) + (y & 0x00ff00ff)) & 0x00ff00ff) | (((((x >>> 8) & 0x00ff00ff) + ((y >>> 8) & 0x00ff00ff)) & 0x00ff00ff) << 8);
}

/** Four bytewise floor((a + b) / 2): the common bits, plus half of the others (no lane carries). */
function halfSum(a: number, b: number): number {
  return ((a & b) + (((a ^ b) & 0xfefefefe) >>> 1)) | 0;
}

/** Paeth's predictor for each of the four byte lanes of left (a), up (b) and upper-left (c). */
function paethWord(a: number, b: number, c: number): number {
  return paethPredictor(a & 255, b & 255, c & 255)
    | (paethPredictor((a >>> 8) & 255, (b >>> 8) & 255, (c >>> 8) & 255) << 8)
    | (paethPredictor((a >>> 16) & 255, (b >>> 16) & 255, (c >>> 16) & 255) << 16)
    | (paethPredictor(a >>> 24, b >>> 24, c >>> 24) << 24);
}
