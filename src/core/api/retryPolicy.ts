import type { RetryHandler } from './undici';

/** Only failures that say nothing about the request itself are retried (a 4xx never is). */
const RETRY_STATUSES = new Set([429, 502, 503, 504]);
/** The connection was reset or refused before any answer came. */
const RETRY_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'UND_ERR_SOCKET']);
const MAX_DELAY_MS = 5000;
/** A retry that leaves less time than this for the attempt itself would only turn the real failure into a timeout. */
const MIN_ATTEMPT_MS = 100;

export interface RetryBudget {
  maxRetries: number;
  baseDelayMs: number;
  /** Epoch ms after which the call has failed anyway. */
  deadline: number;
  /** Aborted on cancellation and at the deadline. */
  signal: AbortSignal;
  random?: () => number;
}

/** Seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function retryAfterMs(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || !value.trim()) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/**
 * The decision function for undici's retry interceptor, one per call: it knows the call's time budget
 * and signal, which undici's default policy does not, and it jitters the backoff.
 */
export class RetryDecider {
  private retries = 0;
  private answered = false;

  constructor(private readonly budget: RetryBudget) {}

  /** How many times the request went out. */
  get attempts(): number {
    return this.retries + 1;
  }

  /**
   * Called once the caller has the response headers: from then on the body is being read, and a POST
   * cannot be resumed halfway, so a failure is final.
   */
  markAnswered(): void {
    this.answered = true;
  }

  readonly decide: RetryHandler.RetryCallback = (err, _context, callback) => {
    const { signal, maxRetries, deadline } = this.budget;
    const status = (err as { statusCode?: number }).statusCode;
    const isStatus = (err as { code?: string }).code === 'UND_ERR_REQ_RETRY' && status !== undefined;
    const transient = isStatus ? RETRY_STATUSES.has(status) : RETRY_ERRORS.has((err as { code?: string }).code ?? '');
    if (this.answered || signal.aborted || !transient || this.retries >= maxRetries) {
      callback(err);
      return;
    }
    let delay = this.backoff();
    if (isStatus) {
      const asked = retryAfterMs((err as { headers?: Record<string, unknown> }).headers?.['retry-after']);
      if (asked !== undefined) delay = Math.max(delay, asked);
    }
    if (Date.now() + delay + MIN_ATTEMPT_MS > deadline) {
      callback(err);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      // While a retryable response is paused undici aborts it itself; between connection attempts
      // nothing is in flight, so the call is ended here.
      if (!isStatus) callback(signal.reason instanceof Error ? signal.reason : err);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      this.retries++;
      callback(null);
    }, delay);
    signal.addEventListener('abort', onAbort, { once: true });
  };

  /** Exponential, with "equal jitter": half the step fixed, half random, so clients do not retry in step. */
  private backoff(): number {
    const step = Math.min(this.budget.baseDelayMs * 2 ** this.retries, MAX_DELAY_MS);
    return Math.round(step / 2 + (this.budget.random ?? Math.random)() * (step / 2));
  }
}
