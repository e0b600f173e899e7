/**
 * No private key, client secret, API token, access or refresh token, client assertion or DPoP proof appears in any
 * error, log line, connection-test report or the manifest, whatever the connection type and whatever goes wrong.
 * Also covers the named credential, whose secret the platform holds.
 */
import { describe, expect, it } from 'vitest';
import { createConnector, manifest } from '../../connector.ts';
import { buildAuthorizeUrl, createPkce, createState, exchangeCode } from '../../lib/auth/authorization-code.ts';
import type { ConnectionInput } from '../../lib/runtime.ts';
import { failure, keyPair, serviceConnection, useOAuthSandbox } from './harness.ts';

const t = useOAuthSandbox({ users: 10, seed: 9 });
const REDIRECT = 'http://127.0.0.1:5998/cb';

const lines: string[] = [];
const record = (level: string) => (message: string, data?: Record<string, unknown>) =>
  void lines.push(`${level} ${message} ${JSON.stringify(data ?? {})}`);
const connector = createConnector({
  log: { debug: record('debug'), info: record('info'), warn: record('warn') },
  client: { retry: { baseDelayMs: 5, maxDelayMs: 20 } },
});

function userId(): string {
  return t.sandbox.org.listUsers()[0]?.id as string;
}

function dump(error: unknown): string {
  const e = error as Error & { details?: unknown; toJSON?: () => unknown };
  return JSON.stringify({ message: e.message, stack: e.stack, details: e.details, json: e.toJSON?.() });
}

describe('secrets stay out of errors, logs, reports and the manifest', () => {
  it('for every connection type and failure', async () => {
    const outputs: string[] = [];
    const secrets: string[] = [t.sandbox.apiToken];
    const run = async (connection: ConnectionInput, key = 'getUser', input: unknown = { userId: userId() }) => {
      try {
        outputs.push(JSON.stringify(await connector.runAction(key, { connection, input })));
      } catch (error) {
        outputs.push(dump(error));
      }
      outputs.push(JSON.stringify(await connector.testConnection(connection).catch(dump)));
    };

    // Service apps: DPoP and Bearer, a key that is not registered, a missing scope, an expired token.
    const rsa = await keyPair('RS256');
    const ec = await keyPair('ES256', 'k1');
    const wrong = await keyPair('RS256');
    for (const key of [rsa, ec, wrong]) {
      secrets.push(...key.pem.split('\n').filter((line) => line.length > 40));
      secrets.push(JSON.parse(key.privateJwk).d);
    }
    const dpop = serviceConnection(t.sandbox, rsa, { scopes: ['okta.users.read'] });
    const bearer = serviceConnection(
      t.sandbox,
      ec,
      { scopes: ['okta.users.read'], dpopRequired: false },
      {
        privateKey: ec.privateJwk,
      },
    );
    const badKey = serviceConnection(t.sandbox, rsa, { scopes: ['okta.users.read'] }, { privateKey: wrong.pem });
    await run(dpop.connection);
    await run(dpop.connection, 'listGroups', { limit: 1 });
    t.sandbox.oauth.expireTokens();
    await run(dpop.connection);
    await run(bearer.connection);
    await run(badKey.connection);

    // Authorization code: sign in, rotate, then a revoked grant.
    const web = t.sandbox.oauth.registerWebApp({ redirectUris: [REDIRECT], scopes: ['okta.users.read'] });
    secrets.push(web.clientSecret);
    const settings = {
      domain: t.sandbox.url,
      clientId: web.clientId,
      clientSecret: web.clientSecret,
      redirectUri: REDIRECT,
    };
    const { codeVerifier } = createPkce();
    const signIn = await fetch(buildAuthorizeUrl(settings, { state: createState(), codeVerifier }), {
      redirect: 'manual',
    });
    const code = new URL(signIn.headers.get('location') as string).searchParams.get('code') as string;
    const tokens = await exchangeCode(settings, { code, codeVerifier });
    const user = { type: 'oauthAuthorizationCode', fields: { ...settings, ...tokens } };
    await run(user);
    t.sandbox.oauth.expireTokens();
    await run(user);
    await run(user, 'listGroups', { limit: 1 });
    await run({
      type: 'oauthAuthorizationCode',
      fields: { ...settings, refreshToken: 'sbx.rt.not-a-real-refresh-token' },
    });

    // Named credential and API token, right and wrong.
    await run({
      type: 'namedCredential',
      fields: { domain: t.sandbox.url, authorization: async () => `SSWS ${t.sandbox.apiToken}` },
    });
    await run({ type: 'namedCredential', fields: { domain: t.sandbox.url, authorization: 'SSWS wrong-token-123456' } });
    await run({ type: 'apiToken', fields: { domain: t.sandbox.url, apiToken: 'wrong-api-token-123456' } });
    secrets.push('wrong-token-123456', 'wrong-api-token-123456');

    const haystacks = { outputs: outputs.join('\n'), logs: lines.join('\n'), manifest: JSON.stringify(manifest()) };
    expect(lines.length).toBeGreaterThan(10);
    // The failures did happen, so their messages were scanned too.
    for (const said of ['invalid_client', 'okta.groups.read', 'invalid_grant', 'E0000011']) {
      expect(haystacks.outputs).toContain(said);
    }
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of secrets) expect(text.includes(secret), `${where} holds a secret`).toBe(false);
      // Sandbox access and refresh tokens; any JWT (client assertion, DPoP proof).
      expect(text, `${where} holds a token`).not.toMatch(/sbx\.(at|rt)\.[\w-]{20,}/);
      expect(text, `${where} holds a JWT`).not.toMatch(/eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]+/);
      expect(text, `${where} holds a PEM`).not.toMatch(/BEGIN (RSA )?PRIVATE KEY/);
    }
  });
});

describe('namedCredential', () => {
  it('calls Okta with the header the platform provides, asking for it on each request', async () => {
    let asked = 0;
    const connection = {
      type: 'namedCredential',
      fields: {
        domain: t.sandbox.url,
        authorization: async () => {
          asked += 1;
          return `SSWS ${t.sandbox.apiToken}`;
        },
      },
    };
    await connector.runAction('getUser', { connection, input: { userId: userId() } });
    await connector.runAction('getUser', { connection, input: { userId: userId() } });
    expect(asked).toBe(2);
    const report = await connector.testConnection(connection);
    expect(report.ok).toBe(true);
  });

  it('fails as a connection error when the provider has nothing to give', async () => {
    const error = await failure(
      connector.runAction('getUser', {
        connection: { type: 'namedCredential', fields: { domain: t.sandbox.url, authorization: async () => '' } },
        input: { userId: userId() },
      }),
    );
    expect(error.message).toMatch(/provider returned no header/);
    expect(error.kind).toBe('connection');
  });
});
