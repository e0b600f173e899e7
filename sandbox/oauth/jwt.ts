/**
 * @module Compact JWTs as the sandbox's authorization server reads them: decode, check the signature against a public
 * key, and the JWK thumbprint (RFC 7638) a DPoP-bound token carries as `cnf.jkt`. Synchronous on purpose: the
 * front's `authenticate` hook is synchronous, and node:crypto verifies without awaiting.
 */
import { createHash, createPublicKey, type KeyObject, verify } from 'node:crypto';

/** What Okta accepts for client assertions and DPoP proofs (docs/okta.md §5.2, §5.3). */
export const ASYMMETRIC_ALGS = ['RS256', 'RS384', 'RS512', 'ES256', 'ES384', 'ES512'] as const;

const HASHES: Record<string, string> = {
  RS256: 'sha256',
  RS384: 'sha384',
  RS512: 'sha512',
  ES256: 'sha256',
  ES384: 'sha384',
  ES512: 'sha512',
};

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

export class JwtError extends Error {}

export function decodeJwt(token: string): DecodedJwt {
  const parts = token.split('.');
  if (parts.length !== 3) throw new JwtError('not a compact JWT');
  const [head, body, signature] = parts as [string, string, string];
  try {
    return {
      header: JSON.parse(Buffer.from(head, 'base64url').toString()) as Record<string, unknown>,
      payload: JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>,
      signingInput: `${head}.${body}`,
      signature: Buffer.from(signature, 'base64url'),
    };
  } catch {
    throw new JwtError('the JWT is not well-formed');
  }
}

/** True when `jwt` is signed with `alg` by the private half of `key`. */
export function verifySignature(jwt: DecodedJwt, alg: string, key: KeyObject): boolean {
  const hash = HASHES[alg];
  if (!hash) return false;
  const expected = alg.startsWith('RS') ? 'rsa' : 'ec';
  if (key.asymmetricKeyType !== expected) return false;
  try {
    const target = expected === 'ec' ? { key, dsaEncoding: 'ieee-p1363' as const } : key;
    return verify(hash, Buffer.from(jwt.signingInput), target, jwt.signature);
  } catch {
    return false;
  }
}

export function publicKeyOf(jwk: Record<string, unknown>): KeyObject {
  if (jwk.d !== undefined) throw new JwtError('the JWK holds a private key');
  return createPublicKey({ key: jwk as never, format: 'jwk' });
}

/** RFC 7638: SHA-256 of the required members in lexical order. */
export function jwkThumbprint(jwk: Record<string, unknown>): string {
  const members =
    jwk.kty === 'EC'
      ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
      : jwk.kty === 'RSA'
        ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
        : { kty: jwk.kty };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('base64url');
}
