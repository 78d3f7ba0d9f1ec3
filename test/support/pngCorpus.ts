import { deflateSync } from 'node:zlib';
import { PNG_SIGNATURE, pngChunk as chunk } from '../../src/core/images/pngChunks';

// A PNG encoder for decoder tests that writes what ordinary encoders do not let a test choose: every
// colour type and bit depth, Adam7 or not, each of the five filter types (or a different one per row),
// a palette with tRNS alpha, a tRNS key. Samples come from a seeded generator, so a case is reproducible.

export interface CorpusCase {
  name: string;
  width: number;
  height: number;
  colourType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  interlace: 0 | 1;
  /** 0-4, or 'mixed': row r uses filter r % 5. */
  filter: number | 'mixed';
  /** Add tRNS (palette alpha, or the grey / RGB key set to a colour the picture uses). */
  transparency: boolean;
  /**
   * Flat blocks of colour with a little noise, as on a whiteboard: whole pixels equal to the one above, to
   * the left or to the upper-left (the decoder's shortcuts), next to pixels where every channel differs.
   */
  blocks?: boolean;
}

const CHANNELS = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 } as const;
const DEPTHS = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] } as const;
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;

/** Every colour type × bit depth × interlace × filter (five and mixed), with and without tRNS where it applies. */
export function corpusCases(width = 19, height = 11): CorpusCase[] {
  const cases: CorpusCase[] = [];
  for (const colourType of [0, 2, 3, 4, 6] as const) {
    for (const bitDepth of DEPTHS[colourType]) {
      for (const interlace of [0, 1] as const) {
        for (const filter of [0, 1, 2, 3, 4, 'mixed'] as const) {
          for (const transparency of colourType === 4 || colourType === 6 ? [false] : [false, true]) {
            const name = `type ${colourType}, ${bitDepth}-bit, ${interlace ? 'Adam7' : 'not interlaced'}, filter ${filter}${transparency ? ', tRNS' : ''}`;
            cases.push({ name, width, height, colourType, bitDepth: bitDepth as CorpusCase['bitDepth'], interlace, filter, transparency });
          }
        }
      }
    }
  }
  return cases;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** One filtered scanline (filter byte first) from the raw line and the raw line above. */
function filterLine(filter: number, line: Uint8Array, prev: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(line.length + 1);
  out[0] = filter;
  for (let i = 0; i < line.length; i++) {
    const a = i >= bpp ? line[i - bpp]! : 0;
    const b = prev[i]!;
    const c = i >= bpp ? prev[i - bpp]! : 0;
    const predictor = [0, a, b, (a + b) >> 1, paeth(a, b, c)][filter]!;
    out[i + 1] = (line[i]! - predictor) & 0xff;
  }
  return out;
}

/** Packs samples of `depth` bits, big-endian, rows starting on a byte. */
function packRow(samples: number[], depth: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((samples.length * depth) / 8));
  samples.forEach((v, i) => {
    if (depth === 16) {
      out[2 * i] = v >> 8;
      out[2 * i + 1] = v & 0xff;
    } else if (depth === 8) out[i] = v;
    else out[(i * depth) >> 3]! |= v << (8 - depth - ((i * depth) & 7));
  });
  return out;
}

/** The PNG of a case: its samples are seeded noise with runs (so every filter sees real predictions). */
export function encodeCase(c: CorpusCase, seed = 1): Uint8Array {
  const channels = CHANNELS[c.colourType];
  const max = 2 ** c.bitDepth - 1;
  const entries = c.colourType === 3 ? Math.min(max + 1, 6) : 0;
  let s = seed >>> 0;
  const next = (): number => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
  // Samples per pixel, row by row; neighbours often repeat, as in a real picture.
  const pixels: number[][] = [];
  const block = (x: number, y: number): number[] => {
    let h = (Math.floor(x / 5) * 73856093) ^ (Math.floor(y / 3) * 19349663);
    return Array.from({ length: channels }, (_, k) => ((h = (h * 1103515245 + 12345 + k) >>> 0) >>> 8) % (max + 1));
  };
  for (let i = 0; i < c.width * c.height; i++) {
    if (c.blocks) pixels.push(next() < 0.1 ? Array.from({ length: channels }, () => Math.floor(next() * (max + 1))) : block(i % c.width, Math.floor(i / c.width)));
    else if (i > 0 && next() < 0.4) pixels.push([...pixels[i - 1]!]);
    else pixels.push(Array.from({ length: channels }, () => (c.colourType === 3 ? Math.floor(next() * entries) : Math.floor(next() * (max + 1)))));
  }
  const bpp = Math.max(1, (channels * c.bitDepth) >> 3);
  const passes = c.interlace ? ADAM7 : ([[0, 0, 1, 1]] as const);
  const lines: Uint8Array[] = [];
  let row = 0;
  for (const [x0, y0, dx, dy] of passes) {
    if (x0 >= c.width || y0 >= c.height) continue;
    let prev: Uint8Array | undefined;
    for (let y = y0; y < c.height; y += dy) {
      const samples: number[] = [];
      for (let x = x0; x < c.width; x += dx) samples.push(...pixels[y * c.width + x]!);
      const line = packRow(samples, c.bitDepth);
      prev ??= new Uint8Array(line.length);
      const filter = c.filter === 'mixed' ? row % 5 : c.filter;
      lines.push(filterLine(filter, line, prev, bpp));
      prev = line;
      row++;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(c.width, 0);
  header.writeUInt32BE(c.height, 4);
  header[8] = c.bitDepth;
  header[9] = c.colourType;
  header[12] = c.interlace;
  const chunks = [chunk('IHDR', header)];
  if (c.colourType === 3) {
    const palette = new Uint8Array(entries * 3).map(() => Math.floor(next() * 256));
    chunks.push(chunk('PLTE', palette));
    // Fewer alpha entries than the palette: the rest are opaque.
    if (c.transparency) chunks.push(chunk('tRNS', new Uint8Array(Math.max(1, entries - 2)).map(() => Math.floor(next() * 256))));
  } else if (c.transparency && (c.colourType === 0 || c.colourType === 2)) {
    const key = pixels[Math.floor(pixels.length / 3)]!;
    chunks.push(chunk('tRNS', packRow(key, 16)));
  }
  const idat = deflateSync(Buffer.concat(lines));
  // Split in two IDAT chunks: a decoder must join them.
  const half = Math.floor(idat.length / 2);
  chunks.push(chunk('IDAT', idat.subarray(0, half)), chunk('IDAT', idat.subarray(half)), chunk('IEND', new Uint8Array(0)));
  return new Uint8Array(Buffer.concat([PNG_SIGNATURE, ...chunks]));
}
