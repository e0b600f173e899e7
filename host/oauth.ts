/**
 * @module The browser half of the authorization code connection, for the playground: `GET /oauth/start` sends the
 * admin to Okta (PKCE S256, single-use `state`), `GET /oauth/callback` exchanges the code and keeps the tokens in
 * memory, `POST /oauth/disconnect` revokes them. Tokens never leave the process: pages show only whether a
 * connection is authorised, and `connection(name)` builds the connection the runtime needs, with an `onTokens`
 * listener that keeps a rotated refresh token. With a shared state store the signed-in grant also goes into the store
 * (`shareTokens`), so every host refreshes it under the same lock and none sends a rotated-away refresh token.
 */
import { Hono } from 'hono';
import { LRUCache } from 'lru-cache';
import {
  type AuthorizationCodeSettings,
  buildAuthorizeUrl,
  createPkce,
  createState,
  disconnect,
  exchangeCode,
  type OAuthTokens,
  shareTokens,
} from '../lib/auth/authorization-code.ts';
import { isConnectorError } from '../lib/errors.ts';
import type { ConnectionInput } from '../lib/runtime.ts';
import type { StateStore } from '../lib/store/types.ts';

export interface OAuthRoutesOptions {
  /** The settings of each named authorization-code connection (domain, clientId, clientSecret, scopes, redirectUri). */
  connections: Record<string, AuthorizationCodeSettings>;
  /** Told whenever a connection's tokens change (after the callback and after each rotation), e.g. to persist them. */
  onTokens?: (name: string, tokens: OAuthTokens) => void;
  /** The hosts' shared state store (issue 15): the signed-in grant's tokens are kept and refreshed through it. */
  store?: StateStore | undefined;
  /** How long a started sign-in may take; 10 minutes by default. */
  stateTtlMs?: number;
}

export interface OAuthRoutes {
  /** Mount with `app.route('/', routes.app)`: serves `/oauth/start`, `/oauth/callback`, `/oauth/disconnect`. */
  app: Hono;
  /** The runtime connection for `name`, or undefined until the admin has signed in. */
  connection(name: string): ConnectionInput | undefined;
  /** Whether `name` holds tokens. */
  isAuthorized(name: string): boolean;
}

interface Pending {
  name: string;
  codeVerifier: string;
  expiresAt: number;
}

export function createOAuthRoutes(options: OAuthRoutesOptions): OAuthRoutes {
  const tokens = new Map<string, OAuthTokens>();
  // A Map, not the options object: `?connection=constructor` or `toString` must find nothing (issue 20, item 11).
  const connections = new Map(Object.entries(options.connections));
  const ttl = options.stateTtlMs ?? 600_000;
  // Bounded: anyone can call /oauth/start, and each call holds a PKCE verifier until its callback or its expiry.
  const pending = new LRUCache<string, Pending>({ max: 1_000, ttl, ttlResolution: 1_000 });
  const app = new Hono();

  const store = (name: string, value: OAuthTokens) => {
    tokens.set(name, value);
    options.onTokens?.(name, value);
  };
  /** One listener per name: the runtime keys its sessions by the connection, functions by identity. */
  const listeners = new Map<string, (next: OAuthTokens) => void>();
  const listenerFor = (name: string) => {
    let listener = listeners.get(name);
    if (!listener) {
      listener = (next) => store(name, next);
      listeners.set(name, listener);
    }
    return listener;
  };

  const page = (title: string, text: string, status: 200 | 400 | 404 = 200) =>
    new Response(
      `<!doctype html><meta charset="utf-8"><title>${escapeHtml(title)}</title><p>${escapeHtml(text)}</p>` +
        '<p><a href="/">Back to the playground</a></p>',
      { status, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
    );

  app.get('/oauth/start', (c) => {
    const name = c.req.query('connection') ?? '';
    const settings = connections.get(name);
    if (!settings) return page('Unknown connection', `There is no OAuth connection named "${name}".`, 404);
    const now = Date.now();
    pending.purgeStale();
    const state = createState();
    const { codeVerifier } = createPkce();
    pending.set(state, { name, codeVerifier, expiresAt: now + ttl });
    return c.redirect(buildAuthorizeUrl(settings, { state, codeVerifier }), 302);
  });

  app.get('/oauth/callback', async (c) => {
    const state = c.req.query('state') ?? '';
    const entry = pending.get(state);
    // Single use: a replayed or forged state finds nothing.
    pending.delete(state);
    if (!entry || entry.expiresAt < Date.now()) {
      return page('Sign-in expired', 'This sign-in is unknown or expired: start again.', 400);
    }
    const error = c.req.query('error');
    if (error) {
      return page('Okta refused', `Okta answered ${error}: ${c.req.query('error_description') ?? ''}`.trim(), 400);
    }
    const settings = connections.get(entry.name) as AuthorizationCodeSettings;
    try {
      const code = c.req.query('code') ?? '';
      const signedIn = await exchangeCode(settings, { code, codeVerifier: entry.codeVerifier });
      // Unreachable store: the first refresh (under the lock) stores the grant instead.
      await shareTokens(settings, signedIn, options.store).catch(() => undefined);
      store(entry.name, signedIn);
    } catch (failure) {
      const message = isConnectorError(failure) ? failure.message : 'The code exchange failed.';
      return page('Sign-in failed', message, 400);
    }
    return page('Connected', `The connection "${entry.name}" is authorised.`);
  });

  app.post('/oauth/disconnect', async (c) => {
    const name = c.req.query('connection') ?? '';
    const connection = routes.connection(name);
    if (!connection) return c.json({ disconnected: false });
    await disconnect(connection.fields as Parameters<typeof disconnect>[0], { store: options.store });
    tokens.delete(name);
    return c.json({ disconnected: true });
  });

  const routes: OAuthRoutes = {
    app,
    connection(name) {
      const settings = connections.get(name);
      const held = tokens.get(name);
      if (!settings || !held) return undefined;
      return {
        type: 'oauthAuthorizationCode',
        fields: {
          ...settings,
          refreshToken: held.refreshToken,
          accessToken: held.accessToken,
          expiresAt: held.expiresAt,
          onTokens: listenerFor(name),
        },
      };
    },
    isAuthorized: (name) => tokens.has(name),
  };
  return routes;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
