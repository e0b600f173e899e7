/**
 * @module `POST /oauth2/v1/token` of the org authorization server (docs/okta.md §5.2–§5.4): client credentials with
 * private_key_jwt and the DPoP nonce dance, authorization code with PKCE, and refresh with rotation and reuse
 * detection (a rotated refresh token presented again revokes its whole family).
 */
import { createHash } from 'node:crypto';
import { http } from 'msw';
import { authenticateClient, oauthError } from './client-auth.ts';
import type { OAuthApp, OAuthServer } from './clients.ts';
import { checkProof } from './dpop.ts';

const noStore = { 'cache-control': 'no-store', pragma: 'no-cache' };

export function tokenHandlers(server: OAuthServer) {
  return [
    http.post('*/oauth2/v1/token', async ({ request }) => {
      server.stats.tokenRequests += 1;
      if (!/application\/x-www-form-urlencoded/i.test(request.headers.get('content-type') ?? '')) {
        return oauthError(400, 'invalid_request', 'The request must be application/x-www-form-urlencoded.');
      }
      const form = new URLSearchParams(await request.text());
      const client = authenticateClient(server, request, form);
      if (client instanceof Response) return client;
      const { app } = client;

      let jkt: string | undefined;
      if (app.dpopRequired) {
        const proof = checkProof(server, request, { nonce: 'required' });
        if (!proof.ok) {
          if (proof.error === 'use_dpop_nonce') server.stats.nonceChallenges += 1;
          const headers: Record<string, string> =
            proof.error === 'use_dpop_nonce' ? { 'dpop-nonce': server.nonce } : {};
          return oauthError(400, proof.error, proof.description, headers);
        }
        jkt = proof.jkt;
      }

      const grant = form.get('grant_type');
      if (grant === 'client_credentials') return clientCredentials(server, app, form, jkt);
      if (grant === 'authorization_code') return authorizationCode(server, app, form);
      if (grant === 'refresh_token') return refresh(server, app, form);
      return oauthError(400, 'unsupported_grant_type', `The grant type '${grant ?? ''}' is not supported.`);
    }),
  ];
}

function tokenResponse(body: Record<string, unknown>): Response {
  return Response.json(body, { headers: noStore });
}

function clientCredentials(server: OAuthServer, app: OAuthApp, form: URLSearchParams, jkt: string | undefined) {
  if (app.kind !== 'service') {
    return oauthError(400, 'unauthorized_client', 'The client is not authorized to use the provided grant type.');
  }
  const requested = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (!requested.length) {
    return oauthError(
      400,
      'invalid_scope',
      "The authorization server resource does not have any configured default scopes, 'scope' must be provided.",
    );
  }
  // Scopes not granted to the app are dropped silently (docs/okta.md §5.2); none left is an error.
  const granted = requested.filter((scope) => app.scopes.includes(scope));
  if (!granted.length) {
    return oauthError(400, 'invalid_scope', `The following scopes are not allowed: ${requested.join(', ')}.`);
  }
  const accessToken = server.issueAccessToken(app, granted, jkt);
  return tokenResponse({
    token_type: jkt ? 'DPoP' : 'Bearer',
    expires_in: app.tokenLifetimeSeconds,
    access_token: accessToken,
    scope: granted.join(' '),
  });
}

function authorizationCode(server: OAuthServer, app: OAuthApp, form: URLSearchParams) {
  const invalid = () => oauthError(400, 'invalid_grant', 'The authorization code is invalid or has expired.');
  const code = server.codes.get(form.get('code') ?? '');
  if (!code || code.clientId !== app.clientId || code.used || code.expiresAt < server.now()) return invalid();
  code.used = true;
  if (form.get('redirect_uri') !== code.redirectUri) {
    return oauthError(
      400,
      'invalid_grant',
      "The 'redirect_uri' does not match the redirection URI used in the authorization request.",
    );
  }
  const verifier = form.get('code_verifier');
  if (code.codeChallenge !== undefined) {
    const challenge = verifier ? createHash('sha256').update(verifier).digest('base64url') : undefined;
    if (challenge !== code.codeChallenge) return oauthError(400, 'invalid_grant', 'PKCE verification failed.');
  } else if (verifier) {
    return oauthError(400, 'invalid_request', "'code_verifier' was given but no code_challenge was sent.");
  }
  return issueUserTokens(server, app, code.scopes);
}

function refresh(server: OAuthServer, app: OAuthApp, form: URLSearchParams) {
  const invalid = () => oauthError(400, 'invalid_grant', 'The refresh token is invalid or expired.');
  const token = server.refreshTokens.get(form.get('refresh_token') ?? '');
  if (!token || token.clientId !== app.clientId || token.revoked || token.expiresAt < server.now()) return invalid();
  if (token.used) {
    // Reuse of a rotated refresh token: someone replayed it, so everything issued from it goes.
    server.stats.refreshReuse += 1;
    server.revokeFamily(token.family);
    return invalid();
  }
  let scopes = token.scopes;
  const asked = form.get('scope');
  if (asked) {
    const subset = asked.split(' ').filter(Boolean);
    if (subset.some((scope) => !token.scopes.includes(scope))) {
      return oauthError(400, 'invalid_scope', 'The requested scope is not a subset of the original grant.');
    }
    scopes = subset;
  }
  token.used = true;
  server.stats.refreshes += 1;
  return issueUserTokens(server, app, scopes, token.family);
}

function issueUserTokens(server: OAuthServer, app: OAuthApp, scopes: string[], family?: string) {
  const offline = scopes.includes('offline_access');
  const refreshToken = offline ? server.issueRefreshToken(app, scopes, family) : undefined;
  const familyId = refreshToken ? server.refreshTokens.get(refreshToken)?.family : undefined;
  const accessToken = server.issueAccessToken(app, scopes, undefined, familyId);
  return tokenResponse({
    token_type: 'Bearer',
    expires_in: app.tokenLifetimeSeconds,
    access_token: accessToken,
    scope: scopes.join(' '),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  });
}
