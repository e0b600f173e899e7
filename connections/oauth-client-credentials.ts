import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { z } from 'zod';
import { DpopKey } from '../lib/auth/dpop.ts';
import { parsePrivateKey } from '../lib/auth/keys.ts';
import { requestToken } from '../lib/auth/token-endpoint.ts';
import { TokenSource } from '../lib/auth/token-source.ts';
import { type Auth, defineConnection } from '../lib/define.ts';
import { diagnoseOrg } from '../lib/diagnostics.ts';
import { domainField } from '../lib/domain.ts';
import { scopesField } from '../lib/scopes.ts';

/** Okta allows up to 1 h; its SDK uses 5 minutes (API-FACTS §5.2). */
const ASSERTION_LIFETIME_S = 300;

export default defineConnection({
  key: 'oauthClientCredentials',
  label: 'OAuth service app (client credentials)',
  description:
    'An API Services app with "Public key / Private key" client authentication. Tokens come from the org ' +
    'authorization server with a signed client assertion (private_key_jwt); DPoP-bound tokens, the default for new ' +
    'service apps, are handled too. Grant the app its okta.* scopes and an admin role.',
  fields: z.object({
    domain: domainField,
    clientId: z.string().trim().min(1, 'Enter the client id.').meta({
      label: 'Client ID',
      description: 'The service app’s client id, e.g. 0oa1b2c3d4e5f6g7h8i9.',
      example: '0oa1b2c3d4e5f6g7h8i9',
    }),
    privateKey: z
      .string()
      .min(1, 'Paste the private key.')
      .superRefine((value, ctx) => {
        try {
          parsePrivateKey(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .meta({
        label: 'Private key',
        description: 'PEM (PKCS#8 or PKCS#1) or a JWK in JSON whose public half is registered on the app.',
        format: 'password',
        writeOnly: true,
      }),
    keyId: z.string().trim().min(1).optional().meta({
      label: 'Key ID',
      description: 'The kid of the key registered on the app; needed when the app has several keys.',
    }),
    scopes: scopesField,
  }),
  async authorize({ domain, clientId, privateKey, keyId, scopes }): Promise<Auth> {
    const signing = parsePrivateKey(privateKey);
    const kid = keyId ?? signing.kid;
    const tokenUrl = `${domain}/oauth2/v1/token`;
    const dpop = await DpopKey.create();
    const nonceHolder: { nonce?: string } = {};
    const resourceNonce: { nonce?: string } = {};

    const assertion = () =>
      new SignJWT({})
        .setProtectedHeader(kid ? { alg: signing.alg, kid } : { alg: signing.alg })
        .setIssuer(clientId)
        .setSubject(clientId)
        .setAudience(tokenUrl)
        .setIssuedAt()
        .setExpirationTime(`${ASSERTION_LIFETIME_S}s`)
        // A fresh jti makes each assertion single-use (API-FACTS §5.2).
        .setJti(randomUUID())
        .sign(signing.key);

    const tokens = new TokenSource(async () =>
      requestToken({
        tokenUrl,
        dpop,
        nonceHolder,
        params: async () => ({
          grant_type: 'client_credentials',
          scope: scopes.join(' '),
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await assertion(),
        }),
      }),
    );

    return {
      origin: domain,
      principal: `oauth:${clientId}`,
      get secrets() {
        return [privateKey, ...(tokens.value ? [tokens.value] : [])];
      },
      async headers({ method, url }: { method: string; url: URL }): Promise<Record<string, string>> {
        const token = await tokens.get();
        if (token.type.toLowerCase() !== 'dpop') return { authorization: `Bearer ${token.value}` };
        const proof = await dpop.proof({ method, url, accessToken: token.value, nonce: resourceNonce.nonce });
        return { authorization: `DPoP ${token.value}`, dpop: proof };
      },
      onResponse({ headers }: { headers: Headers }) {
        const nonce = headers.get('dpop-nonce');
        if (nonce) resourceNonce.nonce = nonce;
      },
      onUnauthorized({ headers }: { headers: Headers }) {
        const challenge = headers.get('www-authenticate') ?? '';
        if (/use_dpop_nonce/.test(challenge)) return true;
        if (/invalid_token/.test(challenge)) {
          tokens.invalidate(tokens.value);
          return true;
        }
        return false;
      },
    };
  },
  test: ({ okta, signal }) => diagnoseOrg(okta, signal),
});
