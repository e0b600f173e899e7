/**
 * The Okta client against the sandbox over real HTTP: pagination, proactive throttling, 429 waits measured against
 * the response Date, retries that are safe and none that are not, and secrets kept out of errors.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import apiToken from '../../connections/api-token.ts';
import { isConnectorError, OktaApiError } from '../../lib/errors.ts';
import { OktaClient } from '../../lib/http/client.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { suiteSandbox, withSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 1000, seed: 7 });
let clients = 0;

/**
 * A client with its own rate-limit budget: the client shares budgets per org and credential within a process, and
 * each test changes the sandbox's limits, so one test's knowledge must not carry over to the next.
 */
async function freshClient(options: Partial<ConstructorParameters<typeof OktaClient>[0]> = {}, token?: string) {
  const auth = await apiToken.authorize(
    apiToken.fields.parse({ domain: sandbox.url, apiToken: token ?? sandbox.apiToken }),
  );
  clients += 1;
  return new OktaClient({ auth, rateLimitScope: `test-${clients}`, retry: { baseDelayMs: 20 }, ...options });
}

beforeEach(() => {
  sandbox.faults.clear();
  sandbox.setRateLimits({ enabled: false });
  sandbox.stats.reset();
});

async function firstUserId(okta: OktaClient): Promise<string> {
  const page = await okta.page<{ id: string }>({ path: '/api/v1/users', query: { limit: 1 } });
  return page.items[0]!.id;
}

describe('pagination', () => {
  it('reads every user exactly once across many pages', async () => {
    const okta = await freshClient();
    const ids: string[] = [];
    let pages = 0;
    for await (const page of okta.pages<{ id: string }>({ path: '/api/v1/users', query: { limit: 37 } })) {
      pages += 1;
      ids.push(...page.items.map((u) => u.id));
    }
    const expected = sandbox.org.listUsers().filter((u) => u.status !== 'DEPROVISIONED').length;
    expect(pages).toBeGreaterThan(20);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(expected);
  });

  it('stops on an empty page for System Log polling, whose next link never ends', async () => {
    const okta = await freshClient();
    const since = new Date(Date.now() + 60_000).toISOString();
    const pages = [];
    for await (const page of okta.pages({ path: '/api/v1/logs', query: { since }, stopOnEmptyPage: true })) {
      pages.push(page);
    }
    expect(pages).toHaveLength(1);
    expect(pages[0]!.items).toEqual([]);
    // The polling cursor survives, so a poller can resume from it.
    expect(pages[0]!.nextUrl).toMatch(/\/api\/v1\/logs\?/);
  });
});

describe('rate limits', () => {
  it('throttles a burst before Okta answers 429', async () => {
    sandbox.setRateLimits({ enabled: true, windowMs: 1_000, defaultLimit: 15 });
    const okta = await freshClient();
    const id = await firstUserId(okta);
    const results = await Promise.all(Array.from({ length: 45 }, () => okta.request({ path: `/api/v1/users/${id}` })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    // No 429 surfaced, and the sandbox answered few or none.
    expect(sandbox.stats.rateLimited).toBeLessThanOrEqual(2);
  });

  it('holds a burst to its concurrency limit, taking a free slot at once and queueing the rest', async () => {
    // Okta's concurrency limit answers 429 past it (docs/okta.md §1.1); the limiter's slot taken without a promise
    // when free (issue 27) must still count every request in flight.
    sandbox.setRateLimits({ enabled: true, concurrency: 3 });
    const okta = await freshClient({ rateLimit: { maxConcurrency: 3 } });
    const id = await firstUserId(okta);
    sandbox.stats.reset();
    sandbox.faults.inject({ kind: 'latency', ms: 100, count: 12 });
    const results = await Promise.all(Array.from({ length: 12 }, () => okta.request({ path: `/api/v1/users/${id}` })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(sandbox.stats.rateLimited).toBe(0);
    expect(sandbox.stats.requests).toBe(12);
  });

  /** A client on `org` that records the waits it announces, and aborts a wait longer than `abortAboveMs`. */
  async function recordingWaits(org: RunningSandbox, abortAboveMs = 10_000) {
    const waits: number[] = [];
    const controller = new AbortController();
    const warn = (message: string, data?: Record<string, unknown>) => {
      if (!/rate limit/.test(message)) return;
      waits.push(Number(data?.delayMs));
      if (Number(data?.delayMs) > abortAboveMs) controller.abort(new Error(`would wait ${data?.delayMs} ms`));
    };
    const auth = await apiToken.authorize(apiToken.fields.parse({ domain: org.url, apiToken: org.apiToken }));
    const okta = new OktaClient({ auth, log: { debug() {}, info() {}, warn } });
    return { okta, waits, signal: controller.signal };
  }

  // Each wait: the reset less the org's `Date` (up to a second more, as `Date` has one-second resolution), plus the
  // client's 250 ms margin and up to 250 ms of jitter. No assertion on elapsed time: the announced wait is checked.
  it('waits for X-Rate-Limit-Reset measured against the response Date, not the local clock', async () => {
    // The org's clock runs an hour behind ours: a client that compared the reset with its own clock would think it
    // long past and send again at once.
    await withSandbox({ users: 5, seed: 1, clockOffsetMs: -3_600_000 }, async (skewed) => {
      const { okta, waits, signal } = await recordingWaits(skewed);
      skewed.faults.inject({ kind: '429', count: 1, resetInSeconds: 2 });
      const response = await okta.request({ path: '/api/v1/users', query: { limit: 1 }, signal });
      expect(response.status).toBe(200);
      expect(skewed.stats.rateLimited).toBe(1);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(1_500);
      expect(waits[0]).toBeLessThanOrEqual(3_600);
    });
  });

  it('does not wait an hour when the org clock runs ahead, and tolerates a duplicated reset header', async () => {
    await withSandbox({ users: 5, seed: 1, clockOffsetMs: 3_600_000 }, async (skewed) => {
      const { okta, waits, signal } = await recordingWaits(skewed);
      skewed.faults.inject({ kind: '429', count: 1, resetInSeconds: 1, duplicateResetHeader: true });
      const response = await okta.request({ path: '/api/v1/users', query: { limit: 1 }, signal });
      expect(response.status).toBe(200);
      expect(skewed.stats.rateLimited).toBe(1);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThanOrEqual(500);
      expect(waits[0]).toBeLessThanOrEqual(2_600);
    });
  });

  it('retries a create answered 429 once the bucket resets: Okta did not run it', async () => {
    const okta = await freshClient();
    const login = 'rate.limited.create@example.com';
    sandbox.faults.inject({
      kind: '429',
      count: 1,
      resetInSeconds: 1,
      match: { method: 'POST', path: '/api/v1/users' },
    });
    const created = await okta.request<{ id: string }>({
      method: 'POST',
      path: '/api/v1/users',
      query: { activate: false },
      body: { profile: { firstName: 'Rate', lastName: 'Limited', email: login, login } },
    });
    expect(created.status).toBe(200);
    const posts = sandbox.stats.requestLog.filter((r) => r.method === 'POST' && r.path === '/api/v1/users');
    expect(posts).toHaveLength(2);
    expect(sandbox.stats.rateLimited).toBe(1);
    expect(sandbox.org.listUsers().filter((u) => u.profile.login === login)).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries a GET after a 5xx and after a connection reset', async () => {
    const okta = await freshClient();
    sandbox.faults.inject({ kind: '5xx', status: 503, count: 2, match: { method: 'GET' } });
    expect((await okta.request({ path: '/api/v1/users', query: { limit: 1 } })).status).toBe(200);
    sandbox.faults.inject({ kind: 'reset', count: 1, match: { method: 'GET' } });
    expect((await okta.request({ path: '/api/v1/users', query: { limit: 1 } })).status).toBe(200);
  });

  it('never blindly retries a create after a 5xx or a reset', async () => {
    const okta = await freshClient();
    const create = (login: string) =>
      okta.request({
        method: 'POST',
        path: '/api/v1/users',
        query: { activate: false },
        body: { profile: { firstName: 'Ada', lastName: 'Lovelace', email: login, login } },
      });
    const before = sandbox.org.listUsers().length;

    sandbox.faults.inject({ kind: '5xx', status: 502, count: 1, match: { method: 'POST' } });
    const serverError = await create('ada.5xx@example.com').catch((e) => e);
    expect(serverError).toBeInstanceOf(OktaApiError);
    expect(serverError.kind).toBe('transient');

    sandbox.faults.inject({ kind: 'reset', count: 1, match: { method: 'POST' } });
    const reset = await create('ada.reset@example.com').catch((e) => e);
    expect(isConnectorError(reset) && reset.kind).toBe('transient');
    expect(reset.message).toMatch(/not retried/);

    const posts = sandbox.stats.requestLog.filter((r) => r.method === 'POST' && r.path === '/api/v1/users');
    expect(posts).toHaveLength(2);
    expect(sandbox.org.listUsers().length).toBe(before);
  });

  it('backs off exponentially between retries, each wait within its doubling ceiling', async () => {
    const waits: number[] = [];
    const warn = (message: string, data?: Record<string, unknown>) => {
      if (/server error/.test(message)) waits.push(Number(data?.delayMs));
    };
    const okta = await freshClient({
      retry: { baseDelayMs: 20, maxDelayMs: 10_000, maxRetries: 4 },
      log: { debug() {}, info() {}, warn },
    });
    sandbox.faults.inject({ kind: '5xx', status: 503, count: 4, match: { method: 'GET' } });
    expect((await okta.request({ path: '/api/v1/users', query: { limit: 1 } })).status).toBe(200);
    expect(waits).toHaveLength(4);
    // "Equal jitter": attempt n waits between half and all of 20 ms × 2^n.
    waits.forEach((wait, n) => {
      expect(wait, `retry ${n}`).toBeGreaterThanOrEqual(10 * 2 ** n);
      expect(wait, `retry ${n}`).toBeLessThanOrEqual(20 * 2 ** n);
    });
  });

  it('completes a bodiless POST on the sandbox, which refuses one without Content-Length with 411', async () => {
    const okta = await freshClient();
    const created = await okta.request<{ id: string }>({
      method: 'POST',
      path: '/api/v1/users',
      query: { activate: false },
      body: { profile: { firstName: 'Grace', lastName: 'Hopper', email: 'g.h@example.com', login: 'g.h@example.com' } },
    });
    const activated = await okta.request({
      method: 'POST',
      path: `/api/v1/users/${created.data.id}/lifecycle/activate`,
      query: { sendEmail: false },
    });
    expect(activated.status).toBe(200);
  });
});

describe('errors', () => {
  it('surfaces errorCode, causes and request id, and keeps the token out of every error', async () => {
    const okta = await freshClient();
    const login = sandbox.org.listUsers()[0]!.profile.login;
    const error = await okta
      .request({
        method: 'POST',
        path: '/api/v1/users',
        body: { profile: { firstName: 'A', lastName: 'B', email: login, login } },
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(OktaApiError);
    expect(error.errorCode).toBe('E0000001');
    expect(error.errorCauses[0].errorSummary).toMatch(/login/);
    expect(error.requestId).toBeTruthy();
    expect(error.kind).toBe('okta');

    const wrong = await freshClient({}, 'not-the-token-0123456789');
    const unauthorized = await wrong.request({ path: '/api/v1/users' }).catch((e) => e);
    expect(unauthorized.kind).toBe('connection');
    expect(unauthorized.errorCode).toBe('E0000011');
    expect(JSON.stringify({ ...unauthorized, message: unauthorized.message, stack: unauthorized.stack })).not.toContain(
      'not-the-token-0123456789',
    );
  });

  it('sends the credential the connection gives for each request: a changed one is never the last one sent', async () => {
    // The client builds its headers once per credential value (issue 27): a token renewed or revoked between calls
    // must still reach Okta as it is now.
    let token = sandbox.apiToken;
    const base = await apiToken.authorize(apiToken.fields.parse({ domain: sandbox.url, apiToken: token }));
    clients += 1;
    const okta = new OktaClient({
      auth: {
        origin: base.origin,
        principal: base.principal,
        headers: () => ({ authorization: `SSWS ${token}` }),
        secrets: [],
      },
      rateLimitScope: `test-${clients}`,
    });
    const list = () => okta.request({ path: '/api/v1/users', query: { limit: 1 } });
    expect((await list()).status).toBe(200);
    token = 'a-revoked-token-0123456789';
    expect(await list().catch((e) => e.errorCode)).toBe('E0000011');
    token = sandbox.apiToken;
    expect((await list()).status).toBe(200);
  });

  it('refuses to send the credentials to another origin, sending nothing', async () => {
    const okta = await freshClient();
    await expect(okta.request({ path: 'https://evil.example.com/api/v1/users' })).rejects.toThrow(/Refusing/);
    await expect(okta.request({ path: '//evil.example.com/api/v1/users' })).rejects.toThrow(/Refusing/);
    expect(sandbox.stats.requests).toBe(0);
  });

  it('times out a slow response, retries a GET, and reports a transient TIMEOUT', async () => {
    const okta = await freshClient({ timeoutMs: 200, retry: { baseDelayMs: 10, maxDelayMs: 20, maxRetries: 2 } });
    sandbox.faults.inject({ kind: 'latency', ms: 1_500, count: 3 });
    const error = await okta.request({ path: '/api/v1/users', query: { limit: 1 } }).catch((e) => e);
    expect(isConnectorError(error) && error.kind).toBe('transient');
    expect(error.code).toBe('TIMEOUT');
    expect(sandbox.stats.requestLog.filter((r) => r.path === '/api/v1/users')).toHaveLength(3);
  });

  it('honours an abort signal while waiting on a slow response', async () => {
    const okta = await freshClient();
    sandbox.faults.inject({ kind: 'latency', ms: 2_000, count: 1 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('cancelled by the flow')), 100);
    await expect(okta.request({ path: '/api/v1/users', signal: controller.signal })).rejects.toThrow(/cancelled/);
  });
});
