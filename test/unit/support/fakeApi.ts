import * as assert from 'node:assert/strict';
import type { FakeNetless, FakeNetlessOptions } from '../../fake-netless/server.mjs' with { 'resolution-mode': 'import' };
import { SceneSnapError, type ErrorCode } from '../../../src/core/api/index';

export type { FakeNetless };

export { ROOMS } from '../../support/rooms';

export async function startFake(options?: FakeNetlessOptions): Promise<FakeNetless> {
  const { startFakeNetless } = await import('../../fake-netless/server.mjs');
  return startFakeNetless(options);
}

/** Awaits a rejection with the given code and returns the error for more checks. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode, message?: RegExp): Promise<SceneSnapError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof SceneSnapError, `expected a SceneSnapError, got ${String(err)}`);
    assert.equal(err.code, code, `expected code ${code}, got ${err.code}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected a rejection with code ${code}, but the call succeeded`);
}

const PROXY_VARIABLES = ['http_proxy', 'HTTP_PROXY', 'https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY'];

/** Runs tests without the machine's proxy variables (a client reads them when it is made); returns the undo. */
export function clearProxyEnvironment(): () => void {
  const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of PROXY_VARIABLES) delete process.env[name];
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
