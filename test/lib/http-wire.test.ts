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
    // API-FACTS §6. undici 7 adds the same header by itself, byte for byte (see docs/testing.md): this test guards
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
