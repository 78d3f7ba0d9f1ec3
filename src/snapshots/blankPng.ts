/**
 * Is a kept PNG blank (one colour)? Decoding a 1280×720 PNG costs 30-60 ms, too much to do for each of a
 * 1,000-scene deck on the extension host's thread. But a one-colour picture compresses to almost nothing
 * (deflate reaches about 1:1000 on repeated bytes), so only PNGs whose compressed size is that small are
 * decoded at all: a picture with content is judged from its size alone, in no time. Pure: no `vscode`.
 */
import { decodePng } from '../compare/decodePng';
import { detectBlank } from './blank';

/**
 * The most bytes a one-colour PNG of `width`×`height` plausibly takes: its raw pixels (at most 8 bytes
 * each, 16-bit RGBA) at a deflate ratio of 1:200, well short of the ~1:1000 deflate reaches, plus room for
 * chunks, metadata and a palette.
 */
export function blankCandidateMaxBytes(width: number, height: number): number {
  return 4096 + Math.ceil((width * height * 8) / 200);
}

/** Whether the PNG is a candidate at all, from its size: false means it has content. */
export function mayBeBlank(snapshot: { width: number; height: number; bytes: number }): boolean {
  return snapshot.bytes <= blankCandidateMaxBytes(snapshot.width, snapshot.height);
}

/** True when every pixel has the same colour; false for a picture with content or one that does not decode. */
export function isBlankPng(bytes: Uint8Array, size: { width: number; height: number }): boolean {
  if (!mayBeBlank({ ...size, bytes: bytes.length })) return false;
  try {
    return detectBlank(decodePng(bytes)).blank;
  } catch {
    // Not decodable: not called blank (the store already checked it is a PNG by its header).
    return false;
  }
}
