import { pngChunk } from '../../src/core/images/pngChunks';
import { PNG } from 'pngjs';
import type { DecodedImage } from '../../src/core/images/types';

// Pictures for the compare tests and the bench: planted RGBA images and whiteboard-like scenes, encoded
// with pngjs (an independent encoder), plus a way to add a chunk to a PNG.

export type Rgba = [number, number, number, number];

export function solid(width: number, height: number, colour: Rgba = [255, 255, 255, 255]): DecodedImage {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set(colour, i);
  return { width, height, data };
}

/** Paints a rectangle (clipped to the image) in place and returns the image. */
export function paint(image: DecodedImage, x: number, y: number, w: number, h: number, colour: Rgba): DecodedImage {
  for (let row = Math.max(0, y); row < Math.min(image.height, y + h); row++) {
    for (let col = Math.max(0, x); col < Math.min(image.width, x + w); col++) image.data.set(colour, (row * image.width + col) * 4);
  }
  return image;
}

export function copy(image: DecodedImage): DecodedImage {
  return { width: image.width, height: image.height, data: new Uint8Array(image.data) };
}

export function encode(image: DecodedImage, colorType: 2 | 6 = 6): Uint8Array {
  const png = new PNG({ width: image.width, height: image.height, colorType, inputHasAlpha: true });
  png.data = Buffer.from(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  const bytes = PNG.sync.write(png, { colorType });
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

/** The PNG with one more chunk just before its first IDAT (e.g. a tRNS the encoder cannot write). */
export function withChunk(png: Uint8Array, type: string, data: Uint8Array): Uint8Array {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let at = 8;
  while (at < png.length && String.fromCharCode(...png.subarray(at + 4, at + 8)) !== 'IDAT') at += 12 + view.getUint32(at);
  const chunk = pngChunk(type, data);
  const out = new Uint8Array(png.length + chunk.length);
  out.set(png.subarray(0, at));
  out.set(chunk, at);
  out.set(png.subarray(at), at + chunk.length);
  return out;
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

/**
 * What a whiteboard scene looks like: a flat, slightly warm background, a few sticky notes, and
 * anti-aliased pen strokes wandering across it. The same seed gives the same picture.
 */
export function whiteboard(width: number, height: number, seed: number, { strokes = 40, notes = 6 } = {}): DecodedImage {
  const r = random(seed);
  const image = solid(width, height, [250, 250, 247, 255]);
  const { data } = image;
  const blend = (x: number, y: number, c: number[], a: number): void => {
    if (x < 0 || y < 0 || x >= width || y >= height || a <= 0) return;
    const p = (y * width + x) * 4;
    for (let k = 0; k < 3; k++) data[p + k] = Math.round(data[p + k]! * (1 - a) + c[k]! * a);
  };
  for (let n = 0; n < notes; n++) {
    const x = Math.floor(r() * Math.max(1, width - 300));
    const y = Math.floor(r() * Math.max(1, height - 200));
    paint(image, x, y, 260, 180, [255, 230 + Math.floor(r() * 25), 120 + Math.floor(r() * 60), 255]);
  }
  for (let s = 0; s < strokes; s++) {
    const c = [Math.floor(r() * 200), Math.floor(r() * 200), Math.floor(r() * 200)];
    const radius = 1.5 + r() * 3;
    const reach = Math.ceil(radius) + 1;
    let x = r() * width;
    let y = r() * height;
    let dir = r() * Math.PI * 2;
    for (let step = 0; step < 300; step++) {
      dir += (r() - 0.5) * 0.5;
      x += Math.cos(dir) * 1.5;
      y += Math.sin(dir) * 1.5;
      for (let dy = -reach; dy <= reach; dy++) {
        for (let dx = -reach; dx <= reach; dx++) {
          const px = Math.floor(x) + dx;
          const py = Math.floor(y) + dy;
          const coverage = Math.min(1, Math.max(0, radius + 0.5 - Math.hypot(px + 0.5 - x, py + 0.5 - y)));
          blend(px, py, c, coverage * 0.6);
        }
      }
    }
  }
  return image;
}

/** The scene after an edit: the same board with one more sticky note and a few more strokes over it. */
export function edited(board: DecodedImage, seed: number): DecodedImage {
  const more = whiteboard(board.width, board.height, seed, { strokes: 8, notes: 1 });
  const out = copy(board);
  // Take the new strokes' pixels wherever they differ from their own background.
  for (let i = 0; i < out.data.length; i += 4) {
    if (more.data[i] !== 250 || more.data[i + 1] !== 250 || more.data[i + 2] !== 247) out.data.set(more.data.subarray(i, i + 4), i);
  }
  return out;
}
