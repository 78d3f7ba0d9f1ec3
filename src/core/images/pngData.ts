/**
 * What a PNG decoder needs to know before it inflates anything: the IHDR fields, the compressed pixel
 * data (the IDAT chunks, not copied), and exactly how many bytes that data may inflate to. A file can
 * claim any size in a few hundred bytes and carry a deflate stream that inflates ~1000 times its length,
 * so every decoder here checks the size against MAX_PIXELS (pngHeader.ts) first and stops inflating at
 * inflatedBytes(). Pure: no `vscode`, no decoder; chunk CRCs are not checked here.
 */

export interface PngLayout {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlace: number;
  /** The IDAT chunks' data in order: together, one zlib stream. Views of the input, not copies. */
  idat: Buffer[];
}

/** Samples per pixel of each PNG colour type (grey, RGB, palette, grey + alpha, RGBA). */
export const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

const SIGNATURE_HIGH = 0x89504e47;
const SIGNATURE_LOW = 0x0d0a1a0a;

/** The header and the compressed pixels; undefined for bytes that are not a PNG with both. */
export function readPngLayout(bytes: Uint8Array): PngLayout | undefined {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length < 33 || buf.readUInt32BE(0) !== SIGNATURE_HIGH || buf.readUInt32BE(4) !== SIGNATURE_LOW) return undefined;
  let header: Omit<PngLayout, 'idat'> | undefined;
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
  return header && idat.length > 0 ? { ...header, idat } : undefined;
}

/** Bytes of one scanline of `width` pixels: its filter byte, then the samples packed to whole bytes. */
export function scanlineBytes(width: number, bitsPerPixel: number): number {
  return 1 + Math.ceil((width * bitsPerPixel) / 8);
}

/** Adam7's seven passes: first column, first row, column step, row step. */
export const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/**
 * Exactly how many bytes the IDAT stream of this PNG inflates to (its scanlines, with their filter bytes;
 * for an interlaced PNG, those of its seven reduced pictures). Undefined for an unknown colour type.
 */
export function inflatedBytes(png: Omit<PngLayout, 'idat'>): number | undefined {
  const channels = CHANNELS[png.colourType];
  if (channels === undefined) return undefined;
  const bits = channels * png.bitDepth;
  if (png.interlace === 0) return png.height * scanlineBytes(png.width, bits);
  let total = 0;
  for (const [x0, y0, dx, dy] of ADAM7) {
    const columns = png.width > x0 ? Math.ceil((png.width - x0) / dx) : 0;
    const rows = png.height > y0 ? Math.ceil((png.height - y0) / dy) : 0;
    if (columns > 0 && rows > 0) total += rows * scanlineBytes(columns, bits);
  }
  return total;
}
