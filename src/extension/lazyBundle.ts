import { existsSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Loads a part of the extension that is a bundle of its own (dist/api.js, dist/previewHost.js, …) on first
 * use, so that activation stays cheap. Beside the main bundle (dist/) it is `bundle`; in the transpiled
 * tree the tests use (out/src/…) it is the module `transpiled`, both relative to the caller's `dir`
 * (its __dirname). The path is computed, so esbuild leaves this require alone.
 */
export function requireBundle<T>(dir: string, bundle: string, transpiled: string): T {
  const bundled = path.join(dir, bundle);
  return require(existsSync(bundled) ? bundled : path.join(dir, transpiled)) as T;
}
