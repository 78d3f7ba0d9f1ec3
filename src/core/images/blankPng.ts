/**
 * Is a kept PNG blank (one colour)? Decoding a 1280×720 PNG costs 30-60 ms (more on a loaded machine),
 * too much to do for each of a 1,000-scene deck on the extension host's thread. Two steps keep it cheap:
 * - a one-colour picture compresses to almost nothing (deflate reaches about 1:1000 on repeated bytes), so
 *   only PNGs whose compressed size is that small are looked at: a picture with content is judged from its
 *   size alone, in no time;
 * - a candidate's pixels are inflated by zlib in libuv's thread pool (off this thread), streamed: each
 *   scanline is compared with the first as it arrives, by native compares of their filtered bytes
 *   (SameAsFirst), and the stream stops at the first that differs. No full decode to RGBA, no per-pixel
 *   loop in JavaScript for a blank picture.
 * Its budget (the PNG is a bucket's answer, so not trusted): a picture over MAX_PIXELS, the compare's
 * limit, is "too large to check" from its header, before anything is inflated; the memory of a check is
 * a few scanlines and one inflate chunk whatever the size (an empty 10000×10000 shot holds 400 MB of
 * pixels, four are checked at once); and inflating stops once the data passes what the header allows.
 * Interlaced and sub-byte PNGs (the service's screenshots are neither) are not called blank: no PNG decoder
 * is bundled for them (it would take the VSIX past its 300 KB). Pure: no `vscode`.
 */
import { createInflate } from 'node:zlib';
import { CHANNELS, readPngLayout, scanlineBytes } from './pngData';
import { withinPixelBudget } from './pngHeader';

/** Inflated bytes handed over at once: the most a check holds of the picture, with two scanlines. */
const INFLATE_CHUNK_BYTES = 128 * 1024;

/**
 * The verdict on a kept PNG: one colour, not (content, or not decodable), or too large to check (more
 * pixels than MAX_PIXELS: never inflated).
 */
export type BlankCheck = 'blank' | 'notBlank' | 'tooLarge';

/**
 * The most bytes a one-colour PNG of `width`×`height` plausibly takes: its raw pixels (at most 8 bytes
 * each, 16-bit RGBA) at a deflate ratio of 1:200, well short of the ~1:1000 deflate reaches, plus room for
 * chunks, metadata and a palette.
 */
export function blankCandidateMaxBytes(width: number, height: number): number {
  return 4096 + Math.ceil((width * height * 8) / 200);
}

/**
 * Whether the PNG is a candidate at all, from its size: false means it has content, or it is over MAX_PIXELS
 * (too large to check, so its bytes need not be read back: they could be a 64 MiB bucket object).
 */
export function mayBeBlank(snapshot: { width: number; height: number; bytes: number }): boolean {
  return withinPixelBudget(snapshot.width, snapshot.height) && snapshot.bytes <= blankCandidateMaxBytes(snapshot.width, snapshot.height);
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** One scanline unfiltered (PNG filter types 0-4) into `line`, given the line above; false for an unknown type. */
function unfilter(filter: number, src: Uint8Array, prev: Uint8Array, line: Uint8Array, bpp: number): boolean {
  for (let i = 0; i < line.length; i++) {
    const x = src[i]!;
    const a = i >= bpp ? line[i - bpp]! : 0;
    const b = prev[i]!;
    let v: number;
    switch (filter) {
      case 0: v = x; break;
      case 1: v = x + a; break;
      case 2: v = x + b; break;
      case 3: v = x + ((a + b) >> 1); break;
      case 4: v = x + paeth(a, b, i >= bpp ? prev[i - bpp]! : 0); break;
      default: return false;
    }
    line[i] = v & 0xff;
  }
  return true;
}

/**
 * Judges scanlines one at a time: whether every pixel equals the first. Every line must then equal the
 * first line, itself one colour, so most lines are checked by a native compare of their filtered bytes,
 * with no per-byte work here: an Up or Paeth line over an identical one is all zeros, a Sub line is its
 * first pixel then zeros, a None line is the line itself. Other lines are unfiltered against the first and
 * compared. Holds the first line and one more, whatever the height.
 */
class SameAsFirst {
  private readonly solid: Buffer;
  private readonly zeros: Buffer;
  private readonly line: Buffer;
  private first = true;

  constructor(
    private readonly stride: number,
    private readonly bpp: number,
  ) {
    this.solid = Buffer.alloc(stride);
    this.zeros = Buffer.alloc(stride);
    this.line = Buffer.alloc(stride);
  }

  /** One scanline, its filter byte first; false once a pixel differs from the first (or the line is damaged). */
  take(scanline: Buffer): boolean {
    const { stride, bpp, solid, zeros, line } = this;
    const filter = scanline[0]!;
    const src = scanline.subarray(1, 1 + stride);
    if (this.first) {
      this.first = false;
      if (!unfilter(filter, src, zeros, solid, bpp)) return false;
      for (let i = bpp; i < stride; i++) if (solid[i] !== solid[i % bpp]) return false;
      return true;
    }
    if ((filter === 2 || filter === 4) && src.equals(zeros)) return true;
    if (filter === 0 && src.equals(solid)) return true;
    if (filter === 1 && src.subarray(0, bpp).equals(solid.subarray(0, bpp)) && src.subarray(bpp).equals(zeros.subarray(bpp))) return true;
    return unfilter(filter, src, solid, line, bpp) && line.equals(solid);
  }
}

/**
 * Inflates the IDAT stream (in the thread pool) and hands each of its `height` scanlines to `judge` as it
 * arrives, without keeping any. Resolves false, and stops inflating, at the first line judged false, once
 * the stream holds more than `height` lines (more than the header allows), when it ends short, or fails.
 */
function everyScanline(idat: Buffer[], height: number, lineBytes: number, judge: (scanline: Buffer) => boolean): Promise<boolean> {
  return new Promise((resolve) => {
    const inflate = createInflate({ chunkSize: INFLATE_CHUNK_BYTES });
    const pending = Buffer.alloc(lineBytes);
    let filled = 0;
    let lines = 0;
    let settled = false;
    const settle = (verdict: boolean): void => {
      if (settled) return;
      settled = true;
      if (!verdict) inflate.destroy();
      resolve(verdict);
    };
    inflate.on('data', (chunk: Buffer) => {
      let at = 0;
      while (at < chunk.length && !settled) {
        if (lines === height) return settle(false);
        let scanline: Buffer;
        if (filled === 0 && chunk.length - at >= lineBytes) {
          // A whole line in this chunk: judged where it is, not copied.
          scanline = chunk.subarray(at, at + lineBytes);
          at += lineBytes;
        } else {
          const taken = chunk.copy(pending, filled, at, Math.min(chunk.length, at + lineBytes - filled));
          filled += taken;
          at += taken;
          if (filled < lineBytes) return;
          filled = 0;
          scanline = pending;
        }
        lines++;
        if (!judge(scanline)) return settle(false);
      }
    });
    inflate.on('end', () => settle(lines === height && filled === 0));
    inflate.on('error', () => settle(false));
    for (const part of idat) inflate.write(part);
    inflate.end();
  });
}

/**
 * Whether the PNG is one colour, not, or too large to check; never throws. Not decodable (or more data
 * than its header allows): not blank. A palette picture whose pixels use two entries of the same colour
 * counts as not blank.
 */
export async function checkBlankPng(bytes: Uint8Array, size: { width: number; height: number }): Promise<BlankCheck> {
  if (!withinPixelBudget(size.width, size.height)) return 'tooLarge';
  if (!mayBeBlank({ ...size, bytes: bytes.length })) return 'notBlank';
  try {
    const png = readPngLayout(bytes);
    if (!png || png.width !== size.width || png.height !== size.height) return 'notBlank';
    const channels = CHANNELS[png.colourType];
    if (channels === undefined || png.interlace !== 0 || png.bitDepth < 8 || png.width === 0 || png.height === 0) return 'notBlank';
    const bpp = (channels * png.bitDepth) / 8;
    const rows = new SameAsFirst(png.width * bpp, bpp);
    const alike = await everyScanline(png.idat, png.height, scanlineBytes(png.width, bpp * 8), (scanline) => rows.take(scanline));
    return alike ? 'blank' : 'notBlank';
  } catch {
    // Not decodable: not called blank (the store already checked it is a PNG by its header).
    return 'notBlank';
  }
}

/** True when every pixel has the same colour (checkBlankPng says 'blank'). */
export async function isBlankPng(bytes: Uint8Array, size: { width: number; height: number }): Promise<boolean> {
  return (await checkBlankPng(bytes, size)) === 'blank';
}
