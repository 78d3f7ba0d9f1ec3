import type { PngHeader } from './pngHeader';

/**
 * How many bytes of pixels a comparison of two PNGs of these sizes holds at once in the worker: each image
 * decoded to RGBA (4 bytes a pixel), the overlap copied when the widths differ (diffImages.ts, overlap),
 * pixelmatch's painted output (4 bytes a pixel of the overlap) and the mask (1 byte a pixel of the union).
 * Two 10000×10000 shots: 1.3 GB. These are ArrayBuffers, outside the worker's V8 heap limits, so they are
 * bounded here, from the headers, before anything is decoded.
 */
export function compareMemoryBytes(a: PngHeader, b: PngHeader): number {
  const ow = Math.min(a.width, b.width);
  const oh = Math.min(a.height, b.height);
  const union = Math.max(a.width, b.width) * Math.max(a.height, b.height);
  const copies = (a.width === ow ? 0 : 1) + (b.width === ow ? 0 : 1);
  return 4 * (a.width * a.height + b.width * b.height) + 4 * ow * oh * (1 + copies) + union;
}

/**
 * The budget of a comparison nobody asked for (the change notes after a screenshot, a directory against its
 * last shot): 512 MiB, two 5600×5600 shots. A larger pair is compared when the user opens it, not
 * behind their back.
 */
export const AUTOMATIC_COMPARE_MAX_BYTES = 512 * 1024 * 1024;
