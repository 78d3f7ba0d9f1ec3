import * as assert from 'node:assert/strict';
import type { FakeNetless, FakeNetlessOptions } from '../../fake-netless/server.mjs' with { 'resolution-mode': 'import' };
import { SceneSnapError, type ErrorCode } from '../../../src/api/index';

export type { FakeNetless };

/** The default rooms of the fake service, by what the tests use them for. */
export const ROOMS = {
  /** us-sv; /test holds cover and page1, as in the reference's directory example. */
  reference: 'faed3130727911ebaea37759ee91947c',
  /** us-sv; the uuid of the reference's single-scene example. */
  single: 'a7e04xxxxx7d1eca69',
  /** sg; Unicode scene names. */
  unicode: '0f3c9a52b7d14e6f8a21c4d5e6f70812',
  /** in-mum; nested directories under /course. */
  course: 'c4b2e1d0a9f84c7b8e6d5c4b3a291807',
  /** eu; /deck holds 1,000 scenes. */
  deck: 'd8e7f6a5b4c3d2e1f0a9b8c7d6e5f401',
  /** cn-hz. */
  hangzhou: '5d2f8e7a1b3c4d6e9f0a1b2c3d4e5f60',
} as const;

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
