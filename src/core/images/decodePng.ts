import * as zlib from 'node:zlib';
import * as l10n from '@vscode/l10n';
import { SceneSnapError } from '../api/errors';
import { crc32 } from './pngChunks';
import { CHANNELS, inflatedBytes } from './pngData';
import { readPngHeader } from './pngHeader';
import { DamagedRows, pngToRgba, type PngFormat } from './pngRows';
import type { DecodedImage } from './types';

/**
 * Decodes PNG bytes into 8-bit RGBA, whatever the PNG's colour type and bit depth (grey, grey + alpha,
 * RGB, RGBA, palette, 1 to 16 bits, tRNS transparency, Adam7). Bytes that are not a PNG, or a PNG that is
 * truncated or damaged (chunk CRCs are checked), throw invalidInput naming `what`.
 *
 * Inflate is Node's zlib (native), the unfilter and the conversion are tight loops in pngRows.ts. Measured
 * against fast-png (its inflate is fflate, JavaScript) on 1280×720 and 1920×1080 whiteboard PNGs, this is
 * about twice as fast (README, Performance), and the worker bundle loses fast-png and fflate.
 *
 * Budgets: the size is checked against MAX_PIXELS (readPngHeader) before anything is inflated, and zlib
 * stops at exactly the bytes the header allows (inflatedBytes): a small PNG carrying a deflate bomb fails
 * at that cap instead of inflating gigabytes.
 */
export function decodePng(bytes: Uint8Array, what = l10n.t('the image')): DecodedImage {
  readPngHeader(bytes, what);
  const damaged = (reason: string, cause?: unknown): SceneSnapError =>
    new SceneSnapError('invalidInput', l10n.t('{0} is a truncated or damaged PNG ({1}).', what, reason), cause === undefined ? undefined : { cause });
  const { format, idat } = readChunks(bytes, damaged);
  const channels = CHANNELS[format.colourType]!;
  const allowed = inflatedBytes(format)!;
  let raw: Buffer;
  try {
    // One output buffer of exactly the allowed size: no chunks to join (a quarter faster on a 720p shot, and
    // half the transient memory).
    raw = zlib.inflateSync(idat, { maxOutputLength: Math.max(1, allowed), chunkSize: Math.max(64, allowed) });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SceneSnapError('invalidInput', l10n.t('{0} is a damaged PNG: it holds more pixel data than its header claims.', what), { cause: err });
    }
    throw damaged(err instanceof Error ? err.message : String(err), err);
  }
  if (raw.length < allowed) throw damaged(l10n.t('it holds fewer pixels than its header claims'));
  try {
    // A plain Uint8Array view: the row loops then see one kind of array (a Buffer is another to V8).
    const bytes = new Uint8Array(raw.buffer, raw.byteOffset, raw.length);
    return { width: format.width, height: format.height, data: pngToRgba(format, channels, bytes) };
  } catch (err) {
    if (err instanceof DamagedRows) throw damaged(err.message, err);
    throw err;
  }
}

/** Bit depths each colour type allows (PNG spec, IHDR). */
const DEPTHS: Readonly<Record<number, readonly number[]>> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/**
 * Walks the chunks up to IEND, checking each CRC: the header, PLTE, tRNS and the IDAT stream (one buffer;
 * a view of the input when there is a single IDAT). Anything short or inconsistent throws `damaged`.
 */
function readChunks(bytes: Uint8Array, damaged: (reason: string) => SceneSnapError): { format: PngFormat; idat: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let format: PngFormat | undefined;
  const idat: Uint8Array[] = [];
  let ended = false;
  for (let at = 8; at < bytes.length; ) {
    if (at + 12 > bytes.length) throw damaged(l10n.t('it ends inside a chunk'));
    const length = view.getUint32(at);
    const end = at + 12 + length;
    if (end > bytes.length) throw damaged(l10n.t('it ends inside a chunk'));
    const typeAndData = bytes.subarray(at + 4, at + 8 + length);
    if (crc32(typeAndData) >>> 0 !== view.getUint32(at + 8 + length)) throw damaged(l10n.t('a chunk fails its CRC check'));
    const type = String.fromCharCode(bytes[at + 4]!, bytes[at + 5]!, bytes[at + 6]!, bytes[at + 7]!);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') format = readHeader(data, damaged);
    else if (type === 'PLTE' && format) format.palette = data;
    else if (type === 'tRNS' && format) format.transparency = data;
    else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') {
      ended = true;
      break;
    }
    at = end;
  }
  if (!ended) throw damaged(l10n.t('it has no end chunk'));
  if (!format || idat.length === 0) throw damaged(l10n.t('it has no pixel data'));
  if (format.colourType === 3 && (!format.palette || format.palette.length % 3 !== 0 || format.palette.length === 0)) throw damaged(l10n.t('its palette is missing'));
  return { format, idat: idat.length === 1 ? idat[0]! : Buffer.concat(idat) };
}

function readHeader(data: Uint8Array, damaged: (reason: string) => SceneSnapError): PngFormat {
  if (data.length !== 13) throw damaged(l10n.t('its header is malformed'));
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const [bitDepth, colourType, compression, filter, interlace] = [data[8]!, data[9]!, data[10]!, data[11]!, data[12]!];
  if (!DEPTHS[colourType]?.includes(bitDepth) || compression !== 0 || filter !== 0 || interlace > 1) {
    throw damaged(l10n.t('colour type {0} at {1} bits is not a PNG format', colourType, bitDepth));
  }
  return { width: view.getUint32(0), height: view.getUint32(4), bitDepth, colourType, interlace };
}
