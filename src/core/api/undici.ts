/**
 * The parts of undici the client uses, required from their own modules instead of undici's index: the
 * index also loads fetch, WebSocket, EventSource, the cache stores and the mocks, which the esbuild bundle
 * cannot shake off (CommonJS), and which made dist/api.js 535 KB minified (330 KB this way; about 60 KB
 * less in the VSIX). undici 7 has no `exports` map, so these paths resolve; manifest.test pins undici 7,
 * and the client's tests exercise every one of them.
 */
import type * as Undici from 'undici';

const Dispatcher = require('undici/lib/dispatcher/dispatcher') as { prototype: object };
// What undici's index does for every dispatcher: the request/stream/pipeline/connect/upgrade methods.
Object.assign(Dispatcher.prototype, require('undici/lib/api') as object);

export const EnvHttpProxyAgent = require('undici/lib/dispatcher/env-http-proxy-agent') as typeof Undici.EnvHttpProxyAgent;
export const interceptors = {
  retry: require('undici/lib/interceptor/retry') as typeof Undici.interceptors.retry,
  redirect: require('undici/lib/interceptor/redirect') as typeof Undici.interceptors.redirect,
};
export const getGlobalDispatcher = (require('undici/lib/global') as { getGlobalDispatcher: typeof Undici.getGlobalDispatcher }).getGlobalDispatcher;
export type { Dispatcher, RetryHandler } from 'undici';
