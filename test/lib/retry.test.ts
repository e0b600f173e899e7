/**
 * The retry rules as data: which methods are idempotent, which statuses and network errors are worth another try,
 * and the backoff schedule (with the random source injected, so no timing is measured). The client applies them
 * over HTTP in http-client.test.ts.
 */
import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  DEFAULT_RETRY_OPTIONS,
  errorCode,
  isIdempotent,
  isRetryableStatus,
  networkErrorKind,
  sleep,
} from '../../lib/http/retry.ts';

describe('backoffDelay', () => {
  const options = { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 100, maxDelayMs: 1_000 };

  it('doubles its ceiling with each attempt, from half of it to all of it', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 0))).toEqual([50, 100, 200, 400]);
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, options, () => 1))).toEqual([100, 200, 400, 800]);
    expect(backoffDelay(2, options, () => 0.5)).toBe(300);
  });

  it('never exceeds maxDelayMs', () => {
    expect(backoffDelay(4, options, () => 0)).toBe(500);
    expect(backoffDelay(4, options, () => 1)).toBe(1_000);
    expect(backoffDelay(30, options, () => 1)).toBe(1_000);
  });

  it('draws from Math.random by default, within the same bounds', () => {
    for (let i = 0; i < 20; i++) {
      const delay = backoffDelay(1, options);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });
});

describe('what may be sent again', () => {
  it('treats GET, HEAD, OPTIONS, PUT and DELETE as idempotent, in any case, and POST and PATCH not', () => {
    for (const method of ['GET', 'head', 'OPTIONS', 'put', 'DELETE']) expect(isIdempotent(method), method).toBe(true);
    for (const method of ['POST', 'patch', 'CONNECT']) expect(isIdempotent(method), method).toBe(false);
  });

  it('retries 5xx except 501 and 505, which a retry will not change', () => {
    for (const status of [500, 502, 503, 504, 599]) expect(isRetryableStatus(status), String(status)).toBe(true);
    for (const status of [200, 404, 429, 499, 501, 505]) expect(isRetryableStatus(status), String(status)).toBe(false);
  });

  it('tells a request that never left from a connection that broke under way', () => {
    for (const code of [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'UND_ERR_CONNECT_TIMEOUT',
      'EHOSTUNREACH',
      'ENETUNREACH',
    ]) {
      expect(networkErrorKind({ code }), code).toBe('not-sent');
    }
    for (const code of [
      'ECONNRESET',
      'EPIPE',
      'ETIMEDOUT',
      'UND_ERR_SOCKET',
      'UND_ERR_CLOSED',
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
    ]) {
      expect(networkErrorKind({ code }), code).toBe('broken');
    }
    expect(networkErrorKind({ code: 'ERR_SOMETHING_ELSE' })).toBeUndefined();
    expect(networkErrorKind(new Error('no code'))).toBeUndefined();
  });

  it('finds the code on the error or down its chain of causes, five deep at most', () => {
    const wrap = (cause: unknown, times: number): unknown =>
      times === 0 ? cause : wrap(new Error('wrapped', { cause }), times - 1);
    expect(errorCode({ code: 'ECONNRESET' })).toBe('ECONNRESET');
    expect(errorCode(wrap({ code: 'ECONNRESET' }, 4))).toBe('ECONNRESET');
    expect(errorCode(wrap({ code: 'ECONNRESET' }, 5))).toBeUndefined();
    expect(errorCode({ code: 42 })).toBeUndefined();
    expect(errorCode(undefined)).toBeUndefined();
    expect(networkErrorKind(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } }))).toBe('not-sent');
  });
});

describe('sleep', () => {
  it('resolves, and rejects with the reason when aborted before or during the wait', async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
    const before = new AbortController();
    before.abort(new Error('already'));
    await expect(sleep(10_000, before.signal)).rejects.toThrow('already');
    const during = new AbortController();
    const waiting = sleep(10_000, during.signal);
    during.abort(new Error('stopped'));
    await expect(waiting).rejects.toThrow('stopped');
    // No listener is left on a signal that outlives the wait (the runtime shares one for calls given none).
    const shared = new AbortController();
    await sleep(1, shared.signal);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);
    expect(getEventListeners(during.signal, 'abort')).toHaveLength(0);
  });
});
