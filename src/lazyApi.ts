import * as path from 'node:path';

type Api = typeof import('./api/index');
let api: Api | undefined;

/**
 * The API client (and undici under it) is a bundle of its own, dist/api.js, loaded on the first request
 * so that activation stays cheap. The path is computed so that esbuild leaves this require alone.
 */
export function loadApi(): Api {
  api ??= require(path.join(__dirname, 'api.js')) as Api;
  return api;
}
