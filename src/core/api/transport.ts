import { STATUS_CODES } from 'node:http';
import * as l10n from '@vscode/l10n';
import { EnvHttpProxyAgent, interceptors, type Dispatcher, type RetryHandler } from './undici';
import { SceneSnapError, quote, withoutCredentials } from './errors';
import { LOOPBACK_HOSTS } from './loopback';
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

/** The proxy URL to use, normalized. `env`: the environment variable the value came from; none for the settings. */
function checkProxyUrl(value: string, env?: string): string {
  const normalized = normalizeProxyUrl(value);
  let url: URL | undefined;
  try {
    url = new URL(normalized);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const shown = quote(withoutCredentials(value));
    throw new SceneSnapError(
      'invalidInput',
      env === undefined
        ? l10n.t('The proxy in the settings ({0}) must be a URL starting with http:// or https://.', shown)
        : l10n.t('The proxy from {0} ({1}) must be a URL starting with http:// or https://.', env, shown),
    );
  }
  return normalized;
}

/** The proxy from the environment, as curl reads it (lower case first). */
function environmentProxy(scheme: 'https' | 'http'): string | undefined {
  for (const name of [`${scheme}_proxy`, `${scheme.toUpperCase()}_PROXY`]) {
    const value = process.env[name]?.trim();
    if (value) return checkProxyUrl(value, name);
  }
  return undefined;
}

/**
 * The hosts no proxy ever sees: the loopback names the API accepts over plain http (loopback.ts), whose
 * token would travel in clear to the proxy, and IPv6's. Added to whichever no-proxy list is in force
 * (the settings', else NO_PROXY's), as browsers do.
 */
const ALWAYS_DIRECT = [...LOOPBACK_HOSTS, '[::1]'];

function noProxyList(proxy: ProxyOptions | undefined): string {
  const chosen = proxy?.noProxy?.length ? proxy.noProxy.join(',') : (process.env.no_proxy ?? process.env.NO_PROXY ?? '').trim();
  // `*` alone is undici's "bypass everything"; a list that holds it and more would not be read so.
  if (chosen === '*') return chosen;
  return [chosen, ...ALWAYS_DIRECT].filter(Boolean).join(',');
}

/**
 * The connection pool of a client, shared by its API calls and its PNG downloads: the proxy choice
 * (explicit, else the environment's HTTPS_PROXY / HTTP_PROXY / NO_PROXY) is undici's EnvHttpProxyAgent;
 * this machine is always reached directly.
 */
export function createAgent(proxy: ProxyOptions | undefined, timeoutMs: number): Dispatcher {
  const rejectUnauthorized = proxy?.strictSSL ?? true;
  const explicit = proxy?.url ? checkProxyUrl(proxy.url) : undefined;
  const httpsProxy = explicit ?? environmentProxy('https');
  const httpProxy = explicit ?? environmentProxy('http');
  return new EnvHttpProxyAgent({
    ...(httpProxy ? { httpProxy } : {}),
    ...(httpsProxy ? { httpsProxy } : {}),
    // An empty list is "not set": NO_PROXY from the environment then applies, as the README says.
    noProxy: noProxyList(proxy),
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

function networkHint(code: string): string | undefined {
  switch (code) {
    case 'ECONNREFUSED':
      return l10n.t('the connection was refused');
    case 'ECONNRESET':
      return l10n.t('the connection was reset');
    case 'UND_ERR_SOCKET':
      return l10n.t('the connection was closed before an answer');
    case 'EPIPE':
      return l10n.t('the connection was closed while sending');
    case 'ENOTFOUND':
      return l10n.t('the host name was not found');
    case 'EAI_AGAIN':
      return l10n.t('the host name could not be resolved');
    case 'ENETUNREACH':
      return l10n.t('the network is unreachable');
    case 'EHOSTUNREACH':
      return l10n.t('the host is unreachable');
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return l10n.t('connecting timed out');
    default:
      return undefined;
  }
}

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
  let what = networkHint(code);
  let advice = l10n.t('Check the network connection, sceneSnap.apiBaseUrl and the proxy settings.');
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
    what = l10n.t('its TLS certificate was not trusted ({0})', code);
    advice = l10n.t('If a proxy inspects TLS on this network, add its certificate to the system, or turn off http.proxyStrictSSL.');
  } else if (/Proxy response \((\d+)\)/.test(text)) {
    what = l10n.t('the proxy refused the connection ({0})', /Proxy response \((\d+)\)/.exec(text)![1]!);
    advice = l10n.t('Check the proxy address and its credentials (http.proxy, HTTPS_PROXY).');
  }
  const detail = what ?? `${text}${code ? ` (${code})` : ''}`;
  const message = attempts > 1 ? l10n.t('Could not reach {0} after {1} attempts: {2}. {3}', host, attempts, detail, advice) : l10n.t('Could not reach {0}: {1}. {2}', host, detail, advice);
  return new SceneSnapError('network', message, { attempts, cause: err });
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
    if (this.closed) throw new SceneSnapError('cancelled', l10n.t('The whiteboard API client was closed before this request; try again.'));
    if (call.signal?.aborted) throw new SceneSnapError('cancelled', l10n.t('The request was cancelled before it was sent.'), { attempts: 0 });
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
        throw new SceneSnapError('cancelled', l10n.t('The request was cancelled.'), { attempts });
      }
      if (reason instanceof Stop || /^UND_ERR_(HEADERS|BODY)_TIMEOUT$/.test(errorCode(err))) {
        const within = formatSeconds(timeoutMs);
        throw new SceneSnapError(
          'timeout',
          attempts > 1
            ? l10n.t('The whiteboard API did not answer within {0} ({1} attempts). Try again, or raise sceneSnap.requestTimeoutSeconds.', within, attempts)
            : l10n.t('The whiteboard API did not answer within {0}. Try again, or raise sceneSnap.requestTimeoutSeconds.', within),
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

  /**
   * Lets the calls in flight finish, then closes the pool. Never rejects: its callers close an old client
   * in passing (a settings change), and the one failure undici has here is a pool destroyed already,
   * which is closed all the same.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.agent.close().catch(() => undefined);
  }
}

function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return l10n.t('{0} s', Number.isInteger(s) ? s : s.toFixed(1));
}

async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw new SceneSnapError('invalidResponse', l10n.t('The whiteboard API sent more than {0} MiB; that is not a documented answer.', MAX_BODY_BYTES / 1024 / 1024));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString('utf8');
}
