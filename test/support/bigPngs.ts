import { createDeflate } from 'node:zlib';
import { PNG_SIGNATURE, pngChunk as chunk } from '../../src/core/images/pngChunks';

// Big PNGs made cheaply, for the decoders' budgets: a PNG is written chunk by chunk around IDAT data the
// test chooses (so its header can claim any size), and the IDAT data can be zlib-compressed zeros of any
// length, deflated from one reused buffer so that making a 400 MB picture does not hold 400 MB.
// All-zero scanlines are a valid picture: filter byte 0 (None), every sample 0 (black, or transparent
// black with alpha), so zeros of the right length are an honest blank PNG, and more zeros are a bomb.

export interface Ihdr {
  width: number;
  height: number;
  /** 2 RGB, 6 RGBA (default). */
  colourType?: number;
  bitDepth?: number;
  /** 1 for Adam7. */
  interlace?: number;
}

/** A PNG: signature, IHDR claiming `ihdr`, the IDAT data as given, IEND. */
export function pngWith(ihdr: Ihdr, idat: Uint8Array): Uint8Array {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(ihdr.width, 0);
  header.writeUInt32BE(ihdr.height, 4);
  header[8] = ihdr.bitDepth ?? 8;
  header[9] = ihdr.colourType ?? 6;
  header[12] = ihdr.interlace ?? 0;
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]));
}

/** The parts, one zlib stream (level 9), written as they come: none is held longer than its write. */
async function deflated(parts: Iterable<Uint8Array>): Promise<Buffer> {
  const deflate = createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (c: Buffer) => out.push(c));
  const ended = new Promise((resolve, reject) => deflate.on('end', resolve).on('error', reject));
  for (const part of parts) {
    if (!deflate.write(part)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return Buffer.concat(out);
}

/** `bytes` zero bytes, zlib-compressed (about 1:1000), without ever holding them. */
export function deflatedZeros(bytes: number): Promise<Buffer> {
  const zeros = Buffer.alloc(Math.min(bytes, 1 << 20));
  return deflated(
    (function* () {
      for (let left = bytes; left > 0; left -= zeros.length) yield left >= zeros.length ? zeros : zeros.subarray(0, left);
    })(),
  );
}

/**
 * An empty scene as a good encoder writes it: an 8-bit RGB PNG of one colour, its first row filtered Sub
 * (the colour, then zeros), every other row Up (all zeros). Made row by row, never held whole.
 */
export async function emptyScenePng(width: number, height: number, rgb: [number, number, number] = [255, 255, 255]): Promise<Uint8Array> {
  const first = Buffer.alloc(1 + width * 3);
  first[0] = 1;
  first.set(rgb, 1);
  const up = Buffer.alloc(1 + width * 3);
  up[0] = 2;
  const idat = await deflated(
    (function* () {
      yield first;
      for (let y = 1; y < height; y++) yield up;
    })(),
  );
  return pngWith({ width, height, colourType: 2 }, idat);
}

/** The PNG with a tEXt chunk right after its IHDR: other bytes (another hash), the same pixels. */
export function withText(png: Uint8Array, keyword: string, text: string): Uint8Array {
  const afterIhdr = 8 + 12 + 13;
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  return new Uint8Array(Buffer.concat([png.subarray(0, afterIhdr), chunk('tEXt', data), png.subarray(afterIhdr)]));
}

/** The scanline bytes of a non-interlaced 8-bit PNG: a filter byte, then the samples, per row. */
export function rawBytes(width: number, height: number, channels = 4): number {
  return height * (1 + width * channels);
}

/** An honest one-colour (transparent black) RGBA PNG of any size, small on disk. */
export async function emptyPng(width: number, height: number): Promise<Uint8Array> {
  return pngWith({ width, height }, await deflatedZeros(rawBytes(width, height)));
}

/**
 * Watches this process's memory while `work` runs (sampled every few ms, and at the end): the most that
 * external memory (Buffers, ArrayBuffers) and RSS grew above where they started, in bytes.
 */
export async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; external: number; rss: number }> {
  const start = process.memoryUsage();
  let external = 0;
  let rss = 0;
  const sample = (): void => {
    const m = process.memoryUsage();
    external = Math.max(external, m.external - start.external);
    rss = Math.max(rss, m.rss - start.rss);
  };
  const timer = setInterval(sample, 2);
  try {
    const result = await work();
    sample();
    return { result, external, rss };
  } finally {
    clearInterval(timer);
  }
}
