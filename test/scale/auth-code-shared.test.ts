/**
 * The authorization code connection on several hosts sharing one Redis (issue 15), against the sandbox's org
 * authorization server, which rotates the refresh token at each refresh and revokes the whole grant when a rotated
 * token is presented again (reuse detection, as Okta): one refresh for all hosts, the rotated refresh token in the
 * store before anyone else may refresh (read again under the lock), a host started later with the old token
 * continuing from the new one, the host's sign-in kept in the store, and no local refresh while the store is away.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createConnector } from '../../connector.ts';
import { createOAuthRoutes } from '../../host/oauth.ts';
import {
  buildAuthorizeUrl,
  createPkce,
  createState,
  exchangeCode,
  type OAuthTokens,
} from '../../lib/auth/authorization-code.ts';
import { SharedGrant } from '../../lib/auth/shared-grant.ts';
import type { ConnectionInput } from '../../lib/runtime.ts';
import { connectRedisStore, type RedisStore } from '../../lib/store/redis.ts';
import { failure, useOAuthSandbox } from '../connections/harness.ts';
import { redisMissing, startRedis, type TestRedis } from './redis-server.ts';

const missing = redisMissing();

const REDIRECT = 'http://127.0.0.1:5999/oauth/callback';

describe.skipIf(missing)('authorization code tokens shared through Redis', () => {
  const t = useOAuthSandbox({ users: 5, seed: 15 });
  let redis: TestRedis;
  const stores: RedisStore[] = [];

  async function host() {
    const store = await connectRedisStore(redis.url);
    stores.push(store);
    return { store, connector: createConnector({ store }) };
  }

  function webApp() {
    const app = t.sandbox.oauth.registerWebApp({
      redirectUris: [REDIRECT],
      scopes: ['okta.users.read', 'okta.users.manage'],
    });
    return { domain: t.sandbox.url, redirectUri: REDIRECT, ...app };
  }

  async function signIn(settings = webApp()) {
    const { codeVerifier } = createPkce();
    const authorize = buildAuthorizeUrl(settings, { state: createState(), codeVerifier });
    const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') as string);
    const tokens = await exchangeCode(settings, { code: back.searchParams.get('code') as string, codeVerifier });
    return { settings, tokens };
  }

  beforeAll(async () => {
    redis = await startRedis();
    // Okta's rate-limit headers, so each runtime learns the budget and sends its calls together.
    t.sandbox.setRateLimits({ enabled: true });
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await redis?.close();
  });

  it('refreshes once for two hosts, stores the rotated refresh token, and never replays a spent one', async () => {
    const { settings, tokens } = await signIn();
    const userId = t.sandbox.org.listUsers()[0]?.id as string;
    const handed: OAuthTokens[] = [];
    // The host kept the sign-in's tokens; the access token has expired since (at Okta too).
    const expired = { ...tokens, expiresAt: Date.now() - 1_000 };
    const fields = { ...settings, ...expired, onTokens: (next: OAuthTokens) => void handed.push(next) };
    const connection = { type: 'oauthAuthorizationCode', fields };
    const hosts = [await host(), await host()];
    const call = (index: number, on: ConnectionInput = connection) =>
      hosts[index % 2]?.connector.runAction('getUser', { connection: on, input: { userId } }) as Promise<{
        id: string;
      }>;
    // Each runtime learns the org's budget first (one request at a time until it is known), with another admin's
    // grant of the same app, so the calls below reach the token step together, as on separate machines.
    const other = await signIn(settings);
    const warmUp = { type: 'oauthAuthorizationCode', fields: { ...other.settings, ...other.tokens } };
    await Promise.all([call(0, warmUp), call(1, warmUp)]);
    t.sandbox.oauth.expireTokens();
    t.sandbox.oauth.stats.reset();
    // A slow token endpoint (the rotation done, the answer late) widens the race every host would lose without the
    // lock; the assertions do not depend on it.
    t.sandbox.faults.inject({ kind: 'latency', ms: 300, when: 'after', match: { path: '/oauth2/v1/token' } });
    onTestFinished(() => t.sandbox.faults.clear());

    // Twenty calls at once spread over the two hosts.
    const users = await Promise.all(Array.from({ length: 20 }, (_, index) => call(index)));
    expect(users.every((user) => user.id === userId)).toBe(true);
    expect(t.sandbox.oauth.stats.refreshes).toBe(1);
    expect(t.sandbox.oauth.stats.refreshReuse).toBe(0);

    const stored = await new SharedGrant(
      hosts[0]?.store as RedisStore,
      settings.domain,
      settings.clientId,
      tokens.refreshToken as string,
    ).read();
    expect(stored?.refreshToken).toBeTruthy();
    expect(stored?.refreshToken).not.toBe(tokens.refreshToken);
    // Each host hands the host application the newest refresh token: the one in Redis.
    expect(handed.length).toBeGreaterThan(0);
    expect(handed).toHaveLength(2);
    for (const next of handed) expect(next.refreshToken).toBe(stored?.refreshToken);
    // No token in clear in a key.
    const keys = await (stores[0] as RedisStore).redis.keys('*');
    for (const key of keys) {
      expect(key).not.toContain(tokens.refreshToken);
      expect(key).not.toContain(stored?.refreshToken);
    }

    // An hour later Okta refuses the access token both hosts hold (401 invalid_token): again one refresh.
    t.sandbox.oauth.expireTokens();
    await Promise.all(Array.from({ length: 20 }, (_, index) => call(index)));
    expect(t.sandbox.oauth.stats.refreshes).toBe(2);
    expect(t.sandbox.oauth.stats.refreshReuse).toBe(0);
    const rotatedAgain = await new SharedGrant(
      stores[0] as RedisStore,
      settings.domain,
      settings.clientId,
      tokens.refreshToken as string,
    ).read();
    expect(rotatedAgain?.refreshToken).not.toBe(stored?.refreshToken);

    // Another hour; a third host started with the sign-in's (now spent) refresh token continues from the stored one,
    // and so does one started with the rotated token it persisted (found through its alias).
    t.sandbox.oauth.expireTokens();
    const late = await host();
    await late.connector.runAction('getUser', {
      connection: { type: connection.type, fields: { ...settings, refreshToken: tokens.refreshToken } },
      input: { userId },
    });
    t.sandbox.oauth.expireTokens();
    const persisted = await host();
    await persisted.connector.runAction('getUser', {
      connection: { type: connection.type, fields: { ...settings, refreshToken: rotatedAgain?.refreshToken } },
      input: { userId },
    });
    expect(t.sandbox.oauth.stats.refreshes).toBe(4);
    expect(t.sandbox.oauth.stats.refreshReuse).toBe(0);
  });

  it('keeps the grant a host signed in (host/oauth.ts) in the store, refreshed by any host, removed on disconnect', async () => {
    const settings = webApp();
    const userId = t.sandbox.org.listUsers()[0]?.id as string;
    const [a, b] = [await host(), await host()];
    const saved: OAuthTokens[] = [];
    const routes = createOAuthRoutes({
      connections: { admin: settings },
      store: a.store,
      onTokens: (_name, tokens) => void saved.push(tokens),
    });
    const start = await routes.app.request('/oauth/start?connection=admin');
    const back = new URL(
      (await fetch(start.headers.get('location') as string, { redirect: 'manual' })).headers.get('location') as string,
    );
    expect((await routes.app.request(`${back.pathname}${back.search}`)).status).toBe(200);
    const signedIn = saved[0] as OAuthTokens;
    const grant = new SharedGrant(a.store, settings.domain, settings.clientId, signedIn.refreshToken as string);
    expect((await grant.read())?.refreshToken).toBe(signedIn.refreshToken);

    // Host b serves the same connection (as persisted at sign-in) and refreshes it first; host a then continues from
    // the refresh token b stored instead of spending the one it signed in with again.
    const connection = routes.connection('admin') as ConnectionInput;
    t.sandbox.oauth.expireTokens();
    t.sandbox.oauth.stats.reset();
    await b.connector.runAction('getUser', {
      connection: { ...connection, fields: { ...connection.fields, onTokens: undefined } },
      input: { userId },
    });
    await a.connector.runAction('getUser', { connection, input: { userId } });
    expect(t.sandbox.oauth.stats.refreshes).toBe(1);
    expect(t.sandbox.oauth.stats.refreshReuse).toBe(0);
    const refreshed = await grant.read();
    expect(refreshed?.refreshToken).not.toBe(signedIn.refreshToken);
    expect(saved.at(-1)?.refreshToken).toBe(refreshed?.refreshToken);

    const removed = await routes.app.request('/oauth/disconnect?connection=admin', { method: 'POST' });
    expect(await removed.json()).toEqual({ disconnected: true });
    expect(await grant.read()).toBeUndefined();
    // The stored (newest) refresh token was revoked, not only the stale one the host held.
    const reuse = await fetch(`${settings.domain}/oauth2/v1/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${settings.clientId}:${settings.clientSecret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshed?.refreshToken as string }),
    });
    expect(reuse.status).toBe(400);
  });

  it('reads the grant again under the lock: a refresh another host finished meanwhile is not repeated', async () => {
    const [a, b] = [await host(), await host()];
    const org = 'https://race.example.okta.com';
    const first = new SharedGrant(a.store, org, 'client', 'rt-0');
    await first.write({
      accessToken: 'at-0',
      type: 'Bearer',
      expiresAt: Date.now() - 1,
      scope: '',
      refreshToken: 'rt-0',
    });
    const sent: (string | undefined)[] = [];
    // A stands in for the token endpoint, rotating at each refresh as Okta does.
    const refresh = async (refreshToken: string | undefined) => {
      sent.push(refreshToken);
      return {
        token_type: 'Bearer',
        access_token: `at-${sent.length}`,
        expires_in: 3600,
        refresh_token: `rt-${sent.length}`,
      };
    };
    // Host b has read the due state; just before it claims the lock, host a refreshes and releases it.
    const racing: RedisStore = Object.assign(Object.create(b.store), {
      claim: async (key: string, value: string, ttlMs: number) => {
        await first.current({ refused: undefined, local: 'rt-0', refresh });
        return b.store.claim(key, value, ttlMs);
      },
    });
    const second = new SharedGrant(racing, org, 'client', 'rt-0');
    const state = await second.current({ refused: undefined, local: 'rt-0', refresh });
    expect(sent).toEqual(['rt-0']);
    expect(state).toMatchObject({ accessToken: 'at-1', refreshToken: 'rt-1' });
  });

  it('refuses to refresh while the store is away, rather than risk a spent refresh token', async () => {
    const { settings, tokens } = await signIn();
    const userId = t.sandbox.org.listUsers()[0]?.id as string;
    const lone = await host();
    const connection = { type: 'oauthAuthorizationCode', fields: { ...settings, ...tokens } };
    await lone.connector.runAction('getUser', { connection, input: { userId } });
    t.sandbox.oauth.expireTokens();
    t.sandbox.oauth.stats.reset();
    await redis.stop();
    try {
      const error = await failure(lone.connector.runAction('getUser', { connection, input: { userId } }));
      expect(error).toMatchObject({ kind: 'transient', code: 'STATE_STORE_UNAVAILABLE' });
      expect(t.sandbox.oauth.stats.refreshes).toBe(0);
    } finally {
      await redis.start();
    }
  });
});
