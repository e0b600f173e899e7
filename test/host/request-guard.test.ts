/**
 * A web page an admin visits must not run actions through the host with its default connection: not by posting to
 * 127.0.0.1 from another site, nor by rebinding its own name to 127.0.0.1. Every refusal happens before any request
 * reaches the org. Okta delivering an event hook (no Origin, the public name as Host) still gets through.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5, seed: 1 });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection }));
/** A host behind a public name, that lets one other origin's pages call it. */
const published = suiteHost(() => ({
  defaultConnection: sandbox.connection,
  publicUrl: 'https://hooks.example.com',
  allowedOrigins: ['https://Flows.example.com/'],
}));
let port: string;
beforeAll(() => {
  port = new URL(host.url).port;
});

interface Answer {
  error?: { code: string; kind: string; message: string; details: Record<string, unknown> };
  output?: unknown;
}

/** A raw request (test/support/host.ts `call`): Host, Origin and Content-Type exactly as a browser or an attacker sends them. */
function send(
  url: string,
  path: string,
  options: { method?: 'GET' | 'POST' | 'OPTIONS'; headers?: Record<string, string>; body?: string } = {},
) {
  return call<Answer>(url, options.method ?? 'POST', path, options.body, options.headers);
}

const json = { 'content-type': 'application/json' };

/** What a hostile page would run: delete a user of the default connection's org. */
function deleteUser(headers: Record<string, string>) {
  const userId = sandbox.org.listUsers()[0]?.id ?? '';
  return { headers, body: JSON.stringify({ input: { userId } }) };
}

async function orgRequestsDuring(fn: () => Promise<unknown>): Promise<number> {
  sandbox.stats.reset();
  await fn();
  return sandbox.stats.requests;
}

describe('Host', () => {
  it('refuses a name that is not the host’s own (DNS rebinding) before any request to the org', async () => {
    const users = sandbox.org.listUsers().length;
    let answer: Awaited<ReturnType<typeof send>> | undefined;
    const sent = await orgRequestsDuring(async () => {
      answer = await send(
        host.url,
        '/api/actions/deleteUser',
        deleteUser({ ...json, host: `attacker.example:${port}` }),
      );
    });
    expect(answer?.status).toBe(403);
    expect(answer?.json.error).toMatchObject({ code: 'FORBIDDEN_HOST', kind: 'validation' });
    expect(sent).toBe(0);
    expect(sandbox.org.listUsers()).toHaveLength(users);

    const page = await send(host.url, '/', { method: 'GET', headers: { host: `attacker.example:${port}` } });
    expect(page.status).toBe(403);
  });

  it('answers to every loopback name of the address it listens on', async () => {
    for (const name of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      const { status } = await send(host.url, '/api/manifest', { method: 'GET', headers: { host: name } });
      expect({ name, status }).toEqual({ name, status: 200 });
    }
    const otherPort = await send(host.url, '/api/manifest', { method: 'GET', headers: { host: '127.0.0.1:1' } });
    expect(otherPort.status).toBe(403);
  });

  it('answers to its public name, where Okta delivers event hooks with no Origin', async () => {
    const hook = await send(published.url, '/hooks/00000000-0000-0000-0000-000000000000', {
      headers: { ...json, host: 'hooks.example.com' },
      body: '{"data":{"events":[]}}',
    });
    // Past the guard: the route itself answers that it knows no such subscription.
    expect(hook.status).toBe(404);
    expect(hook.json.error?.code).toBe('UNKNOWN_SUBSCRIPTION');

    const elsewhere = await send(published.url, '/hooks/00000000-0000-0000-0000-000000000000', {
      headers: { ...json, host: 'hooks.example.net' },
      body: '{}',
    });
    expect(elsewhere.status).toBe(403);
  });
});

describe('Origin', () => {
  it('refuses another site’s page before any request to the org', async () => {
    const users = sandbox.org.listUsers().length;
    for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${Number(port) + 1}`]) {
      let answer: Awaited<ReturnType<typeof send>> | undefined;
      const sent = await orgRequestsDuring(async () => {
        answer = await send(host.url, '/api/actions/deleteUser', deleteUser({ ...json, origin }));
      });
      expect({ origin, status: answer?.status, code: answer?.json.error?.code }).toEqual({
        origin,
        status: 403,
        code: 'FOREIGN_ORIGIN',
      });
      expect(answer?.headers.get('access-control-allow-origin')).toBeNull();
      expect(sent).toBe(0);
    }
    expect(sandbox.org.listUsers()).toHaveLength(users);
  });

  it('lets the playground, on the host’s own origin, call the API', async () => {
    for (const origin of [host.url, `http://localhost:${port}`]) {
      const { status } = await send(host.url, '/api/actions/listUsers', {
        headers: { ...json, origin },
        body: '{"input":{"limit":1}}',
      });
      expect({ origin, status }).toEqual({ origin, status: 200 });
    }
  });

  it('lets an allowed origin’s pages call it, with CORS headers and preflight', async () => {
    const origin = 'https://flows.example.com';
    const preflight = await send(published.url, '/api/actions/listUsers', {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');

    const allowed = await send(published.url, '/api/actions/listUsers', {
      headers: { ...json, origin },
      body: '{"input":{"limit":1}}',
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(origin);

    const other = await send(published.url, '/api/actions/listUsers', {
      headers: { ...json, origin: 'https://flows.example.net' },
      body: '{"input":{"limit":1}}',
    });
    expect(other.status).toBe(403);
  });
});

describe('Content-Type', () => {
  it.each([
    ['text/plain'],
    ['application/x-www-form-urlencoded'],
    ['multipart/form-data; boundary=x'],
    ['application/jsonp'],
  ])('refuses a %s body, which a form can send cross-site with no preflight', async (contentType) => {
    let answer: Awaited<ReturnType<typeof send>> | undefined;
    const sent = await orgRequestsDuring(async () => {
      answer = await send(host.url, '/api/actions/deleteUser', deleteUser({ 'content-type': contentType }));
    });
    expect(answer?.status).toBe(415);
    expect(answer?.json.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', kind: 'validation' });
    expect(sent).toBe(0);
  });

  it('accepts JSON with parameters, and a POST with no body at all', async () => {
    const withCharset = await send(host.url, '/api/actions/listUsers', {
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: '{"input":{"limit":1}}',
    });
    expect(withCharset.status).toBe(200);
    const empty = await send(host.url, '/api/connections/test');
    expect(empty.status).toBe(200);
  });
});

describe('okta-connector serve', () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill('SIGTERM');
  });

  it('reads PUBLIC_URL, ALLOWED_HOSTS and ALLOWED_ORIGINS from the environment', async () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OKTA_')));
    child = spawn(process.execPath, ['--import', 'tsx', 'host/cli.ts', 'serve', '--port', '0'], {
      cwd: resolve(import.meta.dirname, '../..'),
      env: {
        ...env,
        PUBLIC_URL: 'https://hooks.example.com/',
        ALLOWED_HOSTS: 'connector.internal:8080',
        ALLOWED_ORIGINS: 'https://flows.example.com, https://admin.example.com',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise<string>((done, fail) => {
      let text = '';
      child?.on('exit', (code) => fail(new Error(`serve exited with ${code}`)));
      child?.stdout?.on('data', (chunk) => {
        text += chunk;
        const match = /host on (http:\/\/\S+)/.exec(text);
        if (match?.[1]) done(match[1]);
      });
    });
    const manifest = (headers: Record<string, string>) => send(url, '/api/manifest', { method: 'GET', headers });
    // The public name answers only /hooks/* (issue 20; test/host/access.test.ts).
    expect((await manifest({ host: 'hooks.example.com' })).status).toBe(404);
    expect((await manifest({ host: 'connector.internal:8080' })).status).toBe(200);
    expect((await manifest({ host: 'attacker.example' })).status).toBe(403);
    expect((await manifest({ origin: 'https://admin.example.com' })).status).toBe(200);
    expect((await manifest({ origin: 'https://evil.example' })).status).toBe(403);
  }, 60_000);
});
