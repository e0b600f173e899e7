/**
 * @module DPoP proof checks (RFC 9449) as Okta makes them, for the token endpoint and resource requests alike
 * (docs/okta.md §5.3): one `DPoP` header, `typ: dpop+jwt`, an asymmetric `alg`, a public `jwk` that verifies the
 * signature, `htm` equal to the method, `htu` equal to the URL without query or fragment (path percent-decoded),
 * `iat` within five minutes, a `jti` never seen before, `nonce` when asked for, and `ath` on resource requests.
 */
import type { OAuthServer } from './clients.ts';
import {
  ASYMMETRIC_ALGS,
  decodeJwt,
  type JwtError,
  jwkThumbprint,
  publicKeyOf,
  sha256,
  verifySignature,
} from './jwt.ts';

export type ProofResult =
  | { ok: true; jkt: string }
  | { ok: false; error: 'invalid_dpop_proof' | 'use_dpop_nonce'; description: string };

const MAX_AGE_S = 300;
/** Clock skew tolerated for an `iat` in the future. */
const LEEWAY_S = 60;

export function htuOfRequest(url: URL): string {
  let path = url.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {}
  return `${url.origin}${path}`;
}

export function checkProof(
  server: OAuthServer,
  request: Request,
  options: { accessToken?: string; nonce: 'required' | 'optional' },
): ProofResult {
  const fail = (description: string): ProofResult => ({ ok: false, error: 'invalid_dpop_proof', description });
  const header = request.headers.get('dpop');
  if (!header) return fail('DPoP proof JWT header is missing.');
  if (header.includes(',')) return fail('Multiple DPoP proof JWT headers were sent.');
  let jwt: ReturnType<typeof decodeJwt>;
  try {
    jwt = decodeJwt(header.trim());
  } catch (error) {
    return fail(`The DPoP proof JWT is malformed: ${(error as JwtError).message}.`);
  }
  const { header: head, payload } = jwt;
  if (head.typ !== 'dpop+jwt') return fail("The DPoP proof JWT 'typ' header is invalid.");
  const alg = String(head.alg);
  if (!(ASYMMETRIC_ALGS as readonly string[]).includes(alg)) return fail('The DPoP proof JWT uses an unsupported alg.');
  const jwk = head.jwk as Record<string, unknown> | undefined;
  if (!jwk || typeof jwk !== 'object') return fail("The DPoP proof JWT 'jwk' header is missing.");
  let verified = false;
  try {
    verified = verifySignature(jwt, alg, publicKeyOf(jwk));
  } catch {
    return fail("The DPoP proof JWT 'jwk' header is not a valid public key.");
  }
  if (!verified) return fail('The DPoP proof JWT signature is invalid.');

  const url = new URL(request.url);
  if (payload.htm !== request.method.toUpperCase()) return fail("The 'htm' claim in the DPoP proof JWT is invalid.");
  if (payload.htu !== htuOfRequest(url)) return fail("The 'htu' claim in the DPoP proof JWT is invalid.");
  const now = server.now() / 1000;
  const iat = payload.iat;
  if (typeof iat !== 'number') return fail("The 'iat' claim in the DPoP proof JWT is missing.");
  if (iat > now + LEEWAY_S) return fail("The 'iat' claim in the DPoP proof JWT is in the future.");
  if (iat < now - MAX_AGE_S) return fail('The DPoP proof JWT was issued more than five minutes in the past.');
  if (typeof payload.jti !== 'string' || !payload.jti) return fail("The 'jti' claim in the DPoP proof JWT is missing.");

  if (options.accessToken !== undefined && payload.ath !== sha256(options.accessToken)) {
    return fail("The 'ath' claim in the DPoP proof JWT is invalid (dpop_proof_invalid_ath).");
  }
  // The nonce is checked before the jti is spent: a proof refused for want of a nonce does not burn its jti.
  if (options.nonce === 'required' && !server.isValidNonce(payload.nonce)) {
    return {
      ok: false,
      error: 'use_dpop_nonce',
      description: 'Authorization server requires nonce in DPoP proof.',
    };
  }
  if (!server.useJti('dpop', payload.jti, (iat + MAX_AGE_S + LEEWAY_S) * 1000)) {
    return fail('The DPoP proof JWT has already been used (dpop_proof_already_used).');
  }
  return { ok: true, jkt: jwkThumbprint(jwk) };
}
