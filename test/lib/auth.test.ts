/**
 * The OAuth building blocks on their own: the WWW-Authenticate challenge and the advice drawn from it, the key
 * formats a user may paste, the claims of a DPoP proof, and the token source's renewal rules (on a fake clock).
 * They run end to end against the sandbox's authorization server in test/connections/.
 */
import { generateKeyPairSync } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, exportJWK, jwtVerify } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainAuthFailure, parseChallenge } from '../../lib/auth/challenge.ts';
import { DpopKey, htuOf } from '../../lib/auth/dpop.ts';
import { KeyFormatError, parsePrivateKey } from '../../lib/auth/keys.ts';
import { TokenSource } from '../../lib/auth/token-source.ts';

describe('parseChallenge', () => {
  it('reads the scheme and the quoted parameters, wherever they stand', () => {
    const header =
      'DPoP algs="RS256 ES256", error="insufficient_scope", error_description="The access token provided does ' +
      'not contain the required scopes.", scope="okta.groups.read"';
    expect(parseChallenge(header)).toEqual({
      scheme: 'DPoP',
      error: 'insufficient_scope',
      description: 'The access token provided does not contain the required scopes.',
      scope: 'okta.groups.read',
    });
    expect(parseChallenge('Bearer error="invalid_token"')).toMatchObject({ scheme: 'Bearer', error: 'invalid_token' });
  });

  it('does not take a parameter for another whose name ends the same way', () => {
    expect(parseChallenge('Bearer myerror="nope"').error).toBeUndefined();
    expect(parseChallenge('Bearer error_description="only this"')).toMatchObject({
      error: undefined,
      description: 'only this',
    });
  });

  it('reads the scheme only from the start of the header', () => {
    expect(parseChallenge(', error="invalid_token"')).toMatchObject({ scheme: undefined, error: 'invalid_token' });
    expect(parseChallenge('  Bearer').scheme).toBe('Bearer');
  });

  it('reads nothing from an absent header', () => {
    expect(parseChallenge(undefined)).toEqual({
      scheme: undefined,
      error: undefined,
      description: undefined,
      scope: undefined,
    });
  });
});

describe('explainAuthFailure', () => {
  const explain = (header?: string) => explainAuthFailure({ status: 401, wwwAuthenticate: header });

  it('names the missing scope and where to grant it', () => {
    const text = explain('Bearer error="insufficient_scope", scope="okta.logs.read"');
    expect(text).toContain('(okta.logs.read)');
    expect(text).toContain('Okta API Scopes');
    expect(explain('Bearer error="insufficient_scope"')).toMatch(
      /^The connection's token lacks the scope this call needs: grant/,
    );
  });

  it('points a refused DPoP proof at the clock and whatever rewrites the request, quoting Okta', () => {
    const text = explain('DPoP error="invalid_dpop_proof", error_description="The DPoP proof is too old."');
    expect(text).toContain('(Okta: "The DPoP proof is too old.")');
    expect(text).toMatch(
      /clock .*\(a proxy, a rewritten URL\) changes the request; each proof is valid for one request only\.$/,
    );
    expect(explain('DPoP error="invalid_dpop_proof"')).toMatch(/^Okta refused the DPoP proof: check/);
  });

  it('has its own advice for a nonce asked twice, a refused token, and anything else', () => {
    expect(explain('DPoP error="use_dpop_nonce"')).toBe('Okta asked for a new DPoP nonce twice in a row; try again.');
    expect(explain('Bearer error="invalid_token", error_description="expired"')).toMatch(
      /^Okta refused the access token \(Okta: "expired"\): .*reconnect, and check that the app is still active\.$/,
    );
    expect(explain(undefined)).toMatch(/API token may be wrong, revoked or expired.*create a new one/);
  });
});

describe('parsePrivateKey', () => {
  const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pkcs8 = rsa.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

  it('reads PKCS#8 and PKCS#1 PEM, also pasted on one line with literal \\n', async () => {
    expect(parsePrivateKey(pkcs8)).toMatchObject({ alg: 'RS256', kid: undefined });
    const pkcs1 = rsa.privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    expect(parsePrivateKey(`  ${pkcs1}  `).alg).toBe('RS256');
    expect(parsePrivateKey(pkcs8.replace(/\n/g, '\\n')).alg).toBe('RS256');
  });

  it('picks ES256, ES384 or ES512 from the curve, and keeps a JWK’s kid', async () => {
    for (const [namedCurve, alg] of [
      ['P-256', 'ES256'],
      ['P-384', 'ES384'],
      ['P-521', 'ES512'],
    ] as const) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve });
      const jwk = JSON.stringify({ ...(await exportJWK(privateKey)), kid: `k-${alg}` });
      expect(parsePrivateKey(jwk)).toMatchObject({ alg, kid: `k-${alg}` });
      expect(parsePrivateKey(privateKey.export({ type: 'sec1', format: 'pem' }).toString()).alg).toBe(alg);
    }
  });

  it('says what is wrong with a public JWK, an encrypted PEM, garbage, or a key type Okta refuses', async () => {
    const problem = (input: string) => {
      try {
        parsePrivateKey(input);
      } catch (error) {
        expect(error).toBeInstanceOf(KeyFormatError);
        return (error as Error).message;
      }
      throw new Error('expected a KeyFormatError');
    };
    expect(problem(JSON.stringify(await exportJWK(rsa.publicKey)))).toMatch(/public key.*"d" member/);
    const encrypted = rsa.privateKey
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' })
      .toString();
    expect(problem(encrypted)).toMatch(/encrypted/);
    expect(problem('not a key')).toMatch(/as PEM .* or as a JWK/);
    expect(problem('-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----')).toMatch(/could not be read/);
    expect(problem('{"d": 1')).toMatch(/could not be read/);
    const ed = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(problem(ed)).toMatch(/RSA or EC/);
    const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(problem(secp256k1)).toMatch(/RSA or EC/);
  });
});

describe('DPoP proofs', () => {
  it('carry the method, the URL without query and with its path decoded, a fresh jti, and the public key', async () => {
    const key = await DpopKey.create();
    const url = 'https://acme.okta.com/api/v1/users/ada%40acme.com?limit=1#frag';
    const first = await key.proof({ method: 'get', url });
    const second = await key.proof({ method: 'get', url });
    const header = decodeProtectedHeader(first);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'dpop+jwt' });
    expect(Object.keys(header.jwk ?? {}).sort()).toEqual(['crv', 'kty', 'x', 'y']);
    const claims = decodeJwt(first);
    expect(claims).toMatchObject({ htm: 'GET', htu: 'https://acme.okta.com/api/v1/users/ada@acme.com' });
    expect(claims.iat).toBeTypeOf('number');
    expect(claims.nonce).toBeUndefined();
    expect(claims.ath).toBeUndefined();
    expect(claims.jti).not.toBe(decodeJwt(second).jti);
    // Signed by the key it names.
    const { createLocalJWKSet } = await import('jose');
    await expect(jwtVerify(first, createLocalJWKSet({ keys: [header.jwk as never] }))).resolves.toBeTruthy();
  });

  it('carry the nonce and the access token hash when given', async () => {
    const key = await DpopKey.create();
    const claims = decodeJwt(
      await key.proof({
        method: 'POST',
        url: new URL('https://acme.okta.com/oauth2/v1/token'),
        nonce: 'n-1',
        accessToken: 'abc',
      }),
    );
    // SHA-256 of "abc", base64url (RFC 9449 §4.2).
    expect(claims).toMatchObject({ nonce: 'n-1', ath: 'ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0' });
  });

  it('keep a path that does not decode as it is', () => {
    expect(htuOf('https://acme.okta.com/api/v1/users/%E0%A4%A')).toBe('https://acme.okta.com/api/v1/users/%E0%A4%A');
  });
});

describe('TokenSource', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  function counting() {
    let n = 0;
    return new TokenSource(async () => {
      n += 1;
      return { token_type: 'DPoP', access_token: `at-${n}`, expires_in: 3600, scope: 'okta.users.read' };
    });
  }

  it('obtains one token for concurrent callers and reuses it', async () => {
    const source = counting();
    expect(source.value).toBeUndefined();
    const tokens = await Promise.all([source.get(), source.get(), source.get()]);
    expect(tokens.map((t) => t.value)).toEqual(['at-1', 'at-1', 'at-1']);
    expect(tokens[0]).toMatchObject({ type: 'DPoP', scope: 'okta.users.read' });
    expect((await source.get()).value).toBe('at-1');
    expect(source.issued).toBe(1);
    expect(source.value).toBe('at-1');
  });

  it('renews a minute before expiry, with an hour when Okta gives no lifetime', async () => {
    vi.useFakeTimers();
    const source = counting();
    await source.get();
    vi.advanceTimersByTime(3_539_000);
    expect((await source.get()).value).toBe('at-1');
    vi.advanceTimersByTime(1_000);
    expect((await source.get()).value).toBe('at-2');

    const unknown = new TokenSource(async () => ({ token_type: 'Bearer', access_token: 'no-lifetime' }) as never);
    expect((await unknown.get()).expiresAt).toBe(Date.now() + 3_600_000);
  });

  it('forgets only the token Okta refused', async () => {
    const source = counting();
    await source.get();
    source.invalidate('at-0');
    expect(source.token?.value).toBe('at-1');
    source.invalidate('at-1');
    expect(source.token).toBeUndefined();
    expect((await source.get()).value).toBe('at-2');
  });

  it('starts from a token obtained elsewhere, and tries again after a failure', async () => {
    let fail = true;
    const source = new TokenSource(
      async () => {
        if (fail) throw new Error('token endpoint down');
        return { token_type: 'Bearer', access_token: 'fresh', expires_in: 3600 };
      },
      { value: 'initial', type: 'Bearer', expiresAt: 0, scope: undefined },
    );
    expect(source.value).toBe('initial');
    await expect(source.get()).rejects.toThrow('token endpoint down');
    fail = false;
    expect((await source.get()).value).toBe('fresh');
  });
});
