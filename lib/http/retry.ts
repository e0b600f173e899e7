/**
 * @module When a failed request may be sent again, and how long to wait first.
 *
 * A 429 means Okta did not run the request, so any method may be retried once the bucket resets. A 5xx or a broken
 * connection may have run it: only idempotent requests are retried, so a create is never sent twice blindly.
 * Errors raised before a connection was made (refused, DNS, connect timeout) sent nothing and are always retryable.
 */

export interface RetryOptions {
  /** Retries after a 5xx, a timeout or a network error (idempotent requests only). */
  maxRetries: number;
  /** Retries after a 429 (any method). */
  maxRateLimitRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_OPTIONS: RetryOptions = {
  maxRetries: 3,
  maxRateLimitRetries: 6,
  baseDelayMs: 300,
  maxDelayMs: 10_000,
};

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

export function isIdempotent(method: string): boolean {
  return IDEMPOTENT_METHODS.has(method.toUpperCase());
}

/** 501 Not Implemented and 505 will not change on a retry. */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 && status !== 501 && status !== 505;
}

/** undici and Node error codes raised before the request reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** Errors from a connection that broke while the request or its response was under way. */
const BROKEN_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** undici's per-request timeouts (`headersTimeout`, `bodyTimeout`). */
export const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function networkErrorKind(error: unknown): 'not-sent' | 'broken' | undefined {
  const code = errorCode(error) ?? '';
  if (NOT_SENT_CODES.has(code)) return 'not-sent';
  if (BROKEN_CODES.has(code)) return 'broken';
  return undefined;
}

/** Exponential backoff with "equal jitter": half the ceiling fixed, half random, so retries spread but never bunch at 0. */
export function backoffDelay(attempt: number, options: RetryOptions, random = Math.random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
