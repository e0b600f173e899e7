/**
 * Issue 20, item 1: the public address must not open the API. Under PUBLIC_URL's host name only `/hooks/*` answers;
 * with an API token nothing under `/api` or `/mcp` answers without it; a host listening beyond loopback without a
 * token does not start. Every refusal happens before any request reaches the org.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HostStartError, startHost } from '../../host/server.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';
import { cliError, runCli } from './cli-process.ts';

const TOKEN = 'test-host-token-0123456789abcdef';
const sandbox = suiteSandbox({ users: 5, seed: 20 });
/** Behind a tunnel: PUBLIC_URL set, no token (loopback). */
const tunnelled = suiteHost(() => ({ defaultConnection: sandbox.connection, publicUrl: 'https://abc.tunnel.example' }));
/** With an API token, and a public name too. */
const guarded = suiteHost(() => ({
  defaultConnection: sandbox.connection,
  publicUrl: 'https://hooks.example.com',
  apiToken: TOKEN,
}));

/** A raw request (test/support/host.ts `call`): the Host and Authorization given, nothing else added. */
function send(url: string, method: string, path: string, headers: Record<string, string> = {}, body?: string) {
  return call<{ error?: { code: string; message: string } }>(url, method, path, body, headers);
}

/** Every route the host serves besides the hooks, with a body that would run (deleteUser: the worst one). */
function routes(): [string, string, string?][] {
  const userId = sandbox.org.listUsers()[0]?.id ?? 'x';
  const run = JSON.stringify({ input: { userId } });
  return [
    ['GET', '/'],
    ['GET', '/playground/app.js'],
    ['GET', '/api/manifest'],
    ['GET', '/api/health'],
    ['GET', '/api/events'],
    ['HEAD', '/api/events'],
    ['GET', '/api/subscriptions/x/records'],
    ['POST', '/api/actions/deleteUser', run],
    ['POST', '/api/actions/rawRequest', JSON.stringify({ input: { method: 'GET', path: '/api/v1/users' } })],
    ['POST', '/api/actions/listUsers/stream', '{}'],
    ['POST', '/api/datasources/selectGroup', '{}'],
    ['POST', '/api/triggers/newUsers/poll', '{}'],
    [
      'POST',
      '/api/triggers/eventHook/subscriptions',
      JSON.stringify({ input: { eventTypes: ['user.session.start'] } }),
    ],
    ['DELETE', '/api/triggers/eventHook/subscriptions/x'],
    ['POST', '/api/connections/test', '{}'],
    ['POST', '/mcp', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })],
    ['POST', '/mcp/', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })],
    ['POST', '/oauth/disconnect'],
  ];
}

async function orgRequestsDuring(fn: () => Promise<unknown>): Promise<number> {
  sandbox.stats.reset();
  await fn();
  return sandbox.stats.requests;
}

describe('under the public name (PUBLIC_URL)', () => {
  it('answers 404 on every route but /hooks/*, before any request to the org (catches: the tunnel opens the API)', async () => {
    const users = sandbox.org.listUsers().length;
    for (const host of [tunnelled, guarded]) {
      const name = host === tunnelled ? 'abc.tunnel.example' : 'hooks.example.com';
      for (const [method, path, body] of routes()) {
        for (const headers of [{ host: name }, { host: name, authorization: `Bearer ${TOKEN}` }] as Record<
          string,
          string
        >[]) {
          let status = 0;
          const sent = await orgRequestsDuring(async () => {
            ({ status } = await send(host.url, method, path, headers, body));
          });
          expect({ name, method, path, status, sent }).toEqual({ name, method, path, status: 404, sent: 0 });
        }
      }
    }
    expect(sandbox.org.listUsers()).toHaveLength(users);
  });

  it('still lets Okta reach /hooks/* there', async () => {
    const hook = await send(
      tunnelled.url,
      'POST',
      '/hooks/00000000-0000-0000-0000-000000000000',
      { host: 'abc.tunnel.example' },
      '{}',
    );
    // Past the routing: the route itself says it knows no such subscription.
    expect(hook.status).toBe(404);
    expect(hook.json.error?.code).toBe('UNKNOWN_SUBSCRIPTION');
  });

  it('serves everything under its loopback address', async () => {
    expect((await send(tunnelled.url, 'GET', '/api/manifest')).status).toBe(200);
    expect((await send(tunnelled.url, 'GET', '/')).status).toBe(200);
  });
});

describe('with an API token (HOST_API_TOKEN)', () => {
  it('refuses every /api, /mcp and /oauth/disconnect call without the token, or with a wrong one (401)', async () => {
    const users = sandbox.org.listUsers().length;
    for (const [method, path, body] of routes()) {
      if (!path.startsWith('/api/') && !path.startsWith('/mcp') && path !== '/oauth/disconnect') continue;
      for (const authorization of [undefined, `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, TOKEN, 'Bearer']) {
        let answer: Awaited<ReturnType<typeof send>> | undefined;
        const sent = await orgRequestsDuring(async () => {
          answer = await send(guarded.url, method, path, authorization ? { authorization } : {}, body);
        });
        expect({ method, path, authorization, status: answer?.status, sent }).toEqual({
          method,
          path,
          authorization,
          status: 401,
          sent: 0,
        });
        if (method !== 'HEAD') expect(answer?.json.error?.code).toBe('HOST_TOKEN_REQUIRED');
        expect(answer?.headers.get('www-authenticate')).toContain('Bearer');
      }
    }
    expect(sandbox.org.listUsers()).toHaveLength(users);
  });

  it('refuses any path under /api and /mcp without the token, known or not (fuzzed)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/api/', '/mcp', '/mcp/'),
        fc.webPath(),
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT'),
        async (prefix, rest, method) => {
          const path = `${prefix}${rest.replace(/^\//, '')}`.replace(/^\/mcp(?=[^/])/, '/mcp/');
          const { status } = await send(guarded.url, method, path, {}, method === 'GET' ? undefined : '{}');
          expect({ path, status }).toEqual({ path, status: 401 });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('runs the call with the token', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    const listed = await send(guarded.url, 'POST', '/api/actions/listUsers', auth, '{"input":{"limit":1}}');
    expect(listed.status).toBe(200);
    const mcp = await send(
      guarded.url,
      'POST',
      '/mcp',
      { ...auth, accept: 'application/json, text/event-stream' },
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    );
    expect(mcp.status).toBe(200);
    // The playground page itself holds nothing secret: it loads, then asks for the token.
    expect((await send(guarded.url, 'GET', '/')).status).toBe(200);
  });
});

describe('listening beyond loopback', () => {
  it('refuses to start without a token, saying what to set (catches: a host open to the network)', async () => {
    await expect(startHost({ hostname: '0.0.0.0', defaultConnection: sandbox.connection })).rejects.toThrow(
      HostStartError,
    );
    await expect(startHost({ hostname: '0.0.0.0', defaultConnection: sandbox.connection })).rejects.toThrow(
      /HOST_API_TOKEN/,
    );
    const open = await startHost({ hostname: '0.0.0.0', apiToken: TOKEN, defaultConnection: sandbox.connection });
    await open.close();
  });

  it('okta-connector serve --hostname 0.0.0.0 exits 1 naming HOST_API_TOKEN; a short token is refused too', async () => {
    const refused = await runCli(['serve', '--port', '0', '--hostname', '0.0.0.0']);
    expect(refused.code).toBe(1);
    expect(cliError(refused.stderr)).toMatchObject({
      code: 'USAGE',
      kind: 'validation',
      details: { variable: 'HOST_API_TOKEN', hostname: '0.0.0.0' },
    });
    const short = await runCli(['serve', '--port', '0'], { HOST_API_TOKEN: 'short' });
    expect(short.code).toBe(1);
    expect(cliError(short.stderr).message).toMatch(/too short/);
  }, 60_000);
});
