/**
 * @module The authorization code grant (PKCE) against the org authorization server, the way Okta Workflows connects
 * (docs/okta.md §5.4): what the connection `oauthAuthorizationCode` (connections/oauth-authorization-code.ts) and the
 * host's browser routes (host/oauth.ts) share, so that the host needs nothing from a connection module.
 *
 * How tokens travel — the choice, kept simple:
 * - The host runs the browser part with the exported helpers: `createPkce`, `buildAuthorizeUrl` (PKCE S256 and
 *   `state`), then `exchangeCode` on the redirect. `host/oauth.ts` does this for the playground.
 * - The host then passes the tokens it got as connection fields (`refreshToken`, and optionally `accessToken` with
 *   `expiresAt`), together with an optional `onTokens` callback field (in process only, like a named credential's
 *   provider). The connection refreshes the access token shortly before it expires; when Okta rotates the refresh
 *   token, `onTokens` receives the new set so the host can persist it.
 * - A refresh token is never sent again once rotated: the latest one is kept process-wide per grant (`grantOf`), so a
 *   connection that still carries the old value continues from the new one. Okta treats reuse of a rotated token as
 *   theft and revokes the whole grant.
 * - With a shared state store (several hosts, issue 15) the grant's access token and current refresh token live in the
 *   store and a refresh happens under its lock (`lib/auth/shared-grant.ts`), so no host sends a token another spent.
 * - `disconnect(fields)` revokes the refresh and access tokens (`/oauth2/v1/revoke`) when the host removes the
 *   connection.
 */
import { createHash, randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { domainField } from '../domain.ts';
import { ConnectionError, clause, TransientError } from '../errors.ts';
import type { StateStore } from '../store/types.ts';
import { type GrantState, SharedGrant } from './shared-grant.ts';
import { requestToken, type TokenResponse } from './token-endpoint.ts';
import { TokenSource } from './token-source.ts';

/**
 * What Okta Workflows' own Okta connector gets: the OpenID scopes and `offline_access` it grants automatically, plus
 * the okta.* management scopes its cards use (help.okta.com, "Scopes for Okta connector cards").
 */
export const DEFAULT_SCOPES = [
  'openid',
  'profile',
  'email',
  'phone',
  'address',
  'groups',
  'offline_access',
  'okta.users.manage',
  'okta.groups.manage',
  'okta.apps.manage',
  'okta.factors.manage',
  'okta.eventHooks.manage',
  'okta.logs.read',
];

const SCOPE = /^(okta\.[A-Za-z]+\.[a-z]+|openid|profile|email|phone|address|groups|offline_access)$/;

const scopes = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => [...new Set((Array.isArray(value) ? value : value.split(/[\s,]+/)).filter(Boolean))])
  .pipe(z.array(z.string().regex(SCOPE, 'Scopes look like okta.users.read or offline_access.')).min(1))
  .default(DEFAULT_SCOPES)
  .meta({
    label: 'Scopes',
    description:
      'Separated by spaces. Include offline_access to get a refresh token. By default, what Okta Workflows asks for.',
    example: DEFAULT_SCOPES.join(' '),
  });

/** The tokens a host keeps for a connection. */
export interface OAuthTokens {
  accessToken: string;
  /** Absent when the grant has no offline_access. */
  refreshToken: string | undefined;
  /** Epoch milliseconds. */
  expiresAt: number;
  scope: string | undefined;
}

export type TokenListener = (tokens: OAuthTokens) => void | Promise<void>;

const settingsShape = {
  domain: domainField,
  clientId: z.string().trim().min(1, 'Enter the client id.').meta({
    label: 'Client ID',
    description: 'The web app’s client id (Applications → your OIDC web app → General).',
    example: '0oa1b2c3d4e5f6g7h8i9',
  }),
  clientSecret: z.string().trim().min(1, 'Enter the client secret.').meta({
    label: 'Client secret',
    description: 'The web app’s client secret (client_secret_basic).',
    format: 'password',
    writeOnly: true,
  }),
  scopes,
  redirectUri: z.url({ protocol: /^https?$/, error: 'Enter the redirect URI registered on the app.' }).meta({
    label: 'Redirect URI',
    description: 'A "Sign-in redirect URI" registered on the app: where Okta sends the browser back with a code.',
    example: 'https://flows.example.com/oauth/callback',
  }),
};

const settingsSchema = z.object(settingsShape);
export type AuthorizationCodeSettings = z.input<typeof settingsSchema>;

/** The connection's fields: the settings, and the tokens the host got for them. */
export const authorizationCodeFields = z.object({
  ...settingsShape,
  refreshToken: z.string().trim().min(1).optional().meta({
    label: 'Refresh token',
    description: 'From the code exchange; the host stores it (and the newer one handed to onTokens).',
    format: 'password',
    writeOnly: true,
  }),
  accessToken: z.string().trim().min(1).optional().meta({
    label: 'Access token',
    description: 'Optional: the current access token, used until it is due.',
    format: 'password',
    writeOnly: true,
  }),
  expiresAt: z.number().int().positive().optional().meta({
    label: 'Access token expiry',
    description: 'Epoch milliseconds at which the access token expires.',
  }),
  onTokens: z
    .custom<TokenListener>((value) => typeof value === 'function', 'Expected a function.')
    .optional()
    .meta({
      label: 'Token listener',
      description: 'In process only: called with the new tokens after every refresh, to persist a rotated token.',
      writeOnly: true,
    }),
});

export type AuthorizationCodeFields = z.output<typeof authorizationCodeFields>;

/** A PKCE pair (RFC 7636): a random verifier and its S256 challenge. */
export function createPkce(): { codeVerifier: string; codeChallenge: string } {
  const codeVerifier = randomBytes(32).toString('base64url');
  return { codeVerifier, codeChallenge: createHash('sha256').update(codeVerifier).digest('base64url') };
}

/** A random `state`, to tie the redirect back to the request that started it. */
export function createState(): string {
  return randomBytes(24).toString('base64url');
}

/** Where to send the admin's browser: the org AS authorize endpoint with PKCE S256 and `state`. */
export function buildAuthorizeUrl(
  settings: AuthorizationCodeSettings,
  request: { state: string; codeVerifier: string },
): string {
  const parsed = parseSettings(settings);
  const url = new URL(`${parsed.domain}/oauth2/v1/authorize`);
  url.search = new URLSearchParams({
    client_id: parsed.clientId,
    response_type: 'code',
    response_mode: 'query',
    scope: parsed.scopes.join(' '),
    redirect_uri: parsed.redirectUri,
    state: request.state,
    code_challenge: createHash('sha256').update(request.codeVerifier).digest('base64url'),
    code_challenge_method: 'S256',
  }).toString();
  return url.href;
}

/** Trades the code from the redirect for tokens. */
export async function exchangeCode(
  settings: AuthorizationCodeSettings,
  request: { code: string; codeVerifier: string },
): Promise<OAuthTokens> {
  const parsed = parseSettings(settings);
  const response = await requestToken({
    tokenUrl: `${parsed.domain}/oauth2/v1/token`,
    headers: { authorization: basicAuth(parsed.clientId, parsed.clientSecret) },
    clientAuth: 'clientSecret',
    params: async () => ({
      grant_type: 'authorization_code',
      code: request.code,
      redirect_uri: parsed.redirectUri,
      code_verifier: request.codeVerifier,
    }),
  });
  return toTokens(response, undefined);
}

/** Revokes the given tokens; Okta answers 200 even for a token already revoked or expired (docs/okta.md §5.4). */
export async function revokeTokens(
  settings: AuthorizationCodeSettings,
  tokens: { accessToken?: string | undefined; refreshToken?: string | undefined },
): Promise<void> {
  const parsed = parseSettings(settings);
  const revoke = async (token: string, hint: string) => {
    let response: Response;
    try {
      response = await fetch(`${parsed.domain}/oauth2/v1/revoke`, {
        method: 'POST',
        headers: {
          authorization: basicAuth(parsed.clientId, parsed.clientSecret),
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
        },
        body: new URLSearchParams({ token, token_type_hint: hint }).toString(),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new TransientError('REVOKE_UNREACHABLE', `Could not reach ${parsed.domain}: ${(error as Error).message}`);
    }
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: string };
      throw new ConnectionError(
        'REVOKE_REFUSED',
        `Okta refused to revoke the ${hint.replace('_', ' ')} (${body.error ?? response.status}): check the client ` +
          'id and secret.',
        { details: { status: response.status, error: body.error } },
      );
    }
  };
  // The refresh token first: revoking it also revokes the access tokens issued from it.
  if (tokens.refreshToken) await revoke(tokens.refreshToken, 'refresh_token');
  if (tokens.accessToken) await revoke(tokens.accessToken, 'access_token');
}

/**
 * Revokes a connection's tokens when the host removes it: the latest refresh token this process knows for the grant
 * (after rotations, not the stale one in `fields`) and the current access token.
 */
export async function disconnect(
  connectionFields: z.input<typeof authorizationCodeFields>,
  context: { store?: StateStore | undefined } = {},
): Promise<void> {
  const parsed = authorizationCodeFields.parse(connectionFields);
  const cache = grantsFor(context.store);
  const credential = parsed.refreshToken ?? parsed.accessToken;
  const grant = credential ? cache.get(grantKey(parsed, credential)) : undefined;
  // With a shared store the newest tokens are the stored ones (another host may have rotated them).
  const shared = sharedGrantOf(parsed, context.store);
  const stored = await shared?.read();
  await revokeTokens(parsed, {
    refreshToken: stored?.refreshToken ?? grant?.refreshToken ?? parsed.refreshToken,
    accessToken: stored?.accessToken ?? grant?.tokens.value ?? parsed.accessToken,
  });
  await shared?.forget();
  if (grant) {
    for (const key of grant.keys) cache.delete(key);
    grant.refreshToken = undefined;
    grant.tokens.invalidate(grant.tokens.value);
  }
}

export interface Grant {
  /** The newest refresh token; the only one ever sent. */
  refreshToken: string | undefined;
  tokens: TokenSource;
  /** Every refresh token this grant has held: none may appear in an error. */
  seen: string[];
  /** Map keys pointing at this grant (one per refresh token it was known by). */
  keys: string[];
  /** The last access token Okta refused: never taken back from the shared store. */
  refused?: string | undefined;
}

/**
 * Grants by org, client and a refresh (or access) token, process-wide: see the module comment. Bounded by count
 * only, with no idle time: a grant remembers the rotated refresh token for connections that still hold the old one,
 * and sending that old token to Okta would look like token theft and revoke the whole grant (reuse detection).
 */
const grants = new LRUCache<string, Grant>({ max: 10_000 });
/** With a shared store, the grants of the runtimes on that store: each is one host, as its own process would be. */
const sharedGrants = new WeakMap<StateStore, LRUCache<string, Grant>>();

function grantsFor(store: StateStore | undefined): LRUCache<string, Grant> {
  if (!store?.shared) return grants;
  let cache = sharedGrants.get(store);
  if (!cache) {
    cache = new LRUCache<string, Grant>({ max: 10_000 });
    sharedGrants.set(store, cache);
  }
  return cache;
}

function sharedGrantOf(
  parsed: { domain: string; clientId: string; refreshToken?: string | undefined; accessToken?: string | undefined },
  store: StateStore | undefined,
): SharedGrant | undefined {
  const credential = parsed.refreshToken ?? parsed.accessToken;
  return store?.shared && credential ? new SharedGrant(store, parsed.domain, parsed.clientId, credential) : undefined;
}

/**
 * A host that signed an admin in (the code exchange) with a shared store: the grant's tokens go into the store, so
 * every host refreshes them through the same lock from the first refresh on.
 */
export async function shareTokens(
  settings: AuthorizationCodeSettings,
  tokens: OAuthTokens,
  store: StateStore | undefined,
): Promise<void> {
  const parsed = parseSettings(settings);
  const shared = sharedGrantOf({ ...parsed, ...tokens }, store);
  await shared?.write({ ...tokens, type: 'Bearer' });
}

function grantKey(parsed: { domain: string; clientId: string }, token?: string): string {
  return createHash('sha256')
    .update(`${parsed.domain}|${parsed.clientId}|${token ?? ''}`)
    .digest('base64url');
}

export function grantOf(parsed: AuthorizationCodeFields, store: StateStore | undefined): Grant {
  const credential = parsed.refreshToken ?? parsed.accessToken;
  if (!credential) {
    throw new ConnectionError(
      'NOT_AUTHORIZED',
      'This connection has not been authorised yet: open the authorize URL (the host’s /oauth/start), sign in as an ' +
        'admin, and pass the refresh token it returns.',
    );
  }
  const cache = grantsFor(store);
  const key = grantKey(parsed, credential);
  const existing = cache.get(key);
  if (existing) return existing;

  const tokenUrl = `${parsed.domain}/oauth2/v1/token`;
  const grant: Grant = {
    refreshToken: parsed.refreshToken,
    seen: parsed.refreshToken ? [parsed.refreshToken] : [],
    keys: [key],
    tokens: undefined as unknown as TokenSource,
  };
  const initial = parsed.accessToken
    ? {
        value: parsed.accessToken,
        type: 'Bearer',
        // Without a known expiry the token is used until Okta refuses it.
        expiresAt: parsed.expiresAt ?? Number.MAX_SAFE_INTEGER,
        scope: parsed.scopes.join(' '),
      }
    : undefined;
  /** Only the newest refresh token is sent from now on, by every connection that knew an older one. */
  const rotated = (refreshToken: string | undefined) => {
    if (!refreshToken || refreshToken === grant.refreshToken) return;
    grant.refreshToken = refreshToken;
    grant.seen.push(refreshToken);
    const alias = grantKey(parsed, refreshToken);
    cache.set(alias, grant);
    grant.keys.push(alias);
  };
  const handOn = async (tokens: OAuthTokens) => {
    const listener = parsed.onTokens;
    // The host persists what it is handed; its failure must not fail a call whose token is already rotated.
    if (listener)
      await Promise.resolve()
        .then(() => listener(tokens))
        .catch(() => undefined);
  };
  const refresh = (refreshToken: string | undefined) => {
    if (!refreshToken) {
      throw new ConnectionError(
        'REAUTHORIZE',
        'The access token expired and there is no refresh token (ask for the offline_access scope): reconnect.',
      );
    }
    return requestToken({
      tokenUrl,
      headers: { authorization: basicAuth(parsed.clientId, parsed.clientSecret) },
      clientAuth: 'clientSecret',
      params: async () => ({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    });
  };
  const shared = sharedGrantOf(parsed, store);
  grant.tokens = new TokenSource(async () => {
    if (shared) {
      const state = await shared.current({ refused: grant.refused, local: grant.refreshToken, refresh });
      rotated(state.refreshToken);
      await handOn({ ...state, refreshToken: grant.refreshToken });
      return toResponse(state);
    }
    const response = await refresh(grant.refreshToken);
    rotated(response.refresh_token);
    await handOn(toTokens(response, grant.refreshToken));
    return response;
  }, initial);
  cache.set(key, grant);
  return grant;
}

/** A stored state as the token endpoint's answer, for the `TokenSource`. */
function toResponse(state: GrantState): TokenResponse {
  return {
    token_type: state.type,
    access_token: state.accessToken,
    expires_in: Math.max(0, Math.floor((state.expiresAt - Date.now()) / 1000)),
    ...(state.scope ? { scope: state.scope } : {}),
    ...(state.refreshToken ? { refresh_token: state.refreshToken } : {}),
  };
}

function toTokens(response: TokenResponse, previousRefresh: string | undefined): OAuthTokens {
  return {
    accessToken: response.access_token,
    refreshToken: response.refresh_token ?? previousRefresh,
    expiresAt: Date.now() + (response.expires_in ?? 3600) * 1000,
    scope: response.scope,
  };
}

function parseSettings(settings: AuthorizationCodeSettings) {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${clause(issue.message)}`).join('; ');
    throw new ConnectionError('INVALID_CONNECTION', `The OAuth settings are not valid: ${issues}.`);
  }
  return parsed.data;
}

/** client_secret_basic: each part form-urlencoded before base64 (RFC 6749 §2.3.1). */
function basicAuth(clientId: string, clientSecret: string): string {
  const encode = (value: string) => encodeURIComponent(value).replace(/%20/g, '+');
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}
