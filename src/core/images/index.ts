// The host side of comparing images, bundled on its own as dist/compare.js and loaded on the first
// compareImages call (src/extension/lazyCompare.ts); the pixel work is in dist/compareWorker.js. No `vscode` here.
import * as l10n from '@vscode/l10n';
import { CompareClient } from './compareClient';
import { checkCompareOptions } from './options';
import type { CompareResult } from './types';

export { compareEach, type CompareEachOptions } from './compareEach';
export { COMPARE_POOL_MAX_BYTES, COMPARE_WORKER_IDLE_MS, COMPARE_WORKER_LIMITS, CompareClient, CompareWorkerError, defaultPoolSize, type ClientResult, type CompareCallOptions, type ComparePoolOptions } from './compareClient';
export type { Box, CompareOptions, CompareResult } from './types';

export interface CompareApi {
  /** The exported API's compareImages (DESIGN.md): PNG bytes in, counts and boxes out, no mask. */
  compareImages(a: unknown, b: unknown, options?: unknown): Promise<CompareResult>;
  readonly client: CompareClient;
  dispose(): void;
}

/** `bundle`: vscode.l10n.bundle, so this bundle and its worker word their errors in the user's language. */
export function createCompareApi(client?: CompareClient, bundle?: Record<string, string>): CompareApi {
  if (bundle) l10n.config({ contents: bundle });
  client ??= new CompareClient(undefined, bundle);
  return {
    client,
    async compareImages(a, b, options) {
      const { threshold } = checkCompareOptions(options);
      const r = await client.compare(a, b, { threshold });
      return {
        width: r.width,
        height: r.height,
        changedPixels: r.changedPixels,
        changedRatio: r.changedRatio,
        boxes: r.boxes.map(({ x, y, width, height }) => ({ x, y, width, height })),
        sizeChanged: r.sizeChanged,
      };
    },
    dispose: () => client.dispose(),
  };
}
