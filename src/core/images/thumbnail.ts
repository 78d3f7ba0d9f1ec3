// A small PNG of a screenshot, for a hover: decoded, box-averaged down to fit a box, encoded again. Pure;
// runs in the thumbnail worker (thumbnailWorker.ts), never on the extension host's thread.
import { encodeRgbaPng } from './pngEncode';
import { decodePng } from './decodePng';
import type { DecodedImage } from './types';

export interface Thumbnail {
  png: Uint8Array;
  width: number;
  height: number;
}

/** The size that fits `maxWidth` × `maxHeight` keeping the aspect ratio; never larger than the image. */
export function thumbnailSize(width: number, height: number, maxWidth: number, maxHeight: number): { width: number; height: number } {
  const scale = Math.min(1, maxWidth / width, maxHeight / height);
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Each target pixel is the mean of the source pixels it covers (a box filter: fine lines stay visible as grey). */
export function downscale(image: DecodedImage, width: number, height: number): DecodedImage {
  const out = new Uint8Array(width * height * 4);
  const sx = image.width / width;
  const sy = image.height / height;
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor(y * sy);
    const y1 = Math.max(y0 + 1, Math.floor((y + 1) * sy));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor(x * sx);
      const x1 = Math.max(x0 + 1, Math.floor((x + 1) * sx));
      let r = 0, g = 0, b = 0, a = 0;
      for (let yy = y0; yy < y1; yy++) {
        let i = (yy * image.width + x0) * 4;
        for (let xx = x0; xx < x1; xx++, i += 4) {
          r += image.data[i]!;
          g += image.data[i + 1]!;
          b += image.data[i + 2]!;
          a += image.data[i + 3]!;
        }
      }
      const n = (y1 - y0) * (x1 - x0);
      const o = (y * width + x) * 4;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
      out[o + 3] = Math.round(a / n);
    }
  }
  return { width, height, data: out };
}

/** PNG bytes in, a PNG of at most `maxWidth` × `maxHeight` out (damaged input throws invalidInput, as decodePng). */
export function makeThumbnail(bytes: Uint8Array, maxWidth: number, maxHeight: number): Thumbnail {
  const image = decodePng(bytes);
  const size = thumbnailSize(image.width, image.height, maxWidth, maxHeight);
  const small = downscale(image, size.width, size.height);
  // A copy in an ArrayBuffer of its own: the worker transfers it, and a small Buffer may sit in Node's shared pool.
  const png = new Uint8Array(encodeRgbaPng(small.data, small.width, small.height));
  return { png, width: small.width, height: small.height };
}
