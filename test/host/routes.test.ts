/** What the host answers to a known path asked with the wrong method, and the wording of two errors it relays. */
import { describe, expect, it } from 'vitest';
import { call as callHost, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5, seed: 1 });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection }));

interface ErrorAnswer {
  error: { code: string; kind: string; message: string };
}

async function call(method: string, path: string, body?: unknown) {
  const answer = await callHost<ErrorAnswer>(host.url, method, path, body);
  return { ...answer, allow: answer.headers.get('allow') };
}

describe('a wrong method on a known route', () => {
  it('answers 405 with the methods the route takes', async () => {
    const action = await call('GET', '/api/actions/listUsers');
    expect(action.status).toBe(405);
    expect(action.allow).toBe('POST');
    expect(action.json.error).toMatchObject({ code: 'METHOD_NOT_ALLOWED', kind: 'validation' });

    const manifest = await call('DELETE', '/api/manifest');
    expect(manifest.status).toBe(405);
    expect(manifest.allow).toBe('GET, HEAD');

    const subscription = await call('GET', '/api/triggers/userCreated/subscriptions/abc');
    expect(subscription.status).toBe(405);
    expect(subscription.allow).toBe('DELETE');
  });

  it('still answers 404 for a path the host does not serve', async () => {
    const { status, allow, json } = await call('GET', '/api/nothing-here');
    expect(status).toBe(404);
    expect(allow).toBeNull();
    expect(json.error.code).toBe('NOT_FOUND');
  });
});

describe('error wording', () => {
  it('ends a connection problem with one full stop', async () => {
    const connection = { type: 'apiToken', fields: { domain: 'http://acme.okta.com', apiToken: 'x'.repeat(20) } };
    const { status, json } = await call('POST', '/api/actions/listUsers', { connection, input: {} });
    expect(status).toBe(401);
    expect(json.error.message).toContain('local sandbox.');
    expect(json.error.message).not.toMatch(/\.\.$/);
  });

  it('separates Okta’s summary from the advice that follows it', async () => {
    const connection = {
      type: 'apiToken',
      fields: { domain: sandbox.connection.fields.domain, apiToken: 'wrong-token-00000000000000000000000000000' },
    };
    const { status, json } = await call('POST', '/api/actions/listUsers', { connection, input: {} });
    expect(status).toBe(401);
    expect(json.error.message).toMatch(/Invalid token provided\. Okta refused/);
  });
});
