import pixelmatch from 'pixelmatch';
import { checkThreshold } from './options';
import { findBoxes, MAX_BOXES } from './regions';
import { MaskValue, type Box, type DecodedImage, type DiffResult } from './types';

export interface DiffOptions {
  /** Per-pixel colour tolerance, 0 to 1 (pixelmatch's threshold); default 0.1. */
  threshold?: number;
  maxBoxes?: number;
}

/**
 * Compares two decoded images pixel by pixel (pixelmatch; anti-aliasing pixels are detected and not
 * counted, as pixelmatch does by default).
 *
 * Images of different sizes are aligned at the top left. The result covers their union
 * (max width × max height): the overlap (min width × min height) is compared pixel by pixel; every pixel
 * inside exactly one of the two images counts as changed (MaskValue.inOne); when one image is wider and the
 * other taller, the corner inside neither does not count (MaskValue.inNeither). So
 *   changedPixels = changed pixels of the overlap + wa·ha + wb·hb − 2 · overlap area,
 *   changedRatio = changedPixels / (union width × union height).
 * Boxes: the regions of changed pixels in the overlap (regions.ts, at most maxBoxes), plus the extra area
 * as at most two boxes of its own: the columns right of the overlap (as tall as the overlap) and the rows
 * below it (as wide as the taller image). They never merge with the overlap's boxes, which they would
 * otherwise swallow.
 */
export function diffImages(a: DecodedImage, b: DecodedImage, options: DiffOptions = {}): DiffResult {
  const threshold = checkThreshold(options.threshold);
  const width = Math.max(a.width, b.width);
  const height = Math.max(a.height, b.height);
  const ow = Math.min(a.width, b.width);
  const oh = Math.min(a.height, b.height);
  const sizeChanged = a.width !== b.width || a.height !== b.height;

  const pa = overlap(a, ow, oh);
  const pb = overlap(b, ow, oh);
  // diffMask: pixelmatch paints only the counted pixels (opaque) and leaves the rest at 0.
  const painted = new Uint8Array(ow * oh * 4);
  const overlapChanged = pixelmatch(pa, pb, painted, ow, oh, { threshold, diffMask: true });
  let changedPixels = overlapChanged;

  const mask = new Uint8Array(width * height);
  if (overlapChanged > 0) {
    const words = new Uint32Array(painted.buffer, 0, ow * oh);
    for (let y = 0; y < oh; y++) {
      const from = y * ow;
      const to = y * width;
      for (let x = 0; x < ow; x++) if (words[from + x] !== 0) mask[to + x] = MaskValue.changed;
    }
  }
  if (sizeChanged) {
    for (let y = 0; y < height; y++) {
      for (let x = y < oh ? ow : 0; x < width; x++) {
        const inA = x < a.width && y < a.height;
        const inB = x < b.width && y < b.height;
        if (inA !== inB) {
          mask[y * width + x] = MaskValue.inOne;
          changedPixels++;
        } else {
          mask[y * width + x] = MaskValue.inNeither;
        }
      }
    }
  }
  const extra: Box[] = [];
  if (a.width !== b.width) extra.push({ x: ow, y: 0, width: width - ow, height: oh });
  if (a.height !== b.height) extra.push({ x: 0, y: oh, width: (a.height > b.height ? a : b).width, height: height - oh });
  const found = overlapChanged > 0 ? findBoxes(mask, width, height, Math.max(1, (options.maxBoxes ?? MAX_BOXES) - extra.length)) : [];
  const boxes = [...found, ...extra].sort((p, q) => p.y - q.y || p.x - q.x);
  return { width, height, changedPixels, changedRatio: changedPixels / (width * height), boxes, sizeChanged, mask };
}

/** The top-left ow × oh pixels of an image, without a copy when its rows already have that width. */
function overlap(image: DecodedImage, ow: number, oh: number): Uint8Array {
  if (image.data.length < image.width * image.height * 4) throw new RangeError('image data is shorter than width × height × 4');
  if (image.width === ow) return image.data.subarray(0, ow * oh * 4);
  const out = new Uint8Array(ow * oh * 4);
  for (let y = 0; y < oh; y++) out.set(image.data.subarray(y * image.width * 4, (y * image.width + ow) * 4), y * ow * 4);
  return out;
}
