/**
 * The client against a bare loopback org that misbehaves where the sandbox, built to Okta, does not: pagination
 * links that loop, and what the client puts on the wire for a bodiless write.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import apiToken from '../../connections/api-token.ts';
import { OktaClient } from '../../lib/http/client.ts';
import { type RawOrg, startRawOrg } from './raw-org.ts';

let org: RawOrg;
let clients = 0;

beforeAll(async () => {
  org = await startRawOrg();
});
afterAll(() => org?.close());

async function client(): Promise<OktaClient> {
  const auth = await apiToken.authorize(apiToken.fields.parse({ domain: org.origin, apiToken: 'raw-org-token-0123' }));
  clients += 1;
  return new OktaClient({ auth, rateLimitScope: `wire-${clients}`, retry: { maxRetries: 0 } });
}

/** Answers each page with two users and the Link headers `links(page)` gives; `?after=` names the page. */
function pagesLinkedBy(links: (self: string, page: number) => string[]) {
  org.handle((request, response) => {
    const page = Number(new URL(request.url ?? '/', org.origin).searchParams.get('after') ?? 0);
    response.writeHead(200, { 'content-type': 'application/json', link: links(`${org.origin}${request.url}`, page) });
    response.end(JSON.stringify([{ id: `u${page}a` }, { id: `u${page}b` }]));
  });
}

/** Every record, or the first 20 when the client keeps following a loop (so a broken guard fails fast). */
async function readAll(okta: OktaClient): Promise<string[]> {
  const ids: string[] = [];
  for await (const user of okta.records<{ id: string }>({ path: '/api/v1/users', query: { limit: 2 } })) {
    ids.push(user.id);
    if (ids.length >= 20) break;
  }
  return ids;
}

describe('pagination guards', () => {
  it('stops when next equals self, after one request (n8n issue 11444)', async () => {
    pagesLinkedBy((self) => [`<${self}>; rel="self"`, `<${self}>; rel="next"`]);
    const okta = await client();
    org.requests.length = 0;
    const pages = [];
    for await (const page of okta.pages({ path: '/api/v1/users', query: { limit: 2 } })) pages.push(page);
    expect(pages).toHaveLength(1);
    expect(pages[0]?.nextUrl).toBeUndefined();
    expect(pages[0]?.nextCursor).toBeUndefined();
    // Not even one more request to find out the loop.
    expect(org.requests.map((r) => r.url)).toEqual(['/api/v1/users?limit=2']);
  });

  it('stops when next leads back to a page already read', async () => {
    // Page 0 → 1 → 2 → back to 1.
    pagesLinkedBy((self, page) => [
      `<${self}>; rel="self"`,
      `<${org.origin}/api/v1/users?limit=2&after=${page === 2 ? 1 : page + 1}>; rel="next"`,
    ]);
    const okta = await client();
    org.requests.length = 0;
    expect(await readAll(okta)).toEqual(['u0a', 'u0b', 'u1a', 'u1b', 'u2a', 'u2b']);
    expect(org.requests).toHaveLength(3);
  });
});

describe('what a bodiless write puts on the wire', () => {
  it('sends Content-Length: 0 on a bodiless POST, PUT and PATCH, which Okta otherwise refuses with 411', async () => {
    // docs/okta.md §6. undici 7 adds the same header by itself, byte for byte (see docs/testing.md): this test guards
    // the wire, whichever layer writes it.
    org.handle((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{}');
    });
    const okta = await client();
    for (const method of ['POST', 'PUT', 'PATCH'] as const) {
      org.requests.length = 0;
      await okta.request({ method, path: '/api/v1/users/00u1/lifecycle/activate' });
      const [sent] = org.requests;
      expect(sent?.method).toBe(method);
      expect(sent?.headers['content-length'], method).toBe('0');
      expect(sent?.headers['transfer-encoding'], method).toBeUndefined();
    }
    // A GET or DELETE without a body carries no length at all.
    for (const method of ['GET', 'DELETE'] as const) {
      org.requests.length = 0;
      await okta.request({ method, path: '/api/v1/users/00u1' });
      expect(org.requests[0]?.headers['content-length'], method).toBeUndefined();
    }
  });
});

/** Answers the requests in turn with these answers, the last one repeating. */
function answers(...list: { status: number; headers?: Record<string, string | string[]>; body?: string }[]) {
  let index = 0;
  org.handle((_request, response) => {
    const answer = list[Math.min(index, list.length - 1)] as (typeof list)[number];
    index += 1;
    response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    response.end(answer.body ?? '');
  });
}

async function clientWith(options: Partial<ConstructorParameters<typeof OktaClient>[0]> = {}) {
  const auth = await apiToken.authorize(apiToken.fields.parse({ domain: org.origin, apiToken: 'raw-org-token-0123' }));
  clients += 1;
  return new OktaClient({
    auth,
    rateLimitScope: `wire-${clients}`,
    retry: { baseDelayMs: 1, maxDelayMs: 2 },
    ...options,
  });
}

async function rejection(promise: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: Error & Record<string, unknown>) => error,
  );
}

describe('what the client sends', () => {
  it('names itself, asks for JSON, sends the connection’s credentials over any caller header, as JSON', async () => {
    answers({ status: 200, body: '{}' });
    const okta = await clientWith();
    org.requests.length = 0;
    await okta.request({
      method: 'POST',
      path: '/api/v1/groups',
      body: { profile: { name: 'x' } },
      headers: { 'X-Custom': 'kept', Authorization: 'SSWS caller' },
    });
    const sent = org.requests[0];
    expect(sent?.headers).toMatchObject({
      accept: 'application/json',
      'content-type': 'application/json',
      'x-custom': 'kept',
      authorization: 'SSWS raw-org-token-0123',
    });
    expect(sent?.headers['user-agent']).toMatch(/^okta-connector\/\S+ node\/\d+/);
    expect(sent?.headers['content-length']).toBe(String(JSON.stringify({ profile: { name: 'x' } }).length));

    const named = await clientWith({ userAgent: 'my-platform/2.0' });
    await named.request({ path: '/api/v1/groups' });
    expect(org.requests[1]?.headers['user-agent']).toBe('my-platform/2.0');
  });

  it('encodes the query: repeated for arrays, empty values left out', async () => {
    answers({ status: 200, body: '[]' });
    const okta = await clientWith();
    org.requests.length = 0;
    await okta.request({
      path: '/api/v1/users',
      query: {
        expand: ['a', 'b'],
        limit: 5,
        active: false,
        search: 'profile.name sw "a&b"',
        none: null,
        gone: undefined,
        empty: '',
      },
    });
    expect(org.requests[0]?.url).toBe(
      '/api/v1/users?expand=a&expand=b&limit=5&active=false&search=profile.name+sw+%22a%26b%22',
    );
  });

  it('tells Okta which request a retry repeats, and how many times', async () => {
    answers(
      { status: 503, headers: { 'x-okta-request-id': 'req-first' }, body: '{}' },
      { status: 503, body: '{}' },
      { status: 200, body: '{}' },
    );
    const okta = await clientWith();
    org.requests.length = 0;
    await okta.request({ path: '/api/v1/users/00u1' });
    expect(org.requests.map((r) => [r.headers['x-okta-retry-for'], r.headers['x-okta-retry-count']])).toEqual([
      [undefined, undefined],
      ['req-first', '1'],
      ['req-first', '2'],
    ]);
  });
});

describe('what the client makes of an answer', () => {
  it('returns status, data, headers, links and request id; an empty body as undefined', async () => {
    answers({
      status: 200,
      headers: {
        'x-okta-request-id': 'req-1',
        link: [`<${org.origin}/a>; rel="self"`, `<${org.origin}/b>; rel="next"`],
      },
      body: '[1]',
    });
    const okta = await clientWith();
    const response = await okta.request({ path: '/api/v1/users' });
    expect(response).toMatchObject({ status: 200, data: [1], requestId: 'req-1' });
    expect(response.links).toEqual({ self: `${org.origin}/a`, next: `${org.origin}/b` });
    answers({ status: 204 });
    expect((await okta.request({ method: 'DELETE', path: '/api/v1/users/00u1' })).data).toBeUndefined();
  });

  it('calls a 200 that is not JSON a transient INVALID_RESPONSE', async () => {
    answers({ status: 200, body: '<html>maintenance</html>' });
    const error = await rejection((await clientWith()).request({ path: '/api/v1/users' }));
    expect(error).toMatchObject({ kind: 'transient', code: 'INVALID_RESPONSE' });
    expect(error.message).toContain('GET /api/v1/users');
  });

  it('classifies refusals: 401 and a 403 insufficient_scope are the connection’s, 403 and 404 Okta’s, 429 and 5xx transient', async () => {
    const okta = await clientWith({ retry: { maxRetries: 0, maxRateLimitRetries: 0 } });
    const cases: [number, Record<string, string>, string][] = [
      [401, {}, 'connection'],
      [403, { 'www-authenticate': 'Bearer error="insufficient_scope", scope="okta.users.read"' }, 'connection'],
      [403, {}, 'okta'],
      [404, {}, 'okta'],
      [429, {}, 'transient'],
      [500, {}, 'transient'],
      [501, {}, 'transient'],
    ];
    for (const [status, headers, kind] of cases) {
      answers({ status, headers, body: JSON.stringify({ errorCode: 'E0000000', errorSummary: 'no' }) });
      const error = await rejection(okta.request({ path: '/api/v1/users' }));
      expect(error.kind, `${status} ${JSON.stringify(headers)}`).toBe(kind);
      expect(error.status).toBe(status);
    }
    // A connection error says what to do, not only what Okta said.
    answers({ status: 401, body: '' });
    const unauthorized = await rejection(okta.request({ path: '/api/v1/users' }));
    expect(unauthorized.message).toMatch(/no error body.*create a new one/);
    // A body that is not JSON becomes the summary, cut to 200 characters.
    answers({ status: 400, body: `oops ${'x'.repeat(300)}` });
    const garbled = await rejection(okta.request({ path: '/api/v1/users' }));
    expect(garbled.errorSummary).toBe(`oops ${'x'.repeat(195)}`);
  });

  it('gives up after maxRateLimitRetries 429s, and backs off on a concurrency 429 that reports no reset', async () => {
    const waits: number[] = [];
    const warn = (message: string, data?: Record<string, unknown>) => {
      if (/rate limit/.test(message)) waits.push(Number(data?.delayMs));
    };
    const okta = await clientWith({
      retry: { maxRateLimitRetries: 2, baseDelayMs: 40, maxDelayMs: 1_000 },
      log: { debug() {}, info() {}, warn },
    });
    // Limit = Remaining = 0: the concurrency limit, whose reset is only an estimate (docs/okta.md §1.1).
    answers({
      status: 429,
      headers: { 'x-rate-limit-limit': '0', 'x-rate-limit-remaining': '0' },
      body: '{"errorCode":"E0000047"}',
    });
    org.requests.length = 0;
    const error = await rejection(okta.request({ method: 'POST', path: '/api/v1/users' }));
    expect(error).toMatchObject({ kind: 'transient', errorCode: 'E0000047', status: 429 });
    expect(org.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(20);
    expect(waits[0]).toBeLessThanOrEqual(40);
    expect(waits[1]).toBeGreaterThanOrEqual(40);
    expect(waits[1]).toBeLessThanOrEqual(80);
  });

  it('says a POST whose connection broke was not retried, and a GET that was retried failed', async () => {
    org.handle((request) => request.socket.destroy());
    const okta = await clientWith({ retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    org.requests.length = 0;
    const post = await rejection(okta.request({ method: 'POST', path: '/api/v1/users', body: {} }));
    expect(post).toMatchObject({ kind: 'transient', code: 'NETWORK_ERROR' });
    expect(post.message).toMatch(/^POST \/api\/v1\/users to http:\/\/127\.0\.0\.1:\d+ failed: .*not retried/);
    expect(org.requests).toHaveLength(1);
    const get = await rejection(okta.request({ path: '/api/v1/users' }));
    expect(get.message).not.toMatch(/not retried/);
    expect(org.requests).toHaveLength(3);
  });

  it('refuses a pagination link that is not a URL', async () => {
    answers({ status: 200, headers: { link: '<http://[::1>; rel="next"' }, body: '[]' });
    const okta = await clientWith();
    const error = await rejection(okta.page({ path: '/api/v1/users' }));
    expect(error).toMatchObject({ kind: 'transient', code: 'INVALID_RESPONSE' });
  });
});
