/**
 * The authorization code connection over real HTTP against the sandbox: authorize URL (PKCE S256, state), code
 * exchange, refresh with rotation handed to the host, no replay of a rotated refresh token, revocation; and the
 * host's redirect endpoint for the playground.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { createOAuthRoutes } from '../../host/oauth.ts';
import {
  buildAuthorizeUrl,
  createPkce,
  createState,
  disconnect,
  exchangeCode,
  type OAuthTokens,
} from '../../lib/auth/authorization-code.ts';
import { failure, useOAuthSandbox } from './harness.ts';

const t = useOAuthSandbox({ users: 20, seed: 7 });
const REDIRECT = 'http://127.0.0.1:5999/oauth/callback';

function webApp(scopes = ['okta.users.read', 'okta.users.manage', 'okta.groups.read']) {
  const { clientId, clientSecret } = t.sandbox.oauth.registerWebApp({ redirectUris: [REDIRECT], scopes });
  return { domain: t.sandbox.url, clientId, clientSecret, redirectUri: REDIRECT };
}

/** Follows the authorize URL as a browser would, with the sandbox's auto-consent: the redirect back. */
async function signIn(authorizeUrl: string): Promise<URL> {
  const response = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(response.status).toBe(302);
  return new URL(response.headers.get('location') as string);
}

function userId(): string {
  return t.sandbox.org.listUsers()[0]?.id as string;
}

describe('oauthAuthorizationCode', () => {
  it('runs from the authorize URL to a revoked token', async () => {
    const settings = webApp();
    const state = createState();
    const { codeVerifier } = createPkce();
    const url = new URL(buildAuthorizeUrl(settings, { state, codeVerifier }));
    expect(url.pathname).toBe('/oauth2/v1/authorize');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('scope')).toContain('offline_access');

    const back = await signIn(url.href);
    expect(back.searchParams.get('state')).toBe(state);
    const code = back.searchParams.get('code') as string;
    const tokens = await exchangeCode(settings, { code, codeVerifier });
    expect(tokens.refreshToken).toBeTruthy();
    // Scopes the app was not granted are dropped; the OpenID ones and offline_access stay.
    expect(tokens.scope).toContain('okta.users.manage');
    expect(tokens.scope).not.toContain('okta.apps.manage');

    const connector = createConnector();
    const connection = { type: 'oauthAuthorizationCode', fields: { ...settings, ...tokens } };
    const user = (await connector.runAction('getUser', { connection, input: { userId: userId() } })) as { id: string };
    expect(user.id).toBe(userId());
    const report = await connector.testConnection(connection);
    expect(report.ok).toBe(true);

    await disconnect(connection.fields);
    const refused = await fetch(`${t.sandbox.url}/api/v1/users/${userId()}`, {
      headers: { authorization: `Bearer ${tokens.accessToken}` },
    });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/invalid_token/);
    // The revoked refresh token cannot be used either: a fresh runtime fails with a connection error.
    const error = await failure(
      createConnector().runAction('getUser', {
        connection: { type: 'oauthAuthorizationCode', fields: { ...settings, refreshToken: tokens.refreshToken } },
        input: { userId: userId() },
      }),
    );
    expect(error.kind).toBe('connection');
    expect(error).toMatchObject({ code: 'REAUTHORIZE', details: { error: 'invalid_grant' } });
    expect(error.message).toMatch(/reconnect/i);
  });

  it('refuses a code exchange with the wrong PKCE verifier', async () => {
    const settings = webApp();
    const { codeVerifier } = createPkce();
    const back = await signIn(buildAuthorizeUrl(settings, { state: createState(), codeVerifier }));
    const error = await failure(
      exchangeCode(settings, {
        code: back.searchParams.get('code') as string,
        codeVerifier: createPkce().codeVerifier,
      }),
    );
    expect(error).toMatchObject({ code: 'REAUTHORIZE', details: { error: 'invalid_grant' } });
  });

  // Issue 20, item 12: a wrong client secret was told to check "the key pasted here" and a registered public key.
  it('tells a wrong client secret to check the client secret, not a private key', async () => {
    const settings = webApp();
    const { codeVerifier } = createPkce();
    const back = await signIn(buildAuthorizeUrl(settings, { state: createState(), codeVerifier }));
    const error = await failure(
      exchangeCode(
        { ...settings, clientSecret: `${settings.clientSecret}x` },
        { code: back.searchParams.get('code') as string, codeVerifier },
      ),
    );
    expect(error).toMatchObject({ code: 'TOKEN_REFUSED', kind: 'connection', details: { error: 'invalid_client' } });
    expect(error.message).toMatch(/client secret/);
    expect(error.message).not.toMatch(/private key|public key/i);
  });

  it('hands a rotated refresh token to the host and never sends the old one again', async () => {
    const settings = webApp();
    const { codeVerifier } = createPkce();
    const back = await signIn(buildAuthorizeUrl(settings, { state: createState(), codeVerifier }));
    const first = await exchangeCode(settings, { code: back.searchParams.get('code') as string, codeVerifier });
    const handed: OAuthTokens[] = [];
    const fields = { ...settings, ...first, onTokens: (tokens: OAuthTokens) => void handed.push(tokens) };
    const connector = createConnector();
    const connection = { type: 'oauthAuthorizationCode', fields };
    await connector.runAction('getUser', { connection, input: { userId: userId() } });
    t.sandbox.oauth.stats.reset();

    // An hour later: one refresh under 20 concurrent calls, and the host receives the rotated token.
    t.sandbox.oauth.expireTokens();
    await Promise.all(
      Array.from({ length: 20 }, () => connector.runAction('getUser', { connection, input: { userId: userId() } })),
    );
    expect(t.sandbox.oauth.stats.refreshes).toBe(1);
    expect(handed).toHaveLength(1);
    expect(handed[0]?.refreshToken).toBeTruthy();
    expect(handed[0]?.refreshToken).not.toBe(first.refreshToken);

    // Another hour; a second runtime still holding the *old* fields continues from the newest refresh token.
    t.sandbox.oauth.expireTokens();
    const stale = createConnector();
    await stale.runAction('getUser', {
      connection: { type: 'oauthAuthorizationCode', fields },
      input: { userId: userId() },
    });
    expect(t.sandbox.oauth.stats.refreshes).toBe(2);
    expect(t.sandbox.oauth.stats.refreshReuse).toBe(0);
    expect(handed).toHaveLength(2);
  });

  it('says the connection is not authorised yet when it holds no token', async () => {
    const error = await failure(
      createConnector().runAction('getUser', {
        connection: { type: 'oauthAuthorizationCode', fields: webApp() },
        input: { userId: userId() },
      }),
    );
    expect(error.kind).toBe('connection');
    expect(error.code).toBe('NOT_AUTHORIZED');
  });
});

describe('host redirect endpoint (host/oauth.ts)', () => {
  it('starts the sign-in, takes the callback, and gives the runtime a working connection', async () => {
    const settings = webApp();
    const saved: string[] = [];
    const routes = createOAuthRoutes({
      connections: { playground: settings },
      onTokens: (name) => saved.push(name),
    });
    const start = await routes.app.request('/oauth/start?connection=playground');
    expect(start.status).toBe(302);
    const back = await signIn(start.headers.get('location') as string);
    expect(routes.isAuthorized('playground')).toBe(false);

    const callback = await routes.app.request(`${back.pathname}${back.search}`);
    expect(callback.status).toBe(200);
    const html = await callback.text();
    expect(html).toContain('authorised');
    expect(html).not.toMatch(/sbx\.(at|rt)\./);
    expect(saved).toEqual(['playground']);

    // The state is single-use.
    const replay = await routes.app.request(`${back.pathname}${back.search}`);
    expect(replay.status).toBe(400);

    const connection = routes.connection('playground');
    expect(connection).toBeDefined();
    await createConnector().runAction('getUser', {
      connection: connection as NonNullable<typeof connection>,
      input: { userId: userId() },
    });
    const removed = await routes.app.request('/oauth/disconnect?connection=playground', { method: 'POST' });
    expect(await removed.json()).toEqual({ disconnected: true });
    expect(routes.connection('playground')).toBeUndefined();
  });
});
