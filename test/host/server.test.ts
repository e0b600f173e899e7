/** The host's HTTP API over real loopback HTTP, with the sandbox org as its default connection. */
import { Agent, fetch as undiciFetch } from 'undici';
import { describe, expect, it } from 'vitest';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 20, seed: 3 });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection }));

/** What the tests read of an answer; a missing part fails the test when read. */
interface Answer {
  error: { code: string; kind: string; details: { issues: { path: string }[] } };
  output: { items: { id: string }[] };
  options: unknown[];
}

const post = (path: string, body: unknown) => call<Answer>(host.url, 'POST', path, body);
const get = <T = Answer>(path: string) => call<T>(host.url, 'GET', path);

describe('host API', () => {
  it('serves the manifest', async () => {
    const { status, json } = await get<{ actions: { key: string }[] }>('/api/manifest');
    expect(status).toBe(200);
    expect(json.actions.map((action) => action.key)).toContain('listUsers');
  });

  it('runs an action against the default connection', async () => {
    const { status, json } = await post('/api/actions/listUsers', { input: { limit: 5 } });
    expect(status).toBe(200);
    expect(json.output.items).toHaveLength(5);
    expect(json.output.items[0]).toHaveProperty('id');
  });

  it('answers a bad input with 400 and the bad field', async () => {
    const { status, json } = await post('/api/actions/listUsers', { input: { limit: 'x' } });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({ kind: 'validation', code: 'INVALID_INPUT' });
    expect(json.error.details.issues.map((issue) => issue.path)).toContain('limit');
  });

  it('answers an unknown key with 404', async () => {
    const { status, json } = await post('/api/actions/noSuchAction', { input: {} });
    expect(status).toBe(404);
    expect(json.error.code).toBe('UNKNOWN_KEY');
  });

  it('answers a wrong token with 401 and never echoes it', async () => {
    const apiToken = 'wrong-token-00000000000000000000000000000';
    const connection = { type: 'apiToken', fields: { domain: sandbox.connection.fields.domain, apiToken } };
    const { status, text, json } = await post('/api/actions/listUsers', { connection, input: { limit: 1 } });
    expect(status).toBe(401);
    expect(json.error.kind).toBe('connection');
    expect(text).not.toContain(apiToken);
  });

  it('answers an Okta error with 502 and its error code', async () => {
    const { status, json } = await post('/api/actions/getUser', { input: { userId: 'nobody@example.com' } });
    expect(status).toBe(502);
    expect(json.error).toMatchObject({ kind: 'okta', code: 'OKTA_NOT_FOUND', details: { errorCode: 'E0000007' } });
  });

  it('answers a body that is not JSON with 400 INVALID_JSON', async () => {
    for (const body of ['{"input":', '[1,2]']) {
      const { status, json } = await post('/api/actions/listUsers', body);
      expect(status).toBe(400);
      expect(json.error).toMatchObject({ kind: 'validation', code: 'INVALID_JSON' });
    }
  });

  it('refuses a body over the limit with 413', async () => {
    // Its own connection pool: the host answers before reading the body and the socket is not reused after that.
    const agent = new Agent();
    try {
      const response = await undiciFetch(`${host.url}/api/actions/listUsers`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ input: { q: 'x'.repeat(1_100_000) } }),
        dispatcher: agent,
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as Answer).error.code).toBe('BODY_TOO_LARGE');
    } finally {
      await agent.destroy();
    }
  });

  it('lists data source options (or says the key is unknown)', async () => {
    const manifest = (await get<{ dataSources: { key: string }[] }>('/api/manifest')).json;
    const source = manifest.dataSources[0]?.key;
    const { status, json } = await post(`/api/datasources/${source ?? 'noSuchSource'}`, {});
    if (source) {
      expect(status).toBe(200);
      expect(Array.isArray(json.options)).toBe(true);
    } else {
      expect(status).toBe(404);
    }
  });

  it('answers an unknown subscription with 404', async () => {
    const { status, json } = await get('/api/subscriptions/00000000-0000-0000-0000-000000000000/records');
    expect(status).toBe(404);
    expect(json.error.code).toBe('UNKNOWN_SUBSCRIPTION');
    const hook = await post('/hooks/00000000-0000-0000-0000-000000000000', {});
    expect(hook.status).toBe(404);
  });

  it('serves the playground page', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = page.text;
    // The React page, bundled by esbuild from host/playground/, served by the host itself.
    const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    const style = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];
    expect(script).toMatch(/^\/playground\/app\.js\?v=[0-9a-f]{16}$/);
    const js = await get(`${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toContain('text/javascript');
    expect(js.headers.get('cache-control')).toContain('immutable');
    const code = js.text;
    expect(code).toContain('/api/datasources/');
    expect(code).toContain('application/json');
    const css = await get(`${style}`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await get('/playground/nothing.js')).status).toBe(404);
  });

  it('tests the default connection', async () => {
    const { status, json } = await post('/api/connections/test', {});
    expect(status).toBe(200);
    expect(json).toBeTypeOf('object');
    expect(JSON.stringify(json)).not.toContain(sandbox.apiToken);
  });
});
