/**
 * Pagination links on another host than the one called, as an org reached by its custom domain or through a proxy
 * can send them: the client follows the path and query on the connection's own origin, so every page is read and
 * the credentials never leave it. A small loopback server plays that org, since the sandbox always links to itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import apiToken from '../../connections/api-token.ts';
import { OktaClient } from '../../lib/http/client.ts';

const requests: { host: string | undefined; url: string | undefined }[] = [];
let server: Server;
let origin = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    requests.push({ host: request.headers.host, url: request.url });
    const page = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('after') ?? 0);
    const links = [`<https://acme.okta.com${request.url}>; rel="self"`];
    if (page < 2) links.push(`<https://acme.okta.com/api/v1/users?limit=2&after=${page + 1}>; rel="next"`);
    response.writeHead(200, { 'content-type': 'application/json', link: links });
    response.end(JSON.stringify([{ id: `u${page}a` }, { id: `u${page}b` }]));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

it('follows next links from another host on the connection’s origin, with a warning', async () => {
  const warnings: string[] = [];
  const auth = await apiToken.authorize(apiToken.fields.parse({ domain: origin, apiToken: 'token-for-the-test' }));
  const okta = new OktaClient({
    auth,
    rateLimitScope: 'foreign-links',
    log: { debug() {}, info() {}, warn: (message) => warnings.push(message) },
  });
  const ids: string[] = [];
  for await (const user of okta.records<{ id: string }>({ path: '/api/v1/users', query: { limit: 2 } })) {
    ids.push(user.id);
  }
  expect(ids).toEqual(['u0a', 'u0b', 'u1a', 'u1b', 'u2a', 'u2b']);
  expect(requests.map((r) => r.url)).toEqual([
    '/api/v1/users?limit=2',
    '/api/v1/users?limit=2&after=1',
    '/api/v1/users?limit=2&after=2',
  ]);
  expect(new Set(requests.map((r) => r.host))).toEqual(new Set([new URL(origin).host]));
  expect(warnings).toHaveLength(2);
});
