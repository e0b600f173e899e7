/**
 * @module Client authentication at the org authorization server (docs/okta.md §5.2, §5.4): `client_secret_basic`,
 * `client_secret_post` or a `private_key_jwt` client assertion, exactly one of them. Errors answer in RFC 6749 form.
 */
import { timingSafeEqual } from 'node:crypto';
import type { OAuthApp, OAuthServer } from './clients.ts';
import { ASYMMETRIC_ALGS, decodeJwt, verifySignature } from './jwt.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** Okta refuses assertions that expire more than an hour ahead (docs/okta.md §5.2). */
const MAX_ASSERTION_LIFETIME_S = 3600;
const LEEWAY_S = 60;

/** `{error, error_description}` with `Cache-Control: no-store`, as the token endpoint answers. */
export function oauthError(status: number, error: string, description: string, headers: HeadersInit = {}): Response {
  const merged = new Headers(headers);
  merged.set('cache-control', 'no-store');
  merged.set('pragma', 'no-cache');
  return Response.json({ error, error_description: description }, { status, headers: merged });
}

const invalidClient = (description: string) => oauthError(401, 'invalid_client', description);

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function authenticateClient(
  server: OAuthServer,
  request: Request,
  form: URLSearchParams,
): { app: OAuthApp } | Response {
  const basic = /^Basic\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  const postSecret = form.get('client_secret');
  const assertion = form.get('client_assertion');
  const methods = [basic, postSecret, assertion].filter((value) => value !== null && value !== undefined);
  if (methods.length > 1) {
    return oauthError(
      401,
      'invalid_request',
      'Cannot supply multiple client credentials. Use one of the following: credentials in the Authorization ' +
        'header, credentials in the post body, or a client_assertion in the post body.',
    );
  }
  if (basic !== undefined) {
    const decoded = Buffer.from(basic, 'base64').toString();
    const colon = decoded.indexOf(':');
    if (colon < 0) return invalidClient('Client authentication failed: malformed Basic credentials.');
    return checkSecret(
      server,
      decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, ' ')),
      decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, ' ')),
    );
  }
  if (postSecret !== null) return checkSecret(server, form.get('client_id') ?? '', postSecret);
  if (assertion !== null) return checkAssertion(server, request, form, assertion);
  const app = server.apps.get(form.get('client_id') ?? '');
  if (app?.kind === 'service') {
    return oauthError(
      401,
      'invalid_client',
      'Client credentials on the org authorization server require private_key_jwt ' +
        '(unsupported_auth_method_client_creds).',
    );
  }
  return invalidClient('Client authentication failed. Either the client or the client credentials are invalid.');
}

function checkSecret(server: OAuthServer, clientId: string, secret: string): { app: OAuthApp } | Response {
  const app = server.apps.get(clientId);
  if (app?.kind !== 'web' || !sameSecret(app.clientSecret, secret)) {
    return invalidClient('Client authentication failed. Either the client or the client credentials are invalid.');
  }
  return { app };
}

function checkAssertion(
  server: OAuthServer,
  request: Request,
  form: URLSearchParams,
  assertion: string,
): { app: OAuthApp } | Response {
  if (form.get('client_assertion_type') !== JWT_BEARER) {
    return invalidClient(`The client_assertion_type must be ${JWT_BEARER}.`);
  }
  let jwt: ReturnType<typeof decodeJwt>;
  try {
    jwt = decodeJwt(assertion);
  } catch {
    return invalidClient('The client_assertion is not a well-formed JWT.');
  }
  const { header, payload } = jwt;
  const app = server.apps.get(String(payload.iss));
  if (app?.kind !== 'service' || payload.sub !== payload.iss) {
    return invalidClient("The client_assertion 'iss' and 'sub' must both be the client id of a service app.");
  }
  const formClient = form.get('client_id');
  if (formClient !== null && formClient !== app.clientId) {
    return invalidClient('The client_id does not match the client_assertion issuer.');
  }
  const alg = String(header.alg);
  if (!(ASYMMETRIC_ALGS as readonly string[]).includes(alg)) {
    return invalidClient(
      'The client_assertion signature algorithm is not allowed (client_assertion_invalid_signature_algorithm).',
    );
  }
  const kid = typeof header.kid === 'string' ? header.kid : undefined;
  const candidates = kid ? app.keys.filter((key) => key.kid === kid) : app.keys;
  if (kid && candidates.length === 0) {
    return invalidClient(
      'The client_assertion kid does not match a key registered on the app (client_assertion_invalid_kid).',
    );
  }
  if (!candidates.some((key) => verifySignature(jwt, alg, key.key))) {
    return invalidClient('The client_assertion signature is invalid (client_assertion_invalid_signature).');
  }
  const tokenUrl = `${new URL(request.url).origin}${new URL(request.url).pathname}`;
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!aud.includes(tokenUrl)) {
    return invalidClient(
      'The audience claim for client_assertion must be the endpoint invoked for the request ' +
        '(client_assertion_invalid_audience).',
    );
  }
  const now = server.now() / 1000;
  const exp = payload.exp;
  if (typeof exp !== 'number') return invalidClient("The client_assertion has no 'exp' claim.");
  if (exp <= now) return invalidClient('The client_assertion token is expired (client_assertion_expired_token).');
  if (exp > now + MAX_ASSERTION_LIFETIME_S + LEEWAY_S) {
    return invalidClient(
      'The client_assertion token has an expiration too far into the future ' +
        '(client_assertion_expires_too_far_in_future).',
    );
  }
  if (typeof payload.iat === 'number' && payload.iat > now + LEEWAY_S) {
    return invalidClient("The client_assertion 'iat' is in the future (client_assertion_issued_at_in_future).");
  }
  // A jti makes the assertion single-use (docs/okta.md §5.2).
  if (typeof payload.jti === 'string' && !server.useJti(`assertion:${app.clientId}`, payload.jti, exp * 1000)) {
    return invalidClient('The client_assertion token has already been used (client_assertion_already_used).');
  }
  return { app };
}
