import * as l10n from '@vscode/l10n';
import { SceneSnapError } from '../api/errors';

export const DEFAULT_THRESHOLD = 0.1;

/** The per-pixel colour tolerance of a compare: 0 to 1, default 0.1; anything else is invalidInput. */
export function checkThreshold(value: unknown): number {
  if (value === undefined) return DEFAULT_THRESHOLD;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > 1) {
    const shown = typeof value === 'number' ? String(value) : typeof value === 'string' ? JSON.stringify(value.slice(0, 40)) : typeof value;
    throw new SceneSnapError('invalidInput', l10n.t('threshold must be a number from 0 to 1 (got {0}).', shown));
  }
  return value;
}

/** `options` of compareImages: undefined or an object whose threshold passes checkThreshold. */
export function checkCompareOptions(options: unknown): { threshold: number } {
  if (options === undefined || options === null) return { threshold: DEFAULT_THRESHOLD };
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new SceneSnapError('invalidInput', l10n.t('options must be an object such as {0} (got {1}).', '{ threshold: 0.1 }', Array.isArray(options) ? l10n.t('an array') : typeof options));
  }
  return { threshold: checkThreshold((options as { threshold?: unknown }).threshold) };
}
