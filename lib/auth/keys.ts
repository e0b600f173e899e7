/**
 * @module Reads the private key a user pastes for a service app: PEM (PKCS#8, PKCS#1 RSA or SEC1 EC) or a JWK as
 * JSON, and picks the signing algorithm from the key type (RS256 for RSA, ES256/384/512 by curve), as Okta's SDK
 * does (docs/okta.md §5.2).
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';

export type SigningAlgorithm = 'RS256' | 'ES256' | 'ES384' | 'ES512';

export interface SigningKey {
  key: KeyObject;
  alg: SigningAlgorithm;
  /** From the JWK's `kid`, when the key came as a JWK. */
  kid: string | undefined;
}

const CURVE_ALGORITHMS: Record<string, SigningAlgorithm> = {
  'P-256': 'ES256',
  prime256v1: 'ES256',
  'P-384': 'ES384',
  secp384r1: 'ES384',
  'P-521': 'ES512',
  secp521r1: 'ES512',
};

export class KeyFormatError extends Error {}

export function parsePrivateKey(input: string): SigningKey {
  const text = input.trim();
  let key: KeyObject;
  let kid: string | undefined;
  try {
    if (text.startsWith('{')) {
      const jwk = JSON.parse(text) as { kid?: string; d?: string };
      if (!jwk.d) throw new KeyFormatError('The JWK is a public key: paste the private key (it has a "d" member).');
      kid = jwk.kid;
      key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    } else if (text.includes('-----BEGIN')) {
      if (/ENCRYPTED PRIVATE KEY/.test(text)) {
        throw new KeyFormatError('The private key is encrypted: paste it without a passphrase.');
      }
      // PEM pasted into a single-line form field loses its line breaks; restore them around the armour.
      key = createPrivateKey(text.replace(/\\n/g, '\n'));
    } else {
      throw new KeyFormatError('Paste the private key as PEM (-----BEGIN PRIVATE KEY-----) or as a JWK in JSON.');
    }
  } catch (error) {
    if (error instanceof KeyFormatError) throw error;
    throw new KeyFormatError('The private key could not be read: paste a PEM (PKCS#8 or PKCS#1) or a JWK in JSON.');
  }
  if (key.asymmetricKeyType === 'rsa') return { key, alg: 'RS256', kid };
  // Only EC keys have a named curve.
  const alg = CURVE_ALGORITHMS[key.asymmetricKeyDetails?.namedCurve ?? ''];
  if (alg) return { key, alg, kid };
  throw new KeyFormatError('Okta accepts RSA or EC (P-256, P-384, P-521) keys for private_key_jwt.');
}
