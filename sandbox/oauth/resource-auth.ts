/**
 * @module Who may call a resource (`/api/v1/…`): an API token (`SSWS`), a Bearer access token or a DPoP-bound one
 * with a fresh proof, and whether the token carries the scope the endpoint needs (docs/okta.md §5.2, §5.3, §9).
 *
 * Failures answer as Okta does: 401 `E0000011` with `WWW-Authenticate: Bearer|DPoP … error="invalid_token"` or
 * `error="invalid_dpop_proof"`, and 403 `E0000006` with `error="insufficient_scope"` naming the scope needed.
 * A service app without an admin role gets `200 []` from lists and 403 elsewhere: the classic trap.
 */
import { HttpResponse } from 'msw';
import { oktaErrorBody } from '../responses.ts';
import type { AccessToken, OAuthServer } from './clients.ts';
import { checkProof } from './dpop.ts';
import { ASYMMETRIC_ALGS } from './jwt.ts';

/** The okta.* resource of each top-level path (read for GET, manage for writes; manage includes read). */
const RESOURCES: [RegExp, string][] = [
  [/^\/api\/v1\/users\/[^/]+\/factors/, 'factors'],
  [/^\/api\/v1\/users/, 'users'],
  [/^\/api\/v1\/groups/, 'groups'],
  [/^\/api\/v1\/apps/, 'apps'],
  [/^\/api\/v1\/logs/, 'logs'],
  [/^\/api\/v1\/org/, 'orgs'],
  [/^\/api\/v1\/eventHooks/, 'eventHooks'],
  [/^\/api\/v1\/meta\/schemas\/user\/linkedObjects/, 'linkedObjects'],
  [/^\/api\/v1\/meta\/schemas/, 'schemas'],
  [/^\/api\/v1\/meta\/types\/user/, 'userTypes'],
  [/^\/api\/v1\/idps/, 'idps'],
  [/^\/api\/v1\/policies/, 'policies'],
  [/^\/api\/v1\/authorizationServers/, 'authorizationServers'],
  [/^\/api\/v1\/domains/, 'domains'],
  [/^\/api\/v1\/devices/, 'devices'],
  [/^\/api\/v1\/realms/, 'realms'],
  [/^\/api\/v1\/identity-sources/, 'identitySources'],
  [/^\/api\/v1\/(roles|iam)/, 'roles'],
  [/^\/api\/v1\/sessions/, 'sessions'],
];

/** The scopes any one of which lets a token make this call; empty when the sandbox does not guard the path. */
export function acceptedScopes(method: string, path: string): string[] {
  const resource = RESOURCES.find(([pattern]) => pattern.test(path))?.[1];
  if (!resource) return [];
  if (resource === 'logs') return ['okta.logs.read'];
  const read = method === 'GET' || method === 'HEAD';
  const scopes = (name: string) => (read ? [`okta.${name}.read`, `okta.${name}.manage`] : [`okta.${name}.manage`]);
  // A user's factors take the users scopes in the spec (listFactors, enrollFactor…), the factors ones as well.
  return resource === 'factors' ? [...scopes('factors'), ...scopes('users')] : scopes(resource);
}

/** Collections that a service app without an admin role sees as empty. */
const COLLECTION = /^\/api\/v1\/(users|groups|apps|logs|groups\/[^/]+\/users|apps\/[^/]+\/users)$/;

export function createAuthenticator(options: { server: OAuthServer; apiToken: string }) {
  const { server, apiToken } = options;

  return function authenticate(request: Request): { principal: string } | Response {
    const header = request.headers.get('authorization') ?? '';
    if (header === `SSWS ${apiToken}`) return { principal: 'api-token' };
    const match = /^(Bearer|DPoP)\s+(\S+)$/i.exec(header);
    // A missing or wrong API token: 401 E0000011 (docs/okta.md §6).
    if (!match) return reject(401, 'E0000011');

    const url = new URL(request.url);
    const scheme = match[1]?.toLowerCase() === 'dpop' ? 'DPoP' : 'Bearer';
    const value = match[2] as string;
    const challenge = (fields: Record<string, string>) => wwwAuthenticate(scheme, url, fields);
    const token = server.accessTokens.get(value);
    const invalidToken = (description: string) =>
      reject(401, 'E0000011', challenge({ error: 'invalid_token', error_description: description }));

    if (!token || token.revoked) return invalidToken('The access token is invalid.');
    if (token.expiresAt <= server.now()) return invalidToken('The token has expired.');
    if (scheme === 'Bearer' && token.jkt) {
      return invalidToken('The access token is DPoP-bound: send it with the DPoP authentication scheme.');
    }
    if (scheme === 'DPoP') {
      if (!token.jkt) return invalidToken('The access token is not DPoP-bound (access_token_not_dpop_bound).');
      const proof = checkProof(server, request, {
        accessToken: value,
        nonce: server.resourceNonceRequired ? 'required' : 'optional',
      });
      if (!proof.ok) {
        const headers = challenge({ error: proof.error, error_description: proof.description });
        if (proof.error === 'use_dpop_nonce') headers['dpop-nonce'] = server.nonce;
        return reject(401, 'E0000011', headers);
      }
      if (proof.jkt !== token.jkt) {
        return reject(
          401,
          'E0000011',
          challenge({
            error: 'invalid_dpop_proof',
            error_description:
              'The DPoP proof key does not match the access token (invalid_access_token_dpop_binding).',
          }),
        );
      }
    }

    const needed = acceptedScopes(request.method.toUpperCase(), url.pathname);
    if (needed.length && !needed.some((scope) => token.scopes.includes(scope))) {
      return reject(
        403,
        'E0000006',
        challenge({
          scope: needed[0] as string,
          error: 'insufficient_scope',
          error_description: 'The access token provided does not contain the required scopes.',
          resource: url.pathname,
        }),
      );
    }
    const app = server.apps.get(token.clientId);
    if (app && !app.adminRole) return noAdminRole(request, url, token);
    return { principal: `oauth:${token.clientId}` };
  };

  function reject(status: number, code: string, headers: Record<string, string> = {}): Response {
    if (status === 401 || status === 403) server.stats.resourceRejections += 1;
    return HttpResponse.json(oktaErrorBody(code), { status, headers });
  }

  function noAdminRole(request: Request, url: URL, _token: AccessToken): Response {
    if (request.method === 'GET' && COLLECTION.test(url.pathname)) {
      return HttpResponse.json([], { headers: { link: `<${url.href}>; rel="self"` } });
    }
    return HttpResponse.json(oktaErrorBody('E0000006'), { status: 403 });
  }
}

function wwwAuthenticate(scheme: 'Bearer' | 'DPoP', url: URL, fields: Record<string, string>): Record<string, string> {
  const parts = [
    ...(scheme === 'DPoP' ? [`algs="${ASYMMETRIC_ALGS.join(' ')}"`] : []),
    `authorization_uri="${url.origin}/oauth2/v1/authorize"`,
    `realm="${url.origin}"`,
    ...Object.entries(fields).map(([name, value]) => `${name}="${value.replace(/"/g, "'")}"`),
  ];
  return { 'www-authenticate': `${scheme} ${parts.join(', ')}` };
}
