import { STATUS_CODES } from 'node:http';
import { EnvHttpProxyAgent, interceptors, type Dispatcher, type RetryHandler } from 'undici';
import { SceneSnapError, quote, withoutCredentials } from './errors';
import { RetryDecider } from './retryPolicy';
import type { Answer } from './responses';
import type { ProxyOptions } from './types';

/** Bodies are small JSON; a gateway that streams something huge is cut off rather than buffered. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface TransportOptions {
  baseUrl: URL;
  timeoutMs: number;
  proxy: ProxyOptions | undefined;
  maxRetries: number;
  baseDelayMs: number;
}

export interface Call {
  method: 'GET' | 'POST';
  /** Path and query below the base URL, already encoded. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal | undefined;
  /** Values that must never appear in an error message. */
  secrets: readonly string[];
}

/** `host:port` as curl takes it: a proxy without a scheme is an http proxy. */
export function normalizeProxyUrl(value: string): string {
  const trimmed = value.trim();
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

function checkProxyUrl(value: string, from: string): string {
  const normalized = normalizeProxyUrl(value);
  let url: URL | undefined;
  try {
    url = new URL(normalized);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new SceneSnapError('invalidInput', `The proxy ${from} (${quote(withoutCredentials(value))}) must be a URL starting with http:// or https://.`);
  }
  return normalized;
}

/** The proxy from the environment, as curl reads it (lower case first). */
function environmentProxy(scheme: 'https' | 'http'): string | undefined {
  for (const name of [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`]) {
    const value = process.env[name]?.trim();
    if (value) return checkProxyUrl(value, `from ${name}`);
  }
  return undefined;
}

/**
 * The connection pool of a client, shared by its API calls and its PNG downloads: the proxy choice
 * (explicit, else the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY) is undici's EnvHttpProxyAgent.
 */
export function createAgent(proxy: ProxyOptions | undefined, timeoutMs: number): Dispatcher {
  const rejectUnauthorized = proxy?.strictSSL ?? true;
  const explicit = proxy?.url ? checkProxyUrl(proxy.url, 'in the settings') : undefined;
  const httpsProxy = explicit ?? environmentProxy('https');
  const httpProxy = explicit ?? environmentProxy('http');
  return new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    // An empty list is "not set": NO_PROXY from the environment then applies, as the README says.
    ...(proxy?.noProxy?.length ? { noProxy: proxy.noProxy.join(',') } : {}),
    connect: { rejectUnauthorized },
    requestTls: { rejectUnauthorized },
    proxyTls: { rejectUnauthorized },
    // The call's own deadline governs; these only stop undici from cutting it shorter.
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });
}

/** API calls: the agent, with undici's retry interceptor driven per call by a RetryDecider. */
export function createDispatcher(agent: Dispatcher): Dispatcher {
  return agent.compose(interceptors.retry({ throwOnError: false }));
}

/** Marks why the call's signal was aborted, so the rejection can be told apart from a network error. */
class Stop extends Error {
  constructor(readonly kind: 'timeout' | 'cancelled') {
    super(kind);
  }
}

const NETWORK_HINTS: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  UND_ERR_SOCKET: 'the connection was closed before an answer',
  EPIPE: 'the connection was closed while sending',
  ENOTFOUND: 'the host name was not found',
  EAI_AGAIN: 'the host name could not be resolved',
  ENETUNREACH: 'the network is unreachable',
  EHOSTUNREACH: 'the host is unreachable',
  ETIMEDOUT: 'connecting timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connecting timed out',
};

function errorCode(err: unknown): string {
  const seen = new Set<unknown>();
  let e: unknown = err;
  while (e && typeof e === 'object' && !seen.has(e)) {
    seen.add(e);
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'UND_ERR_ABORTED' && code !== 'UND_ERR_REQ_RETRY') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return '';
}

function networkError(err: unknown, host: string, attempts: number): SceneSnapError {
  const code = errorCode(err);
  const text = withoutCredentials(err instanceof Error ? err.message : String(err));
  let what = NETWORK_HINTS[code];
  let advice = 'Check the network connection, sceneSnap.apiBaseUrl and the proxy settings.';
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    what = `its TLS certificate was not trusted (${code})`;
    advice = 'If a proxy inspects TLS on this network, add its certificate to the system, or turn off http.proxyStrictSSL.';
  } else if (/Proxy response \((\d+)\)/.test(text)) {
    what = `the proxy refused the connection (${/Proxy response \((\d+)\)/.exec(text)![1]})`;
    advice = 'Check the proxy address and its credentials (http.proxy, HTTPS_PROXY).';
  }
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  const detail = what ?? `${text}${code ? ` (${code})` : ''}`;
  return new SceneSnapError('network', `Could not reach ${host}${tries}: ${detail}. ${advice}`, { attempts, cause: err });
}

export class Transport {
  /** The pool and proxy choice, also used for downloads (without the API's retries). */
  readonly agent: Dispatcher;
  private readonly dispatcher: Dispatcher;
  private closed = false;

  constructor(private readonly options: TransportOptions) {
    this.agent = createAgent(options.proxy, options.timeoutMs);
    this.dispatcher = createDispatcher(this.agent);
  }

  async send(call: Call): Promise<Answer> {
    if (this.closed) throw new SceneSnapError('cancelled', 'The whiteboard API client was closed before this request; try again.');
    if (call.signal?.aborted) throw new SceneSnapError('cancelled', 'The request was cancelled before it was sent.', { attempts: 0 });
    const { timeoutMs, baseUrl } = this.options;
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(new Stop('timeout')), timeoutMs);
    const onCancel = (): void => stop.abort(new Stop('cancelled'));
    call.signal?.addEventListener('abort', onCancel, { once: true });
    const decider = new RetryDecider({
      maxRetries: this.options.maxRetries,
      baseDelayMs: this.options.baseDelayMs,
      deadline: Date.now() + timeoutMs,
      signal: stop.signal,
    });
    const request: Dispatcher.RequestOptions & { retryOptions: RetryHandler.RetryOptions } = {
      origin: baseUrl.origin,
      path: `${baseUrl.pathname.replace(/\/+$/, '')}${call.path}`,
      method: call.method,
      headers: call.headers,
      body: call.body ?? null,
      signal: stop.signal,
      retryOptions: { retry: decider.decide },
    };
    try {
      const response = await this.dispatcher.request(request);
      decider.markAnswered();
      const text = await readText(response.body);
      return {
        status: response.statusCode,
        // HTTP/2 and some gateways send no reason phrase; the standard one reads better than nothing.
        statusText: response.statusText || STATUS_CODES[response.statusCode] || '',
        headers: response.headers,
        text,
        attempts: decider.attempts,
      };
    } catch (err) {
      const reason: unknown = stop.signal.reason;
      const attempts = decider.attempts;
      if (reason instanceof Stop && reason.kind === 'cancelled') {
        throw new SceneSnapError('cancelled', 'The request was cancelled.', { attempts });
      }
      if (reason instanceof Stop || /^UND_ERR_(HEADERS|BODY)_TIMEOUT$/.test(errorCode(err))) {
        const tries = attempts > 1 ? ` (${attempts} attempts)` : '';
        throw new SceneSnapError(
          'timeout',
          `The whiteboard API did not answer within ${formatSeconds(timeoutMs)}${tries}. Try again, or raise sceneSnap.requestTimeoutSeconds.`,
          { attempts, cause: err },
        );
      }
      if (err instanceof SceneSnapError) throw err;
      throw networkError(err, baseUrl.host, attempts);
    } finally {
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onCancel);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.agent.close();
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}

async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new SceneSnapError('invalidResponse', `The whiteboard API sent more than ${MAX_BODY_BYTES / 1024 / 1024} MiB; that is not a documented answer.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
