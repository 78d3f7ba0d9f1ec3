/** A changed region: the bounding box, in pixels, of changed pixels that lie close together (regions.ts). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** What `compareImages` resolves to (DESIGN.md). */
export interface CompareResult {
  /** The union of the two sizes: max(width of a, width of b) × max(height of a, height of b). */
  width: number;
  height: number;
  changedPixels: number;
  /** changedPixels / (width × height), 0 to 1. */
  changedRatio: number;
  boxes: Box[];
  sizeChanged: boolean;
}

export interface CompareOptions {
  /** Per-pixel colour tolerance, 0 (any difference counts) to 1; default 0.1. */
  threshold?: number;
}

/**
 * What each pixel of the union is, one byte per pixel, row by row (width × height of the result).
 * Bit 0 set means the pixel counts as changed.
 */
export const MaskValue = {
  same: 0,
  changed: 1,
  /** Outside both images: one is wider, the other taller, and this corner belongs to neither. */
  inNeither: 2,
  /** Inside only one of the two images (the extra area of a size change). */
  inOne: 3,
} as const;

/** The in-process (and worker) result: the public one plus the mask the panel's difference mode draws. */
export interface DiffResult extends CompareResult {
  mask: Uint8Array;
}

/** A decoded image: 8-bit RGBA, row by row, width × height × 4 bytes. */
export interface DecodedImage {
  width: number;
  height: number;
  data: Uint8Array;
}
