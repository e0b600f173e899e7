/**
 * An IP address as the Okta domain would send the connection's token to whatever answers there (a cloud metadata
 * service, an internal host): the host refuses it, however it is spelt, before any request; loopback stays allowed.
 */
import { describe, expect, it } from 'vitest';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5, seed: 1 });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection }));

interface Answer {
  output?: { items: unknown[] };
  error?: { code: string; kind: string; message: string; details: { issues: { path: string; message: string }[] } };
}

async function listUsersOn(domain: string): Promise<{ status: number; json: Answer }> {
  const connection = { type: 'apiToken', fields: { domain, apiToken: sandbox.connection.fields.apiToken } };
  return call<Answer>(host.url, 'POST', '/api/actions/listUsers', { connection, input: { limit: 1 } });
}

describe('an IP address as the Okta domain', () => {
  it.each([
    '169.254.169.254',
    'https://169.254.169.254',
    '10.0.0.1',
    'https://10.0.0.1:8443/',
    '0xa000001',
    '167772161',
    '10.1',
    '[::ffff:10.0.0.1]',
    'https://[::ffff:a9fe:a9fe]',
    '[fd00::1]',
    '[::]',
    '0.0.0.0',
  ])('refuses %s, naming the domain field', async (domain) => {
    const { status, json } = await listUsersOn(domain);
    expect(status).toBe(401);
    expect(json.error).toMatchObject({ kind: 'connection', code: 'INVALID_CONNECTION' });
    expect(json.error?.details.issues).toEqual([{ path: 'domain', message: expect.stringMatching(/IP address/) }]);
    expect(json.error?.message).toMatch(/domain: The domain .* is an IP address/);
  });

  it('accepts loopback however it is spelt: the sandbox is reached so', async () => {
    const port = new URL(String(sandbox.connection.fields.domain)).port;
    for (const domain of [`http://2130706433:${port}`, `http://0x7f.1:${port}`]) {
      const { status, json } = await listUsersOn(domain);
      expect({ domain, status }).toEqual({ domain, status: 200 });
      expect(json.output?.items).toHaveLength(1);
    }
  });
});
