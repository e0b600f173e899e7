/**
 * Hostile callers, table-driven, all over real loopback HTTP: forged, replayed, oversized and slow webhook
 * deliveries; `rawRequest` aimed off the org or smuggling headers; connection domains that would send the credential
 * elsewhere; an org that redirects. Each is refused with a clear answer, and a second loopback server, "evil", which
 * every attack aims at where it can, receives nothing at all. The attacks tried are counted (SECURITY.md).
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { Client, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { createHostApp, type RunningHost, startHost } from '../../host/server.ts';
import { MAX_SUBSCRIPTIONS, SubscriptionStore } from '../../host/subscriptions.ts';
import { MAX_WEBHOOK_BODY_BYTES } from '../../lib/define.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { type RawOrg, startRawOrg } from '../lib/raw-org.ts';
import { suiteSandbox } from '../support/org.ts';

const sample = JSON.parse(
  readFileSync(new URL('../triggers/fixtures/okta-sample-delivery.json', import.meta.url), 'utf8'),
) as { data: { events: { uuid: string }[] } };

const sandbox = suiteSandbox({ users: 5, seed: 13, eventHookTimeoutMs: 2_000 });
let evil: RawOrg;
let connector: Runtime;
let host: RunningHost;
let hook: { id: string; webhookUrl: string; hookId: string; secret: string };
let attacks = 0;

// Short timeouts, checked often, so a slow-loris is cut in about a second (production: host/limits.ts defaults).
const LIMITS = { headersTimeoutMs: 1_000, requestTimeoutMs: 1_500, timeoutCheckIntervalMs: 100 };

beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
  evil = await startRawOrg();
  connector = createConnector({ outputCheck: 'throw', client: { retry: { baseDelayMs: 5, maxDelayMs: 20 } } });
  host = await startHost({ port: 0, defaultConnection: sandbox.connection, connector, limits: LIMITS });
  const created = await call('POST', '/api/triggers/eventHook/subscriptions', {
    input: { eventTypes: ['user.session.start'] },
  });
  expect(created.status, JSON.stringify(created.json)).toBe(201);
  const secret = sandbox.org.eventHooks.get(created.json.hookId).channel.config.authScheme?.value as string;
  hook = { ...created.json, secret };
});
afterAll(async () => {
  await host?.close();
  await evil?.close();
  // The closing figure of issue 13.
  console.info(`security/attacks: ${attacks} attacks tried, all refused, none reached the evil server`);
});

// biome-ignore lint/suspicious/noExplicitAny: the host's JSON answers, read by tests
type Json = any;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${host.url}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: Json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

/** Runs an attack: nothing reaches the evil server, and (unless `orgMayAnswer`) nothing reaches the org either. */
async function attack<T>(fn: () => Promise<T>, options: { orgMayAnswer?: boolean } = {}): Promise<T> {
  attacks += 1;
  sandbox.stats.reset();
  const evilBefore = evil.requests.length;
  const result = await fn();
  expect(evil.requests.length - evilBefore, 'requests that reached the evil server').toBe(0);
  if (!options.orgMayAnswer) expect(sandbox.stats.requests, 'requests that reached the org').toBe(0);
  return result;
}

function delivery(uuid: string): string {
  const body = structuredClone(sample);
  for (const event of body.data.events) event.uuid = uuid;
  return JSON.stringify(body);
}

async function records(): Promise<{ event: { uuid: string } }[]> {
  return (await call('GET', `/api/subscriptions/${hook.id}/records`)).json.records;
}

/** Writes `head` on a raw socket, then one more byte of `drip` every 50 ms; resolves with all the server said. */
function slowRequest(head: string, drip: string): Promise<string> {
  const { port } = new URL(host.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let answer = '';
    let sent = 0;
    const timer = setInterval(() => {
      if (socket.writable && sent < drip.length) socket.write(drip[sent++] as string);
    }, 50);
    socket.on('connect', () => socket.write(head, () => undefined));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearInterval(timer);
      resolve(answer);
    });
    // The test's own bound, far above the host's: a host that never cuts the client fails here.
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the host kept a slow client connected for 10 s; it said ${JSON.stringify(answer)}`));
    }, 10_000).unref();
  });
}

describe('webhook deliveries from someone who is not Okta', () => {
  const otherCase = (secret: string) => (secret.toUpperCase() === secret ? secret.toLowerCase() : secret.toUpperCase());
  it.each<[string, (secret: string) => string | undefined]>([
    ['no Authorization', () => undefined],
    ['an empty secret', () => ''],
    ['a wrong secret', () => 'not-the-secret'],
    ['the secret with a suffix', (secret) => `${secret}x`],
    ['the secret without its last character', (secret) => secret.slice(0, -1)],
    ['the secret in another case', otherCase],
    ['the secret as a Bearer token', (secret) => `Bearer ${secret}`],
    ['the secret twice', (secret) => `${secret}, ${secret}`],
    ['a secret of the same length', (secret) => 'x'.repeat(secret.length)],
  ])('refuses a forged delivery with %s (401), emitting nothing', async (_, forge) => {
    const before = (await records()).length;
    const given = forge(hook.secret);
    const secret = given ?? '';
    const response = await attack(() =>
      call(
        'POST',
        `/hooks/${hook.id}`,
        delivery(crypto.randomUUID()),
        given === undefined ? {} : { authorization: secret },
      ),
    );
    expect(response.status).toBe(401);
    // Says why in the error shape of every route (issue 20, item 10), and nothing of the secret.
    expect(response.json).toEqual({
      error: { code: 'WEBHOOK_UNAUTHORIZED', kind: 'validation', message: expect.any(String) },
    });
    expect(JSON.stringify(response.json)).not.toContain(secret || 'no secret given');
    expect(await records()).toHaveLength(before);
  });

  it('emits a replayed delivery once, however often it is sent', async () => {
    const uuid = crypto.randomUUID();
    const before = (await records()).length;
    for (let replay = 0; replay < 5; replay++) {
      const response = await attack(() =>
        call('POST', `/hooks/${hook.id}`, delivery(uuid), { authorization: hook.secret }),
      );
      // Okta retries what is not acknowledged: a repeat is acknowledged and dropped.
      expect(response.status).toBe(200);
    }
    const after = await records();
    expect(after).toHaveLength(before + 1);
    expect(after.at(-1)?.event.uuid).toBe(uuid);
  });

  it.each([
    ['declared by Content-Length', true],
    ['sent chunked, with no length', false],
  ])('refuses a delivery over 4 MiB %s (413), emitting nothing', async (_, declared) => {
    const before = (await records()).length;
    const padding = 'x'.repeat(MAX_WEBHOOK_BODY_BYTES);
    const body = delivery(crypto.randomUUID()).replace('"version":"0"', `"version":"0","padding":"${padding}"`);
    const response = await attack(() =>
      fetch(`${host.url}/hooks/${hook.id}`, {
        method: 'POST',
        headers: { authorization: hook.secret, 'content-type': 'application/json' },
        // A stream makes fetch send it chunked.
        body: declared
          ? body
          : new ReadableStream({
              start(controller) {
                controller.enqueue(new TextEncoder().encode(body));
                controller.close();
              },
            }),
        ...(declared ? {} : { duplex: 'half' }),
      } as RequestInit).then(async (r) => ({ status: r.status, json: await r.json() })),
    );
    expect(response.status).toBe(413);
    expect(response.json.error.code).toBe('BODY_TOO_LARGE');
    expect(await records()).toHaveLength(before);
  });

  it.each(['no-such-subscription', '..', '%2e%2e', '%2E%2e%2F..%2Fapi%2Fmanifest', '..%2f..%2fapi%2fmanifest'])(
    'answers 404 to a delivery for the unknown subscription %j',
    async (id) => {
      // undici's Client sends the path as written; fetch would resolve the dot segments first.
      const client = new Client(host.url);
      const response = await attack(() =>
        client
          .request({
            method: 'POST',
            path: `/hooks/${id}`,
            headers: { authorization: hook.secret, 'content-type': 'application/json' },
            body: delivery(crypto.randomUUID()),
          })
          .then(async (r) => ({ status: r.statusCode, json: (await r.body.json()) as Json })),
      ).finally(() => client.close());
      // A dot segment is resolved by the host's URL parser: the request lands on / (405), never on a hook.
      expect(response.status === 404 ? response.json.error.code : response.status).toBe(
        decodeURIComponent(id) === '..' ? 405 : 'UNKNOWN_SUBSCRIPTION',
      );
    },
  );

  it('refuses a forged delivery before reading its body: a forger cannot make the host wait for 4 MiB', async () => {
    // Headers announcing a 4 MiB body that never comes: the answer comes at once, not at the request timeout (408).
    const head =
      `POST /hooks/${hook.id} HTTP/1.1\r\nHost: ${new URL(host.url).host}\r\nAuthorization: forged-secret-value\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${MAX_WEBHOOK_BODY_BYTES}\r\n\r\n`;
    const answer = await attack(() => slowRequest(head, ''));
    expect(answer).toMatch(/^HTTP\/1\.1 401 /);
  });

  it('cuts a client that dribbles its headers (slow-loris) with 408', async () => {
    const answer = await attack(() =>
      slowRequest(`POST /hooks/${hook.id} HTTP/1.1\r\nHost: ${new URL(host.url).host}\r\n`, 'X-Slow: a'.repeat(100)),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('cuts a client that dribbles its body with 408, emitting nothing', async () => {
    const before = (await records()).length;
    const body = delivery(crypto.randomUUID());
    const head =
      `POST /hooks/${hook.id} HTTP/1.1\r\nHost: ${new URL(host.url).host}\r\nAuthorization: ${hook.secret}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const answer = await attack(() => slowRequest(head, body));
    expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    expect(await records()).toHaveLength(before);
  });

  it('refuses headers larger than the cap with 431', async () => {
    const response = await attack(() =>
      call('POST', `/hooks/${hook.id}`, delivery(crypto.randomUUID()), {
        authorization: hook.secret,
        'x-padding': 'x'.repeat(20 * 1024),
      }).catch((error: Error) => ({ status: 0, json: error.message })),
    );
    expect(response.status).toBe(431);
  });
});

describe('rawRequest aimed off the org', () => {
  const evilHost = () => new URL(evil.origin).host;
  it.each([
    ['an absolute URL', () => `${evil.origin}/api/v1/users`],
    ['an https URL', () => `https://${evilHost()}/api/v1/users`],
    ['a network-path reference', () => `//${evilHost()}/api/v1/users`],
    ['a backslash network path', () => `/\\${evilHost()}/api/v1/users`],
    ['two backslashes', () => `\\\\${evilHost()}/api/v1/users`],
    ['a scheme with one slash', () => `http:/${evilHost()}/api/v1/users`],
    ['a scheme with no slash', () => `http:${evilHost()}/api/v1/users`],
    ['a file URL', () => 'file:///etc/passwd'],
    ['a javascript URL', () => 'javascript:alert(1)'],
    ['a data URL', () => 'data:text/plain,hi'],
    ['an ftp URL', () => `ftp://${evilHost()}/x`],
    ['a dot-dot segment', () => '/api/v1/../x'],
    ['dot-dot past the root', () => '/api/v1/../../../../x'],
    ['a dot segment', () => '/api/v1/./users'],
    ['an encoded dot-dot', () => '/api/v1/%2e%2e/x'],
    ['an upper-case encoded dot-dot', () => '/api/v1/%2E%2E/x'],
    ['a half-encoded dot-dot', () => '/api/v1/.%2e/x'],
    ['a double-encoded dot-dot', () => '/api/v1/%252e%252e/x'],
    ['an encoded slash with dot-dot', () => '/api/v1/users%2f..%2f..%2fx'],
    ['an encoded backslash', () => '/api/v1/users%5c..%5cx'],
    ['an empty segment', () => '/api//v1/users'],
    ['an encoded network path', () => `/%2F%2F${evilHost()}/x`],
    ['a relative path', () => 'api/v1/users'],
    ['a fragment', () => '/api/v1/users#x'],
    ['a space', () => '/api/v1/us ers'],
    ['a NUL', () => '/api/v1/users\u0000'],
    ['a CR LF (request splitting)', () => '/api/v1/users HTTP/1.1\r\nHost: evil\r\n\r\nGET /x'],
    ['a tab', () => '/api/v1/\tusers'],
  ])('refuses %s as the path, naming the field', async (_, path) => {
    const { status, json } = await attack(() => call('POST', '/api/actions/rawRequest', { input: { path: path() } }));
    expect(status).toBe(400);
    expect(json.error.kind).toBe('validation');
    expect(json.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['path']);
  });

  it.each([
    ['Authorization', 'SSWS stolen'],
    ['authorization', 'Bearer x'],
    ['AUTHORIZATION', 'x'],
    ['Proxy-Authorization', 'Basic x'],
    ['DPoP', 'eyJ.x.y'],
    ['Cookie', 'sid=x'],
    ['Host', 'evil.example.com'],
    ['Content-Length', '0'],
    ['Transfer-Encoding', 'chunked'],
    ['Connection', 'close'],
    ['X-Injected\r\nAuthorization', 'SSWS stolen'],
    ['X-A', 'b\r\nAuthorization: SSWS stolen'],
    ['X-A', 'b\nHost: evil.example.com'],
    ['X-A', 'b\u0000c'],
    ['X A', 'spaces in the name'],
    ['authorization ', 'a trailing space'],
    ['X-Ünïcode', 'a name beyond ASCII'],
    ['X-A', 'a value beyond Latin-1: \u2028'],
    ['', 'an empty name'],
  ])('refuses the header %j, naming it, before any request', async (name, value) => {
    const { status, json } = await attack(() =>
      call('POST', '/api/actions/rawRequest', { input: { path: '/api/v1/users', headers: { [name]: value } } }),
    );
    expect(status).toBe(400);
    expect(json.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual([`headers.${name}`]);
    // The refusal never repeats the value: it may be a credential.
    expect(json.error.message).not.toContain('stolen');
  });

  it.each(['CONNECT', 'TRACE', 'OPTIONS', 'HEAD', 'get\r\nX'])('refuses the method %j', async (method) => {
    const { status, json } = await attack(() =>
      call('POST', '/api/actions/rawRequest', { input: { method, path: '/api/v1/users' } }),
    );
    expect(status).toBe(400);
    expect(json.error.details.issues.map((issue: { path: string }) => issue.path)).toEqual(['method']);
  });

  it('still serves a plain path on the org, with nothing sent elsewhere', async () => {
    const { status, json } = await attack(
      () => call('POST', '/api/actions/rawRequest', { input: { path: '/api/v1/users', query: { limit: 1 } } }),
      { orgMayAnswer: true },
    );
    expect(status).toBe(200);
    expect(json.output.body).toHaveLength(1);
  });
});

describe('a connection that would send its credential elsewhere', () => {
  const TOKEN = `00${'attackTokenValue'.repeat(2)}x`;
  const evilPort = () => new URL(evil.origin).port;
  async function listUsersOn(domain: string) {
    const connection = { type: 'apiToken', fields: { domain, apiToken: TOKEN } };
    return call('POST', '/api/actions/listUsers', { connection, input: { limit: 1 } });
  }

  it.each([
    // Plain http off loopback
    ['http://acme.okta.com', /plain http/],
    ['http://evil.example.com:80', /plain http/],
    // IP literals, every spelling (the loopback evil server stands for any address)
    ['169.254.169.254', /IP address/],
    ['https://169.254.169.254/', /IP address/],
    ['0xa9fea9fe', /IP address/],
    ['2852039166', /IP address/],
    ['0251.0376.0251.0376', /IP address/],
    ['169.254.43518', /IP address/],
    ['10.1', /IP address/],
    ['[::ffff:169.254.169.254]', /IP address/],
    ['[::ffff:a9fe:a9fe]', /IP address/],
    ['[0:0:0:0:0:ffff:a9fe:a9fe]', /IP address/],
    ['[fd00::1]', /IP address/],
    ['[fe80::1]', /IP address|not a valid/],
    ['[::]', /IP address/],
    ['0.0.0.0', /IP address/],
    ['0', /IP address/],
    ['192.168.0.1', /IP address/],
    // User info: a URL parser sends the request to what follows "@"
    ['user@evil.example.com', /user name or password/],
    [`acme.okta.com@127.0.0.1:EVILPORT`, /user name or password/],
    [`http://acme.okta.com@127.0.0.1:EVILPORT`, /user name or password/],
    [`http://acme.okta.com:443@127.0.0.1:EVILPORT`, /user name or password/],
    [`http://:@127.0.0.1:EVILPORT`, /user name or password/],
    [`https://:@evil.example.com`, /user name or password/],
    // A path, query or fragment: credentials would go to another endpoint
    [`http://127.0.0.1:EVILPORT/api`, /without a path/],
    [`http://127.0.0.1:EVILPORT/?x=1`, /without a path/],
    [`http://127.0.0.1:EVILPORT/#x`, /without a path/],
    ['acme.okta.com/evil', /without a path/],
    ['acme.okta.com/..', /without a path/],
    ['acme.okta.com/./', /without a path/],
    ['https://acme.okta.com/%2e%2e', /without a path/],
    // Port tricks
    ['acme.okta.com:99999', /not a valid/],
    ['acme.okta.com:-1', /not a valid/],
    ['acme.okta.com:80:EVILPORT', /not a valid/],
    [`acme.okta.com\\@127.0.0.1:EVILPORT`, /user name or password|not a valid|without a path/],
    // Other schemes
    ['ftp://acme.okta.com', /https/],
    ['file:///etc/passwd', /https/],
    ['ws://acme.okta.com', /https/],
    ['javascript:alert(1)', /not a valid|https/],
    // Not a host name
    ['acme okta com', /spaces/],
    ['acme_okta.com', /not a valid host name/],
    ['http://localhost.:EVILPORT', /plain http/],
    ['http://localhost.evil.example.com:EVILPORT', /plain http/],
    ['acme', /not a full domain/],
    ['', /Enter your Okta domain/],
  ])('refuses the domain %j before sending anything', async (template, reason) => {
    const domain = template.replaceAll('EVILPORT', evilPort());
    const { status, json } = await attack(() => listUsersOn(domain));
    expect(status, JSON.stringify(json)).toBe(401);
    expect(json.error).toMatchObject({ kind: 'connection', code: 'INVALID_CONNECTION' });
    expect(json.error.details.issues).toEqual([{ path: 'domain', message: expect.stringMatching(reason) }]);
    expect(JSON.stringify(json)).not.toContain(TOKEN);
  });

  it('does not follow an org that redirects to another host', async () => {
    const org = await startRawOrg();
    try {
      for (const status of [301, 302, 303, 307, 308]) {
        org.handle((_request, response) => {
          response.writeHead(status, { location: `${evil.origin}/api/v1/users` });
          response.end();
        });
        const result = await attack(() =>
          call('POST', '/api/actions/getUser', {
            connection: { type: 'apiToken', fields: { domain: org.origin, apiToken: TOKEN } },
            input: { userId: '00u1' },
          }),
        );
        expect(result.status, JSON.stringify(result.json)).toBeGreaterThanOrEqual(400);
        expect(JSON.stringify(result.json)).not.toContain(TOKEN);
      }
    } finally {
      await org.close();
    }
  });

  it('does not follow a next link to another host', async () => {
    const org = await startRawOrg();
    try {
      org.handle((request, response) => {
        const next = request.url?.includes('after=') ? undefined : `${evil.origin}/api/v1/users?after=x`;
        response.writeHead(200, {
          'content-type': 'application/json',
          ...(next ? { link: `<${next}>; rel="next"` } : {}),
        });
        response.end('[]');
      });
      const result = await attack(() =>
        call('POST', '/api/actions/listUsers', {
          connection: { type: 'apiToken', fields: { domain: org.origin, apiToken: TOKEN } },
          input: { fetchAll: true },
        }),
      );
      expect(result.status, JSON.stringify(result.json)).toBe(200);
      // Followed on the org's own origin: both pages came to it, with the token.
      expect(org.requests.map((r) => r.url)).toEqual(['/api/v1/users?limit=200', expect.stringMatching(/after=x/)]);
    } finally {
      await org.close();
    }
  });
});

describe('the host against a web page', () => {
  it.each([
    ['a foreign Host (DNS rebinding)', { host: 'evil.example.com' }, 403],
    ['a foreign Origin', { origin: 'https://evil.example.com' }, 403],
    ['the null Origin of a sandboxed frame', { origin: 'null' }, 403],
    ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }, 415],
    ['a text/plain post', { 'content-type': 'text/plain' }, 415],
  ])('refuses %s before any request to the org', async (_, headers, expected) => {
    // undici's request, not fetch, so that Host is sent as given.
    const { status } = await attack(() =>
      request(`${host.url}/api/actions/listUsers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: '{"input":{"limit":1}}',
      }).then(async (response) => ({ status: response.statusCode, body: await response.body.text() })),
    );
    expect(status).toBe(expected);
  });

  it('refuses a JSON body over the limit on every API route (413)', async () => {
    const big = JSON.stringify({ input: { padding: 'x'.repeat(1024 * 1024 + 1) } });
    for (const path of [
      '/api/actions/listUsers',
      '/api/datasources/selectGroup',
      '/api/triggers/newUsers/poll',
      '/api/triggers/eventHook/subscriptions',
      '/api/connections/test',
      '/mcp',
    ]) {
      // On a raw socket: the host answers before reading the body and closes, which fetch reports as a failure.
      const head = `POST ${path} HTTP/1.1\r\nHost: ${new URL(host.url).host}\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`;
      const answer = await attack(() => slowRequest(head + big, ''));
      expect({ path, answer: answer.split('\r\n', 1)[0] }).toEqual({ path, answer: 'HTTP/1.1 413 Payload Too Large' });
      expect(answer).toContain('BODY_TOO_LARGE');
    }
  });
});

describe('a flood of subscriptions', () => {
  it(`refuses a subscription past the ${MAX_SUBSCRIPTIONS} the host holds, before calling the org`, async () => {
    const store = new SubscriptionStore();
    for (let n = 0; n < MAX_SUBSCRIPTIONS; n++) {
      store.add({ id: `s${n}`, trigger: 'eventHook', connection: undefined, subscription: undefined });
    }
    const app = createHostApp({
      connector,
      store,
      publicUrl: 'http://flood.test',
      // Also a private name: under a public-only one the API answers 404 (host/access.ts).
      allowedHosts: ['flood.test'],
      defaultConnection: sandbox.connection,
    });
    const response = await attack(async () =>
      app.request('http://flood.test/api/triggers/eventHook/subscriptions', {
        method: 'POST',
        headers: { 'content-type': 'application/json', host: 'flood.test' },
        body: JSON.stringify({ input: { eventTypes: ['user.session.start'] } }),
      }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as Json).error.code).toBe('TOO_MANY_SUBSCRIPTIONS');
    expect(store.all()).toHaveLength(MAX_SUBSCRIPTIONS);
  });
});
