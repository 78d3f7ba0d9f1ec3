/**
 * Is a kept PNG blank (one colour)? Decoding a 1280×720 PNG costs 30-60 ms (more on a loaded machine),
 * too much to do for each of a 1,000-scene deck on the extension host's thread. Two steps keep it cheap:
 * - a one-colour picture compresses to almost nothing (deflate reaches about 1:1000 on repeated bytes), so
 *   only PNGs whose compressed size is that small are looked at: a picture with content is judged from its
 *   size alone, in no time;
 * - a candidate's pixels are inflated by zlib in libuv's thread pool (off this thread), and its lines are
 *   compared with the first by native compares of their filtered bytes (allPixelsAlike), stopping at the
 *   first that differs: no full decode to RGBA, and no per-pixel loop in JavaScript for a blank picture.
 * Interlaced and sub-byte PNGs (the service's screenshots are neither) are not called blank: no PNG decoder
 * is bundled for them (it would take the VSIX past its 300 KB). Pure: no `vscode`.
 */
import { promisify } from 'node:util';
import { inflate } from 'node:zlib';

const inflateAsync = promisify(inflate);

/**
 * The most bytes a one-colour PNG of `width`×`height` plausibly takes: its raw pixels (at most 8 bytes
 * each, 16-bit RGBA) at a deflate ratio of 1:200, well short of the ~1:1000 deflate reaches, plus room for
 * chunks, metadata and a palette.
 */
export function blankCandidateMaxBytes(width: number, height: number): number {
  return 4096 + Math.ceil((width * height * 8) / 200);
}

/** Whether the PNG is a candidate at all, from its size: false means it has content. */
export function mayBeBlank(snapshot: { width: number; height: number; bytes: number }): boolean {
  return snapshot.bytes <= blankCandidateMaxBytes(snapshot.width, snapshot.height);
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

interface Parsed {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  idat: Buffer;
}

/** The header and the compressed pixels; undefined for bytes that are not a PNG of that shape. */
function parse(bytes: Uint8Array): Parsed | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 33 || buf.readUInt32BE(0) !== 0x89504e47 || buf.readUInt32BE(4) !== 0x0d0a1a0a) return undefined;
  let header: Omit<Parsed, 'idat'> | undefined;
  const idat: Buffer[] = [];
  for (let at = 8; at + 12 <= buf.length; ) {
    const length = buf.readUInt32BE(at);
    const type = buf.toString('latin1', at + 4, at + 8);
    const data = buf.subarray(at + 8, at + 8 + length);
    if (data.length !== length) return undefined;
    if (type === 'IHDR' && length >= 13) {
      header = { width: data.readUInt32BE(0), height: data.readUInt32BE(4), bitDepth: data[8]!, colourType: data[9]!, interlace: data[12]! };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    at += 12 + length;
  }
  return header && idat.length > 0 ? { ...header, idat: Buffer.concat(idat) } : undefined;
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
 * Whether every pixel equals the first. Every line must then equal the first line, itself one colour, so
 * most lines are checked by a native compare of their filtered bytes, with no per-byte work here: an Up
 * or Paeth line over an identical one is all zeros, a Sub line is its first pixel then zeros, a None line
 * is the line itself. Other lines are unfiltered against the first and compared.
 */
function allPixelsAlike(raw: Buffer, width: number, height: number, bpp: number): boolean {
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) return false;
  const solid = Buffer.alloc(stride);
  if (!unfilter(raw[0]!, raw.subarray(1, 1 + stride), new Uint8Array(stride), solid, bpp)) return false;
  for (let i = bpp; i < stride; i++) if (solid[i] !== solid[i % bpp]) return false;
  const zeros = Buffer.alloc(stride);
  const line = Buffer.alloc(stride);
  for (let y = 1; y < height; y++) {
    const at = y * (stride + 1) + 1;
    const filter = raw[at - 1]!;
    const src = raw.subarray(at, at + stride);
    if ((filter === 2 || filter === 4) && src.equals(zeros)) continue;
    if (filter === 0 && src.equals(solid)) continue;
    if (filter === 1 && src.subarray(0, bpp).equals(solid.subarray(0, bpp)) && src.subarray(bpp).equals(zeros.subarray(bpp))) continue;
    if (!unfilter(filter, src, solid, line, bpp) || !line.equals(solid)) return false;
  }
  return true;
}

/**
 * True when every pixel has the same colour; false for a picture with content or one that does not decode.
 * A palette picture whose pixels use two entries of the same colour counts as not blank.
 */
export async function isBlankPng(bytes: Uint8Array, size: { width: number; height: number }): Promise<boolean> {
  if (!mayBeBlank({ ...size, bytes: bytes.length })) return false;
  try {
    const png = parse(bytes);
    if (!png || png.width !== size.width || png.height !== size.height) return false;
    const channels = CHANNELS[png.colourType];
    if (channels === undefined) return false;
    if (png.interlace !== 0 || png.bitDepth < 8) return false;
    const raw = await inflateAsync(png.idat);
    return allPixelsAlike(raw, png.width, png.height, (channels * png.bitDepth) / 8);
  } catch {
    // Not decodable: not called blank (the store already checked it is a PNG by its header).
    return false;
  }
}
