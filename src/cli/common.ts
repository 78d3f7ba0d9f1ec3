/** What every capturing command shares: the API host, the client, exit codes of errors, sizes. */
import { createClient } from '../core/api/client';
import { isSceneSnapError, redact } from '../core/api/errors';
import { problemText } from '../core/api/problems';
import { baseUrlProblem, regionProblem, sizeProblem } from '../core/api/validate';
import { replacementOf, type Region } from '../core/api/regions';
import type { NetlessClient } from '../core/api/types';
import { CliError, usageError, type CliIo } from './io';

export const DEFAULT_API = 'https://api.netless.link';
export const API_VAR = 'SCENE_SNAP_API';

/** --api, else SCENE_SNAP_API, else the service; plain http: only for loopback hosts (validate.ts). */
export function apiBaseUrl(option: string | undefined, env: CliIo['env']): string {
  const value = option ?? env[API_VAR]?.trim() ?? DEFAULT_API;
  const problem = baseUrlProblem(value);
  if (problem) throw usageError(`${option !== undefined ? '--api' : env[API_VAR] ? API_VAR : 'the API host'}: ${problemText(problem)}`);
  return value;
}

/** A client over undici, proxies from HTTPS_PROXY / HTTP_PROXY / NO_PROXY (the transport reads them). */
export function makeClient(baseUrl: string, timeoutSeconds: string | undefined): NetlessClient {
  const seconds = timeoutSeconds === undefined ? 60 : Number(timeoutSeconds);
  if (!(seconds > 0) || !Number.isFinite(seconds)) throw usageError(`--timeout must be a positive number of seconds (got ${timeoutSeconds}).`);
  try {
    return createClient({ baseUrl, timeoutMs: seconds * 1000 });
  } catch (err) {
    throw usageError(err instanceof Error ? err.message : String(err));
  }
}

export function parseSize(text: string | undefined): { width?: number; height?: number } {
  if (text === undefined) return {};
  const m = /^\s*(\d+)\s*[x×X]\s*(\d+)\s*$/.exec(text);
  if (!m) throw usageError(`--size must be WIDTHxHEIGHT in pixels, e.g. 1280x720 (got ${JSON.stringify(text)}).`);
  const width = Number(m[1]);
  const height = Number(m[2]);
  for (const [v, f] of [[width, 'width'], [height, 'height']] as const) {
    const p = sizeProblem(v, f);
    if (p) throw usageError(`--size: ${problemText(p)}`);
  }
  return { width, height };
}

export function parseRegion(text: string | undefined): Region | undefined {
  if (text === undefined) return undefined;
  const replaced = replacementOf(text);
  if (replaced) return replaced;
  const p = regionProblem(text);
  if (p) throw usageError(`--region: ${problemText(p)}`);
  return text as Region;
}

/** The exit code of a failure: invalid input is usage (2), anything from the service or the network 3. */
export function exitCodeOfError(err: unknown): 2 | 3 | 1 {
  if (err instanceof CliError) return err.exitCode;
  if (isSceneSnapError(err) && err.code === 'invalidInput') return 2;
  return 3;
}

/** What to tell the user, tokens removed; with a hint for the failures a user can fix. */
export function describeError(err: unknown, secrets: readonly string[]): string {
  const message = redact(err instanceof Error ? err.message : String(err), secrets);
  const code = (err as { code?: string })?.code;
  const hint =
    code === 'unauthorized' || code === 'forbidden'
      ? ' Check the token: SCENE_SNAP_SDK_TOKEN, or SCENE_SNAP_ROOM_TOKEN_<room uuid> for one room.'
      : code === 'noToken'
        ? ''
        : code === 'network' || code === 'timeout'
          ? ' Check the network, the API host (--api or SCENE_SNAP_API) and HTTPS_PROXY / NO_PROXY.'
          : '';
  return `${message}${hint}`;
}
