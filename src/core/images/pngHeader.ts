import * as l10n from '@vscode/l10n';
import { SceneSnapError } from '../api/errors';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Signature, IHDR length and type, its 13 bytes of data and its CRC. */
const HEADER_BYTES = 8 + 8 + 13 + 4;
/**
 * 10,000 × 10,000 pixels, the largest screenshot the service makes: the budget of every PNG decoder here
 * (the compare's and the blank check's). Checked before decoding, because a few hundred bytes of PNG can
 * claim a size whose pixels would not fit in memory.
 */
export const MAX_PIXELS = 10_000 * 10_000;

/** Whether a picture of that size is within MAX_PIXELS (the one place that says how it is compared). */
export function withinPixelBudget(width: number, height: number): boolean {
  return width * height <= MAX_PIXELS;
}

export interface PngHeader {
  width: number;
  height: number;
}

function invalid(message: string): SceneSnapError {
  return new SceneSnapError('invalidInput', message);
}

/**
 * Checks that `bytes` start like a PNG (signature, then IHDR) and returns the size it claims. `what`
 * names the image in messages ("image a"). Cheap: the host runs it before handing bytes to the worker.
 */
export function readPngHeader(bytes: unknown, what = l10n.t('the image')): PngHeader {
  if (!(bytes instanceof Uint8Array)) {
    const got = bytes === null ? 'null' : Array.isArray(bytes) ? 'an array' : typeof bytes === 'object' ? (bytes.constructor?.name ?? 'an object') : typeof bytes;
    throw invalid(l10n.t('{0} must be the bytes of a PNG (a Uint8Array), not {1}.', what, got));
  }
  if (bytes.length === 0) throw invalid(l10n.t('{0} is empty: expected the bytes of a PNG.', what));
  if (bytes.length < SIGNATURE.length || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw invalid(l10n.t('{0} is not a PNG: it does not start with the PNG signature.', what));
  }
  if (bytes.length < HEADER_BYTES) throw invalid(l10n.t('{0} is a truncated PNG: {1} bytes end before its header does.', what, bytes.length));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const type = String.fromCharCode(bytes[12]!, bytes[13]!, bytes[14]!, bytes[15]!);
  if (view.getUint32(8) !== 13 || type !== 'IHDR') throw invalid(l10n.t('{0} is not a valid PNG: its first chunk is not the IHDR header.', what));
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (width === 0 || height === 0) throw invalid(l10n.t('{0} is not a valid PNG: it claims a size of {1} × {2}.', what, width, height));
  if (!withinPixelBudget(width, height)) {
    throw invalid(l10n.t('{0} is too large to compare: {1} × {2} pixels (at most {3} pixels).', what, width, height, MAX_PIXELS.toLocaleString('en-US')));
  }
  return { width, height };
}
