import { existsSync } from 'node:fs';
import * as path from 'node:path';

type Api = typeof import('./api/index');
let api: Api | undefined;

/**
 * The API client (and undici under it) is a bundle of its own, dist/api.js, loaded on the first request
 * so that activation stays cheap. The paths are computed so that esbuild leaves these requires alone.
 * Beside the bundle (dist/) it is api.js; in the transpiled tree the tests use (out/src/) it is api/index.js.
 */
export function loadApi(): Api {
  if (!api) {
    const bundled = path.join(__dirname, 'api.js');
    api = require(existsSync(bundled) ? bundled : path.join(__dirname, 'api', 'index.js')) as Api;
  }
  return api;
}
