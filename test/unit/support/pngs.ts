import { PNG } from 'pngjs';

/** A real PNG of one colour, with one pixel of another when `odd` is given (its index). */
export function solidPng(width: number, height: number, rgba: [number, number, number, number], odd?: number): Buffer {
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set(i === odd ? [rgba[0] ^ 0xff, rgba[1], rgba[2], rgba[3]] : rgba, i * 4);
  return PNG.sync.write(png);
}

/** A distinct little PNG per number. */
export function numberedPng(n: number, width = 16, height = 16): Buffer {
  return solidPng(width, height, [n & 0xff, (n >> 8) & 0xff, 128, 255], n % (width * height));
}

/** A PNG of pseudo-random pixels (hardly compressible: large enough to be written in several chunks). */
export function noisyPng(seed: number, width = 256, height = 256): Buffer {
  const png = new PNG({ width, height });
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < png.data.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    png.data[i] = i % 4 === 3 ? 255 : x >>> 24;
  }
  return PNG.sync.write(png);
}
