/**
 * From a comparison to a verdict, and from verdicts to the exit code (DESIGN.md, "The command line").
 * Pure: the numbers come in, words and codes go out.
 */
import type { Box } from '../images/types';
import type { Mask } from './checksFile';

export type Verdict = 'matched' | 'changed' | 'sizeChanged' | 'new' | 'missing' | 'blank' | 'failed';

/**
 * The words for each verdict in the reports and on the terminal (English, as the command line is). One
 * table, so that the HTML report, the GitHub summary and the progress lines never disagree. (VS Code words
 * them through l10n: src/extension/checks/verdictWords.ts.)
 */
export const VERDICT_WORDS: Readonly<Record<Verdict, string>> = {
  matched: 'matched',
  changed: 'changed',
  sizeChanged: 'size changed',
  new: 'new',
  missing: 'missing',
  blank: 'blank',
  failed: 'not captured',
};

/** The numbers of a comparison that verdicts need (CompareResult, optionally with the mask). */
export interface Comparison {
  width: number;
  height: number;
  changedPixels: number;
  changedRatio: number;
  boxes: Box[];
  sizeChanged: boolean;
  /** One byte per pixel of the union, bit 0 = changed (src/core/images/types.ts, MaskValue). */
  mask?: Uint8Array;
}

/** Changed pixels under the masks do not count, nor boxes wholly inside one; counts and ratio are redone. */
export function applyMasks(c: Comparison, masks: readonly Mask[]): Comparison {
  if (masks.length === 0 || c.sizeChanged) return c;
  if (!c.mask) throw new Error('applyMasks needs the comparison mask (compare withMask)');
  const covered = new Uint8Array(c.width * c.height);
  for (const m of masks) {
    for (let y = m.y; y < Math.min(m.y + m.height, c.height); y++) covered.fill(1, y * c.width + m.x, y * c.width + Math.min(m.x + m.width, c.width));
  }
  let changedPixels = 0;
  for (let i = 0; i < covered.length; i++) if (!covered[i] && c.mask[i]! & 1) changedPixels++;
  const inside = (b: Box): boolean => masks.some((m) => b.x >= m.x && b.y >= m.y && b.x + b.width <= m.x + m.width && b.y + b.height <= m.y + m.height);
  const total = c.width * c.height;
  return { ...c, changedPixels, changedRatio: total ? changedPixels / total : 0, boxes: c.boxes.filter((b) => !inside(b)) };
}

/**
 * The verdict of a comparison: a size change is its own verdict; otherwise the changed pixels pass when
 * within either allowance (maxChangedPixels or maxChangedRatio; both 0 by default, so any change fails).
 */
export function verdictOf(c: Comparison, allowance: { maxChangedPixels: number; maxChangedRatio: number }): 'matched' | 'changed' | 'sizeChanged' {
  if (c.sizeChanged) return 'sizeChanged';
  if (c.changedPixels === 0) return 'matched';
  return c.changedPixels <= allowance.maxChangedPixels || c.changedRatio <= allowance.maxChangedRatio ? 'matched' : 'changed';
}

export const EXIT = { matched: 0, differences: 1, usage: 2, capture: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/**
 * 0 all matched; 1 differences (changed, size changed, blank; new and missing only under `strict`);
 * 3 something could not be captured, which wins over differences (it was not checked, so never 0).
 * After `--update`, 0 once every target was captured (what was asked is written).
 */
export function exitCodeOf(verdicts: readonly Verdict[], options: { strict?: boolean; update?: boolean } = {}): ExitCode {
  if (verdicts.includes('failed')) return EXIT.capture;
  if (options.update) return EXIT.matched;
  const failing = new Set<Verdict>(['changed', 'sizeChanged', 'blank', ...(options.strict ? (['new', 'missing'] as const) : [])]);
  return verdicts.some((v) => failing.has(v)) ? EXIT.differences : EXIT.matched;
}
