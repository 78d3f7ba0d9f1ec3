/**
 * Is a screenshot blank? A decoded picture whose every pixel has the same colour (alpha included): an
 * empty scene, or a room whose strokes the server-side screenshot leaves out (the appliance plugin).
 * Pure: no `vscode`, no decoder (the caller decodes).
 */
export interface Rgba {
  width: number;
  height: number;
  /** width × height × 4 bytes, row by row, R G B A. */
  data: Uint8Array;
}

export interface BlankVerdict {
  blank: boolean;
  /** The one colour of a blank picture, as [r, g, b, a]. */
  colour?: [number, number, number, number];
}

/**
 * Compares 32-bit words (one pixel each) and stops at the first pixel that differs, so a normal picture
 * costs a few comparisons and a blank 1280×720 one under a millisecond. Throws on data of the wrong size.
 */
export function detectBlank(image: Rgba): BlankVerdict {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`A picture must be at least 1×1 pixels, not ${String(width)}×${String(height)}.`);
  }
  if (!(data instanceof Uint8Array) || data.length !== width * height * 4) {
    throw new RangeError(`A ${width}×${height} RGBA picture has ${width * height * 4} bytes, not ${data instanceof Uint8Array ? data.length : 'none'}.`);
  }
  const colour: [number, number, number, number] = [data[0]!, data[1]!, data[2]!, data[3]!];
  const pixels = width * height;
  // A Uint32Array view needs 4-byte alignment; a Buffer from a pool may not have it, then copy once.
  const words = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, pixels) : new Uint32Array(data.slice().buffer, 0, pixels);
  const first = words[0]!;
  for (let i = 1; i < pixels; i++) {
    if (words[i] !== first) return { blank: false };
  }
  return { blank: true, colour };
}

/** Just the yes or no. */
export function isBlank(image: Rgba): boolean {
  return detectBlank(image).blank;
}
