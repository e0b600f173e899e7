/**
 * @module DPoP proofs (RFC 9449) as Okta checks them (docs/okta.md §5.3): header `typ: dpop+jwt` with the public `jwk`;
 * claims `htm`, `htu` (the URL without query or fragment, percent-decoded path: okta-sdk-nodejs issue 521), `iat`, a
 * fresh `jti`, `nonce` when the server gave one, and `ath` (SHA-256 of the access token) on resource requests.
 * Okta recommends a DPoP key distinct from the client-assertion key, so each connection makes its own.
 */
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { exportJWK, SignJWT } from 'jose';

export class DpopKey {
  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicJwk: Record<string, unknown>,
  ) {}

  static async create(): Promise<DpopKey> {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = await exportJWK(publicKey);
    return new DpopKey(privateKey, { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  }

  /**
   * The private key as a JWK, for hosts that share one DPoP key (issue 15: a DPoP-bound token works only with the
   * key it is bound to). It is a secret: kept only in the private state store.
   */
  async exportPrivate(): Promise<string> {
    return JSON.stringify(await exportJWK(this.privateKey));
  }

  static async importPrivate(json: string): Promise<DpopKey> {
    const jwk = JSON.parse(json) as { kty: string; crv: string; x: string; y: string; d: string };
    const privateKey = createPrivateKey({ key: jwk, format: 'jwk' });
    return new DpopKey(privateKey, { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y });
  }

  async proof(request: { method: string; url: URL | string; nonce?: string; accessToken?: string }): Promise<string> {
    const claims: Record<string, unknown> = {
      htm: request.method.toUpperCase(),
      htu: htuOf(request.url),
      jti: randomUUID(),
      // Left out of the proof when undefined (JSON).
      nonce: request.nonce,
    };
    if (request.accessToken) claims.ath = createHash('sha256').update(request.accessToken).digest('base64url');
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk: this.publicJwk })
      .setIssuedAt()
      .sign(this.privateKey);
  }
}

/** The request URL without query or fragment, with its path percent-decoded as Okta compares it. */
export function htuOf(url: URL | string): string {
  const parsed = new URL(String(url));
  let path = parsed.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {}
  return `${parsed.origin}${path}`;
}
