import { SceneSnapError } from '../api/errors';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature, IHDR length and type, its 13 bytes of data and its CRC. */
const HEADER_BYTES = 8 + 8 + 13 + 4;
/**
 * 10,000 × 10,000 pixels, the largest screenshot the service makes. Checked before decoding, because a
 * few hundred bytes of PNG can claim a size whose pixels would not fit in memory.
 */
export const MAX_PIXELS = 10_000 * 10_000;

export interface PngHeader {
  width: number;
  height: number;
}

function invalid(what: string, problem: string): SceneSnapError {
  return new SceneSnapError('invalidInput', `${what} ${problem}`);
}

/**
 * Checks that `bytes` start like a PNG (signature, then IHDR) and returns the size it claims. `what`
 * names the image in messages ("image a"). Cheap: the host runs it before handing bytes to the worker.
 */
export function readPngHeader(bytes: unknown, what = 'the image'): PngHeader {
  if (!(bytes instanceof Uint8Array)) {
    const got = bytes === null ? 'null' : Array.isArray(bytes) ? 'an array' : typeof bytes === 'object' ? (bytes.constructor?.name ?? 'an object') : typeof bytes;
    throw invalid(what, `must be the bytes of a PNG (a Uint8Array), not ${got}.`);
  }
  if (bytes.length === 0) throw invalid(what, 'is empty: expected the bytes of a PNG.');
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw invalid(what, 'is not a PNG: it does not start with the PNG signature.');
  }
  if (bytes.length < HEADER_BYTES) throw invalid(what, `is a truncated PNG: ${bytes.length} bytes end before its header does.`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (view.getUint32(8) !== 13 || type !== 'IHDR') throw invalid(what, 'is not a valid PNG: its first chunk is not the IHDR header.');
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw invalid(what, `is not a valid PNG: it claims a size of ${width} × ${height}.`);
  if (width * height > MAX_PIXELS) {
    throw invalid(what, `is too large to compare: ${width} × ${height} pixels (at most ${MAX_PIXELS.toLocaleString('en-US')} pixels).`);
  }
  return { width, height };
}
