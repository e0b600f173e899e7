/**
 * @module Calls Okta's org authorization server token endpoint (`/oauth2/v1/token`), with the DPoP nonce dance:
 * a first proof without nonce is answered `400 use_dpop_nonce` with a `dpop-nonce` header, and the request is sent
 * again with a fresh proof carrying it (docs/okta.md §5.3). Okta's SDK never throws token errors (it caches the error
 * body as the token); here every error becomes a `ConnectionError` that says what to fix.
 */
import { request } from 'undici';
import { ConnectionError, TransientError } from '../errors.ts';
import { isUnresolvable, unresolvableDomain } from '../http/preflight.ts';
import type { DpopKey } from './dpop.ts';

export interface TokenResponse {
  token_type: string;
  access_token: string;
  expires_in: number;
  scope?: string;
  refresh_token?: string;
  id_token?: string;
}

export interface TokenRequest {
  tokenUrl: string;
  /** Form parameters; built again for each attempt so a client assertion is never replayed. */
  params: () => Promise<Record<string, string>>;
  dpop?: DpopKey;
  /** The last nonce the server gave; updated in place. */
  nonceHolder?: { nonce?: string };
  /** Extra headers (e.g. `authorization: Basic …` for client_secret_basic). */
  headers?: Record<string, string>;
  /**
   * How the client authenticates, for the advice given when Okta answers `invalid_client`: its private key
   * (`private_key_jwt`, client credentials) or its client secret (`client_secret_basic`, authorization code).
   */
  clientAuth: ClientAuth;
  timeoutMs?: number;
}

interface OAuthError {
  error?: string;
  error_description?: string;
}

export type ClientAuth = 'privateKey' | 'clientSecret';

/** What to check when Okta answers `invalid_client`, by how the client authenticates. */
const INVALID_CLIENT: Record<ClientAuth, string> = {
  privateKey:
    'Okta did not accept the client credentials: check the client id, that the app uses "Public key / Private key" ' +
    'client authentication, and that the key pasted here matches a public key registered on the app (and its key id).',
  clientSecret:
    'Okta did not accept the client credentials: check the client id and the client secret (copy the secret again ' +
    'from the app\u2019s "Client Credentials" section; it may have been rotated), and that the app uses "Client ' +
    'secret" client authentication.',
};

const HINTS: Record<string, string> = {
  invalid_scope:
    'A requested scope is not granted to the app: grant it on the app\u2019s "Okta API Scopes" tab or remove it here.',
  unauthorized_client: 'The app may not use this grant type: enable it in the app\u2019s general settings.',
  invalid_grant: 'The authorization expired or was revoked: reconnect to authorise again.',
  invalid_dpop_proof:
    'Okta refused the DPoP proof: check that this machine\u2019s clock is correct and the domain has no path.',
};

export async function requestToken(options: TokenRequest): Promise<TokenResponse> {
  const holder = options.nonceHolder ?? {};
  for (let attempt = 0; attempt < 3; attempt++) {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      ...options.headers,
    };
    if (options.dpop) {
      headers.dpop = await options.dpop.proof({ method: 'POST', url: options.tokenUrl, nonce: holder.nonce });
    }
    // Built before the try: a key that cannot sign is a local fault, not an unreachable endpoint.
    const form = new URLSearchParams(await options.params()).toString();
    let response: Awaited<ReturnType<typeof request>>;
    try {
      response = await request(options.tokenUrl, {
        method: 'POST',
        headers,
        body: form,
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      if (isUnresolvable(error)) throw unresolvableDomain(new URL(options.tokenUrl).origin, error);
      // The token request is safe to repeat: a retry only gets another token.
      throw new TransientError(
        'TOKEN_ENDPOINT_UNREACHABLE',
        `Could not reach ${options.tokenUrl}: ${(error as Error).message}. Try again later.`,
        { cause: error },
      );
    }
    const nonce = response.headers['dpop-nonce'];
    if (typeof nonce === 'string') holder.nonce = nonce;
    const text = await response.body.text();
    let body: TokenResponse & OAuthError;
    try {
      body = JSON.parse(text);
    } catch {
      body = {} as TokenResponse & OAuthError;
    }
    if (response.statusCode === 200 && body.access_token) return body;
    if (body.error === 'use_dpop_nonce' && options.dpop && typeof nonce === 'string') continue;
    if (response.statusCode === 429 || response.statusCode >= 500) {
      throw new TransientError(
        'TOKEN_ENDPOINT_UNAVAILABLE',
        `The token endpoint answered ${response.statusCode}; try again later.`,
        { details: { status: response.statusCode } },
      );
    }
    const code = body.error ?? `HTTP_${response.statusCode}`;
    const hint = code === 'invalid_client' ? INVALID_CLIENT[options.clientAuth] : (HINTS[code] ?? '');
    // Okta's OAuth error stays in details.error; the code is the catalogue's. A refused grant (expired or revoked
    // authorisation) asks to reconnect, anything else to check the app's settings.
    throw new ConnectionError(
      body.error === 'invalid_grant' ? 'REAUTHORIZE' : 'TOKEN_REFUSED',
      `Okta refused the token request: ${code}${body.error_description ? ` (${body.error_description})` : ''}. ${hint}`.trim(),
      { details: { status: response.statusCode, error: body.error, errorDescription: body.error_description } },
    );
  }
  throw new ConnectionError('DPOP_NONCE_LOOP', 'Okta kept asking for a new DPoP nonce; try again.', {
    details: { error: 'use_dpop_nonce' },
  });
}
