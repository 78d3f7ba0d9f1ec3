import { inflateSync } from 'node:zlib';
import { convertIndexedToRgb, decode, type DecodedPng } from 'fast-png';
import * as l10n from '@vscode/l10n';
import { SceneSnapError } from '../api/errors';
import { inflatedBytes, readPngLayout } from './pngData';
import { readPngHeader } from './pngHeader';
import type { DecodedImage } from './types';

/**
 * Decodes PNG bytes into 8-bit RGBA, whatever the PNG's colour type and bit depth (grey, grey + alpha,
 * RGB, RGBA, palette, 1 to 16 bits, tRNS transparency). Bytes that are not a PNG, or a PNG that is
 * truncated or damaged (chunk CRCs are checked), throw invalidInput naming `what`.
 *
 * fast-png was chosen over pngjs and upng-js by measurement (README, Performance): the fastest of the
 * three on 1920×1080 whiteboard PNGs and the smallest in the worker bundle. Unlike pngjs it hands back
 * the PNG's own samples, hence the conversion below.
 */
export function decodePng(bytes: Uint8Array, what = l10n.t('the image')): DecodedImage {
  const { width, height } = readPngHeader(bytes, what);
  checkInflatedSize(bytes, what);
  let png: DecodedPng;
  try {
    png = decode(bytes, { checkCrc: true });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new SceneSnapError('invalidInput', l10n.t('{0} is a truncated or damaged PNG ({1}).', what, reason.trim() || l10n.t('unreadable')), { cause: err });
  }
  if (png.width !== width || png.height !== height) {
    throw new SceneSnapError('invalidInput', l10n.t('{0} is a damaged PNG: its header and its data disagree on the size.', what));
  }
  try {
    return { width, height, data: toRgba(png) };
  } catch (err) {
    throw new SceneSnapError('invalidInput', l10n.t('{0} is a truncated or damaged PNG ({1}).', what, err instanceof Error ? err.message : String(err)), { cause: err });
  }
}

/**
 * The output cap on inflate: fast-png inflates all of a PNG's data whatever its header says, so a PNG of
 * a few hundred KB within MAX_PIXELS could still inflate to gigabytes. zlib (native, and stopping at the
 * cap) inflates it first, up to exactly what the header allows. Other damage is left to fast-png to name.
 */
function checkInflatedSize(bytes: Uint8Array, what: string): void {
  const layout = readPngLayout(bytes);
  const allowed = layout && inflatedBytes(layout);
  if (!layout || allowed === undefined) return;
  try {
    inflateSync(layout.idat.length === 1 ? layout.idat[0]! : Buffer.concat(layout.idat), { maxOutputLength: allowed });
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new SceneSnapError('invalidInput', l10n.t('{0} is a damaged PNG: it holds more pixel data than its header claims.', what), { cause: err });
    }
  }
}

function damaged(): Error {
  return new Error(l10n.t('it holds fewer pixels than its header claims'));
}

/** 8-bit RGBA of any decoded PNG. The common cases (8-bit RGBA and RGB) take fast paths. */
function toRgba(png: DecodedPng): Uint8Array {
  const { width, height, depth, channels } = png;
  const pixels = width * height;
  if (png.palette) return expand(convertIndexedToRgb(png), pixels);

  const data = png.data;
  if (depth === 8) {
    if (data.length < pixels * channels) throw damaged();
    const bytes = data instanceof Uint8Array ? data : new Uint8Array(data.buffer, data.byteOffset, data.length);
    const key = transparentKey(png);
    if (channels === 4) {
      // pixelmatch reads the pixels as 32-bit words: the view must start on a multiple of 4.
      return bytes.byteOffset % 4 === 0 && bytes.length === pixels * 4 ? bytes : bytes.slice(0, pixels * 4);
    }
    if (channels === 3 && !key) return expand(bytes, pixels);
  }

  // Grey below 8 bits is packed, rows start on a byte; 16-bit samples come as a Uint16Array.
  const max = 2 ** depth - 1;
  const rowSamples = width * channels;
  const rowBytes = Math.ceil((rowSamples * depth) / 8);
  if (depth < 8 ? data.length < rowBytes * height : data.length < pixels * channels) throw damaged();
  const sample =
    depth < 8
      ? (row: number, i: number) => {
          const bit = i * depth;
          return (data[row * rowBytes + (bit >> 3)]! >> (8 - depth - (bit & 7))) & max;
        }
      : (row: number, i: number) => data[row * rowSamples + i]!;
  const to8 = depth === 8 ? (v: number) => v : (v: number) => Math.round((v * 255) / max);
  const key = transparentKey(png);
  const out = new Uint8Array(pixels * 4);
  const raw = [0, 0, 0, 0];
  for (let y = 0, o = 0; y < height; y++) {
    for (let x = 0; x < width; x++, o += 4) {
      for (let c = 0; c < channels; c++) raw[c] = sample(y, x * channels + c);
      const grey = channels <= 2;
      out[o] = to8(raw[0]!);
      out[o + 1] = to8(grey ? raw[0]! : raw[1]!);
      out[o + 2] = to8(grey ? raw[0]! : raw[2]!);
      const hasAlpha = channels === 2 || channels === 4;
      out[o + 3] = hasAlpha ? to8(raw[channels - 1]!) : 255;
      // The keyed colour is fully transparent; written as 0, 0, 0, 0 as pngjs does, so equal stays equal.
      if (key && raw[0] === key[0] && (grey || (raw[1] === key[1] && raw[2] === key[2]))) out.fill(0, o, o + 4);
    }
  }
  return out;
}

/** The colour that tRNS makes fully transparent in a grey or RGB PNG, as raw samples. */
function transparentKey(png: DecodedPng): Uint16Array | undefined {
  const t = png.transparency;
  const need = png.channels === 1 ? 1 : png.channels === 3 ? 3 : 0;
  return need && t && t.length >= need ? t : undefined;
}

/** 8-bit RGB or RGBA samples (3 or 4 per pixel) to RGBA. */
function expand(samples: Uint8Array, pixels: number): Uint8Array {
  const per = samples.length / pixels;
  if (per === 4) return samples.byteOffset % 4 === 0 ? samples : samples.slice();
  if (per !== 3) throw damaged();
  const out = new Uint8Array(pixels * 4);
  for (let i = 0, j = 0; i < out.length; i += 4, j += 3) {
    out[i] = samples[j]!;
    out[i + 1] = samples[j + 1]!;
    out[i + 2] = samples[j + 2]!;
    out[i + 3] = 255;
  }
  return out;
}
