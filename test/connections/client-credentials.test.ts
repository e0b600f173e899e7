/**
 * The service-app connection over real HTTP against the sandbox's org authorization server: private_key_jwt, DPoP
 * with the nonce dance, token reuse and renewal, and refusals that say what to fix.
 */
import { describe, expect, it } from 'vitest';
import oauthClientCredentials from '../../connections/oauth-client-credentials.ts';
import { createConnector } from '../../connector.ts';
import type { Auth } from '../../lib/define.ts';
import { OktaClient } from '../../lib/http/client.ts';
import { failure, keyPair, serviceConnection, useOAuthSandbox } from './harness.ts';

const t = useOAuthSandbox({ users: 30, seed: 5 });
const connector = createConnector({ outputCheck: 'throw', client: { retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
const READ = ['okta.users.read', 'okta.groups.read'];

function firstUserId(): string {
  return t.sandbox.org.listUsers()[0]?.id as string;
}

describe('a service app that requires DPoP', () => {
  it('works on the first call and on the hundredth, with one token and one nonce challenge', async () => {
    const key = await keyPair('RS256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: READ, dpopRequired: true });
    t.sandbox.oauth.stats.reset();
    const userId = firstUserId();
    const first = (await connector.runAction('getUser', { connection, input: { userId } })) as { id: string };
    expect(first.id).toBe(userId);
    for (let batch = 0; batch < 9; batch++) {
      await Promise.all(
        Array.from({ length: 11 }, () => connector.runAction('getUser', { connection, input: { userId } })),
      );
    }
    expect(t.sandbox.oauth.stats).toMatchObject({ tokenRequests: 2, nonceChallenges: 1, tokensIssued: 1 });
    expect(t.sandbox.oauth.stats.resourceRejections).toBe(0);
  });

  it('accepts a PKCS#1 PEM, an EC key given as a JWK, and picks up a resource nonce when asked', async () => {
    const rsa = await keyPair('RS256');
    const { createPrivateKey } = await import('node:crypto');
    const pkcs1 = createPrivateKey(rsa.pem).export({ type: 'pkcs1', format: 'pem' }).toString();
    const a = serviceConnection(t.sandbox, rsa, { scopes: READ }, { privateKey: pkcs1 });
    const ec = await keyPair('ES256', 'key-1');
    const b = serviceConnection(t.sandbox, ec, { scopes: READ }, { privateKey: ec.privateJwk });
    const userId = firstUserId();
    t.sandbox.oauth.requireResourceNonce(true);
    t.sandbox.oauth.stats.reset();
    const ids: string[] = [];
    try {
      for (const { connection } of [a, b]) {
        for (let call = 0; call < 2; call++) {
          const user = (await connector.runAction('getUser', { connection, input: { userId } })) as { id: string };
          ids.push(user.id);
        }
      }
    } finally {
      t.sandbox.oauth.requireResourceNonce(false);
    }
    expect(ids).toEqual([userId, userId, userId, userId]);
    // Each key got its token, and each connection was asked for a resource nonce once: the second call reused it.
    expect(t.sandbox.oauth.stats.tokensIssued).toBe(2);
    expect(t.sandbox.oauth.stats.resourceRejections).toBe(2);
  });

  it('renews an expired token once under 20 concurrent calls', async () => {
    const key = await keyPair('ES256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: READ, dpopRequired: true });
    const userId = firstUserId();
    await connector.runAction('getUser', { connection, input: { userId } });
    t.sandbox.oauth.expireTokens();
    t.sandbox.oauth.stats.reset();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => connector.runAction('getUser', { connection, input: { userId } })),
    );
    expect(results).toHaveLength(20);
    expect(t.sandbox.oauth.stats.tokensIssued).toBe(1);
    // The nonce from the first dance is still good: one token request, no new challenge.
    expect(t.sandbox.oauth.stats.tokenRequests).toBe(1);
  });

  it('reports the org, the DPoP-bound token and the scopes in its connection test', async () => {
    const key = await keyPair('RS256');
    const { connection } = serviceConnection(
      t.sandbox,
      key,
      { scopes: READ },
      { scopes: 'okta.users.read okta.groups.read okta.logs.read' },
    );
    const report = await connector.testConnection(connection);
    expect(report.ok).toBe(true);
    expect(report.org?.engine).toBe('Identity Engine');
    expect(report.checks.map((c) => c.name)).toEqual(['org', 'token', 'credential', 'scopes']);
    expect(report.checks.find((c) => c.name === 'token')?.message).toMatch(/DPoP-bound/);
    const scopes = report.checks.find((c) => c.name === 'scopes')?.message ?? '';
    expect(scopes).toMatch(/Granted: okta\.users\.read, okta\.groups\.read\./);
    expect(scopes).toMatch(/Refused: .*okta\.logs\.read \(insufficient_scope\)/);
    expect(report.warnings.join(' ')).toMatch(/did not grant okta\.logs\.read/);
  });
});

describe('a service app that does not require DPoP', () => {
  it('gets a Bearer token at the first request and uses it', async () => {
    const key = await keyPair('RS256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: READ, dpopRequired: false });
    t.sandbox.oauth.stats.reset();
    const userId = firstUserId();
    await connector.runAction('getUser', { connection, input: { userId } });
    await connector.runAction('listGroups', { connection, input: { limit: 2 } });
    expect(t.sandbox.oauth.stats).toMatchObject({ tokenRequests: 1, nonceChallenges: 0, tokensIssued: 1 });
    const report = await connector.testConnection(connection);
    expect(report.checks.find((c) => c.name === 'token')?.message).toMatch(/Bearer/);
  });

  it('warns in the connection test when the app has no admin role (lists come back 200 [])', async () => {
    const key = await keyPair('RS256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: READ, dpopRequired: false, adminRole: false });
    const report = await connector.testConnection(connection);
    expect(report.ok).toBe(true);
    expect(report.warnings.join(' ')).toMatch(/admin role/);
  });
});

describe('refusals become connection errors that say what to fix', () => {
  it('invalid_client: a key that is not registered on the app', async () => {
    const registered = await keyPair('RS256');
    const other = await keyPair('RS256');
    const { connection } = serviceConnection(t.sandbox, registered, { scopes: READ }, { privateKey: other.pem });
    const error = await failure(connector.runAction('getUser', { connection, input: { userId: firstUserId() } }));
    expect(error.kind).toBe('connection');
    expect(error).toMatchObject({ code: 'TOKEN_REFUSED', details: { error: 'invalid_client' } });
    expect(error.message).toMatch(/public key registered on the app/);
    const report = await connector.testConnection(connection);
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.name === 'token')?.message).toMatch(/invalid_client/);
  });

  it('insufficient_scope: the scope the call needs is named', async () => {
    const key = await keyPair('RS256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: ['okta.users.read'] });
    const error = await failure(connector.runAction('listGroups', { connection, input: { limit: 1 } }));
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(/okta\.groups\.read/);
    expect(error.message).toMatch(/Okta API Scopes/);
  });

  async function directAuth(tamper: (auth: Auth) => Auth) {
    const key = await keyPair('ES256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: READ, dpopRequired: true });
    const fields = oauthClientCredentials.fields.parse(connection.fields);
    const auth = await oauthClientCredentials.authorize(fields);
    return new OktaClient({ auth: tamper(auth), retry: { maxRetries: 0 } });
  }

  it('a replayed DPoP proof', async () => {
    let first: Record<string, string> | undefined;
    const okta = await directAuth((auth) => ({
      ...auth,
      secrets: auth.secrets,
      async headers(request) {
        first ??= await auth.headers(request);
        return first;
      },
    }));
    await okta.request({ path: `/api/v1/users/${firstUserId()}` });
    const error = await failure(okta.request({ path: `/api/v1/users/${firstUserId()}` }));
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(/already been used/);
    expect(error.message).toMatch(/clock is correct/);
  });

  it('a proof for the wrong URL (htu)', async () => {
    const okta = await directAuth((auth) => ({
      ...auth,
      secrets: auth.secrets,
      headers: ({ method, url }) => auth.headers({ method, url: new URL(`/api/v1${url.pathname}`, url) }),
    }));
    const error = await failure(okta.request({ path: '/api/v1/users', query: { limit: 1 } }));
    expect(error.kind).toBe('connection');
    expect(error.message).toMatch(/'htu' claim/);
    expect(error.message).toMatch(/rewritten URL/);
  });
});
