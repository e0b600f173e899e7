/**
 * Issue 20, items 4, 9, 10, 11 and 15, over real HTTP against a sandbox org: a host route refuses a body field it
 * does not know (naming the closest known one), a connection that is not an object, and names found only on
 * Object.prototype; `/mcp/` is `/mcp`; a webhook URL's refusals have the `{ error: { code, kind, message } }` shape.
 * Every refusal here happens before any request reaches the org.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createOAuthRoutes } from '../../host/oauth.ts';
import { call as callHost, type HostAnswer, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';
import { cliError, runCli } from './cli-process.ts';

const sandbox = suiteSandbox({ users: 3, seed: 4 });
const host = suiteHost(() => ({
  defaultConnection: sandbox.connection,
  oauth: createOAuthRoutes({
    connections: {
      default: {
        domain: sandbox.connection.fields.domain,
        clientId: 'client',
        clientSecret: 'secret',
        redirectUri: 'http://127.0.0.1/oauth/callback',
      },
    },
  }),
}));

/** What the tests read of an answer; a missing part fails the test when read. */
interface Answer {
  error?: { code: string; kind: string; message: string; details?: { issues?: { path: string; message: string }[] } };
  [field: string]: unknown;
}

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
  callHost<Answer>(host.url, method, path, body, headers);

async function orgRequestsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; sent: number }> {
  sandbox.stats.reset();
  const result = await fn();
  return { result, sent: sandbox.stats.requests };
}

describe('unknown top-level body fields (item 4)', () => {
  it.each([
    [
      '/api/actions/listUsers',
      { conection: { type: 'apiToken', fields: { domain: 'x.okta.com', apiToken: 't' } }, input: { limit: 1 } },
      'conection',
      'connection',
    ],
    ['/api/actions/listUsers', { inputs: { q: 'x' } }, 'inputs', 'input'],
    ['/api/actions/listUsers/stream', { Input: {} }, 'Input', 'input'],
    ['/api/datasources/selectGroup', { serch: 'Eng' }, 'serch', 'search'],
    ['/api/triggers/newUsers/poll', { sate: {} }, 'sate', 'state'],
    ['/api/connections/test', { connections: {} }, 'connections', 'connection'],
    ['/api/triggers/eventHook/subscriptions', { inptu: { eventTypes: ['user.session.start'] } }, 'inptu', 'input'],
  ])(
    '%s refuses %j, naming the closest known field (catches: a typo silently running on the default org)',
    async (path, body, field, closest) => {
      const { result, sent } = await orgRequestsDuring(() => call('POST', path, body));
      expect(result.status).toBe(400);
      expect(result.json.error).toMatchObject({ code: 'UNKNOWN_INPUT_FIELD', kind: 'validation' });
      expect(result.json.error?.details?.issues).toEqual([
        { path: field, message: `Unknown field; did you mean "${closest}"?` },
      ]);
      expect(sent).toBe(0);
    },
  );

  it('treats __proto__ and constructor as the unknown fields they are', async () => {
    const { result, sent } = await orgRequestsDuring(() =>
      call('POST', '/api/actions/listUsers', '{"__proto__":{"input":{"limit":1}},"constructor":1}'),
    );
    expect(result.status).toBe(400);
    expect(result.json.error?.details?.issues?.map((issue) => issue.path)).toEqual(['__proto__', 'constructor']);
    expect(sent).toBe(0);
  });
});

describe('a connection that is not an object (item 15)', () => {
  it.each([
    ['"x"', 'a string'],
    ['42', 'a number'],
    ['null', 'null'],
    ['[]', 'an array'],
  ])('"connection": %s is said to be %s, not "no connection was given"', async (value, given) => {
    const { result, sent } = await orgRequestsDuring(() =>
      call('POST', '/api/actions/listUsers', `{"connection":${value},"input":{"limit":1}}`),
    );
    expect(result.json.error).toMatchObject({ code: 'INVALID_CONNECTION', kind: 'connection' });
    expect(result.json.error?.message).toContain('must be an object { type, fields }');
    expect(result.json.error?.message).toContain(`not ${given}`);
    expect(sent).toBe(0);
  });
});

describe('POST /mcp/ (item 9)', () => {
  it('is the same route as /mcp (catches: 405 "use POST" for a POST)', async () => {
    const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
    const headers = { accept: 'application/json, text/event-stream' };
    const plain = await call('POST', '/mcp', list, headers);
    const slash = await call('POST', '/mcp/', list, headers);
    expect(slash.status).toBe(200);
    expect(slash.text).toBe(plain.text);
  });
});

describe('names found on Object.prototype (item 11)', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])(
    '/oauth/start?connection=%s answers "no such connection" (catches: a prototype member taken for one)',
    async (name) => {
      const answer = await call('GET', `/oauth/start?connection=${name}`);
      expect(answer.status).toBe(404);
      expect(answer.text).toContain(`There is no OAuth connection named &#34;${name}&#34;`);
    },
  );

  it.each(['constructor', 'toString', '__proto__', 'valueOf'])(
    'unit routes answer UNKNOWN_KEY for "%s"',
    async (key) => {
      const { result, sent } = await orgRequestsDuring(async () => [
        await call('POST', `/api/actions/${key}`, {}),
        await call('POST', `/api/datasources/${key}`, {}),
        await call('POST', `/api/triggers/${key}/poll`, {}),
        await call('GET', `/api/subscriptions/${key}/records`),
      ]);
      for (const answer of result) {
        expect(answer.status).toBe(404);
        expect(['UNKNOWN_KEY', 'UNKNOWN_SUBSCRIPTION']).toContain(answer.json.error?.code);
      }
      expect(sent).toBe(0);
      const tool = await call(
        'POST',
        '/mcp',
        { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: key, arguments: {} } },
        { accept: 'application/json, text/event-stream' },
      );
      expect(tool.text).toMatch(/isError|error/);
      expect(tool.text).not.toMatch(/INTERNAL_ERROR/);
    },
  );

  it('okta-connector help constructor is an unknown command', async () => {
    const run = await runCli(['help', 'constructor']);
    expect(run.code).toBe(1);
    expect(cliError(run.stderr)).toMatchObject({ code: 'USAGE', details: { command: 'constructor' } });
  }, 60_000);
});

describe('webhook URL errors (item 10)', () => {
  let id = '';
  let secret = '';
  beforeAll(async () => {
    const created = await call('POST', '/api/triggers/eventHook/subscriptions', {
      input: { eventTypes: ['user.session.start'] },
    });
    expect(created.status).toBe(201);
    id = created.json.id as string;
    secret = sandbox.org.eventHooks.get(created.json.hookId as string).channel.config.authScheme?.value as string;
  });

  const shaped = (answer: HostAnswer<Answer>, status: number, code: string) => {
    expect(answer.status).toBe(status);
    expect(answer.json).toEqual({ error: { code, kind: 'validation', message: expect.any(String) } });
    return answer.json.error?.message ?? '';
  };

  it('a delivery without the secret gets a 401 that says why, in the documented shape', async () => {
    shaped(await call('POST', `/hooks/${id}`, { data: {} }), 401, 'WEBHOOK_UNAUTHORIZED');
  });

  it('a body that is not a delivery gets NOT_A_DELIVERY (catches: {"error":"Not an Okta event hook delivery."})', async () => {
    const message = shaped(
      await call('POST', `/hooks/${id}`, { data: {} }, { authorization: secret }),
      400,
      'NOT_A_DELIVERY',
    );
    expect(message).toContain('com.okta.event_hook');
  });

  it('a verification challenge too long says "too long", a missing one "missing"', async () => {
    const long = shaped(
      await call('GET', `/hooks/${id}`, undefined, { 'x-okta-verification-challenge': 'c'.repeat(2000) }),
      400,
      'INVALID_VERIFICATION_CHALLENGE',
    );
    expect(long).toMatch(/too long \(2000 characters; at most 1024\)/);
    const missing = shaped(await call('GET', `/hooks/${id}`), 400, 'INVALID_VERIFICATION_CHALLENGE');
    expect(missing).toMatch(/missing/);
    const echoed = await call('GET', `/hooks/${id}`, undefined, { 'x-okta-verification-challenge': 'abc' });
    expect(echoed.json).toEqual({ verification: 'abc' });
  });

  it('a method other than GET or POST gets the 405 shape', async () => {
    const answer = await call('PUT', `/hooks/${id}`, {});
    expect(answer.status).toBe(405);
    expect(answer.json.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', kind: 'validation' });
  });
});
