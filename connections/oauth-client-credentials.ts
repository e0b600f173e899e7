import { createHash, randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { parseChallenge } from '../lib/auth/challenge.ts';
import { DpopKey } from '../lib/auth/dpop.ts';
import { parsePrivateKey } from '../lib/auth/keys.ts';
import { requestToken } from '../lib/auth/token-endpoint.ts';
import { type SharedTokens, TokenSource } from '../lib/auth/token-source.ts';
import { type Auth, defineConnection } from '../lib/define.ts';
import { diagnoseOrg } from '../lib/diagnostics.ts';
import { domainField } from '../lib/domain.ts';
import { scopesField } from '../lib/scopes.ts';
import type { StateStore } from '../lib/store/types.ts';

/** Okta allows up to 1 h; its SDK uses 5 minutes (docs/okta.md §5.2). */
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
  async authorize(fields, context): Promise<Auth> {
    const { domain, clientId, privateKey } = fields;
    const state = await credentialState(fields, context?.store);
    states.set(fields, state);
    const { tokens, dpop, resourceNonce } = state;

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
      onResponse({ headers }) {
        // A resource server may hand out a new nonce on any response (RFC 9449 §9): use it from the next proof on.
        const nonce = headers.get('dpop-nonce');
        if (nonce) resourceNonce.nonce = nonce;
      },
      onUnauthorized({ headers, authorization }) {
        const { error } = parseChallenge(headers.get('www-authenticate') ?? undefined);
        // The nonce came with the 401 and onResponse has kept it: one more try with a proof that carries it.
        if (error === 'use_dpop_nonce') return true;
        if (error === 'invalid_token') {
          // Drop only the token this request carried: under concurrency it may already have been renewed.
          tokens.invalidate(authorization?.replace(/^\S+\s+/, ''));
          return true;
        }
        // A refused proof or a missing scope will not get better by trying again.
        return false;
      },
    };
  },
  test: ({ fields, okta, signal }) => {
    const state = states.get(fields);
    return diagnoseOrg(okta, signal, {
      requestedScopes: fields.scopes,
      ...(state ? { token: () => state.tokens.get() } : {}),
    });
  },
});

interface CredentialState {
  tokens: TokenSource;
  /** A key per credential, distinct from the client-assertion key as Okta recommends (docs/okta.md §5.3). */
  dpop: DpopKey;
  resourceNonce: { nonce?: string };
}

type Fields = { domain: string; clientId: string; privateKey: string; keyId?: string | undefined; scopes: string[] };

/**
 * Tokens are cached per org, client, scope set and key, process-wide: two runtimes (or two spellings of the same
 * connection) share one token and one renewal. The key's fingerprint is part of the cache key so that a connection
 * with the right client id but a wrong key never borrows a token it could not have obtained.
 */
const cache = new LRUCache<string, Promise<CredentialState>>({
  // Bounded like the runtime's sessions: a host trying many keys or scope sets must not grow it without end. A
  // credential idle for two hours holds only an expired token (Okta's last an hour), so nothing is lost.
  max: 1_000,
  ttl: 2 * 60 * 60_000,
  updateAgeOnGet: true,
  ttlResolution: 1_000,
});
/** The state behind each parsed connection, for its connection test. */
const states = new WeakMap<object, CredentialState>();

function credentialState(fields: Fields, store: StateStore | undefined): Promise<CredentialState> {
  const key = [
    fields.domain,
    fields.clientId,
    [...fields.scopes].sort().join(' '),
    createHash('sha256').update(fields.privateKey).digest('base64url'),
    fields.keyId ?? '',
    store ? 'shared' : '',
  ].join('|');
  let state = cache.get(key);
  if (!state) {
    const shared = store?.shared ? { store, key: createHash('sha256').update(key).digest('base64url') } : undefined;
    const created = createState(fields, shared);
    cache.set(key, created);
    created.catch(() => {
      if (cache.peek(key, { allowStale: true }) === created) cache.delete(key);
    });
    state = created;
  }
  return state;
}

async function createState(
  { domain, clientId, privateKey, keyId, scopes }: Fields,
  shared: SharedTokens | undefined,
): Promise<CredentialState> {
  const signing = parsePrivateKey(privateKey);
  const kid = keyId ?? signing.kid;
  const tokenUrl = `${domain}/oauth2/v1/token`;
  const dpop = shared ? await sharedDpopKey(shared) : await DpopKey.create();
  const nonceHolder: { nonce?: string } = {};
  const nonceKey = shared && `dpop-nonce:${shared.key}`;

  const assertion = () =>
    new SignJWT({})
      .setProtectedHeader(kid ? { alg: signing.alg, kid } : { alg: signing.alg })
      .setIssuer(clientId)
      .setSubject(clientId)
      .setAudience(tokenUrl)
      .setIssuedAt()
      .setExpirationTime(`${ASSERTION_LIFETIME_S}s`)
      // A fresh jti makes each assertion single-use (docs/okta.md §5.2).
      .setJti(randomUUID())
      .sign(signing.key);

  // The proof goes with every token request, as Okta's SDK does: an app that does not require DPoP ignores it and
  // answers token_type Bearer; one that does answers use_dpop_nonce first (lib/auth/token-endpoint.ts).
  const tokens = new TokenSource(
    async () => {
      // Shared hosts start from the nonce the last one was given, sparing a use_dpop_nonce round trip.
      if (shared && nonceKey && !nonceHolder.nonce) {
        const nonce = await shared.store.get(nonceKey).catch(() => undefined);
        if (nonce) nonceHolder.nonce = nonce;
      }
      const response = await requestToken({
        tokenUrl,
        dpop,
        nonceHolder,
        clientAuth: 'privateKey',
        params: async () => ({
          grant_type: 'client_credentials',
          scope: scopes.join(' '),
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: await assertion(),
        }),
      });
      if (shared && nonceKey && nonceHolder.nonce) {
        await shared.store.set(nonceKey, nonceHolder.nonce, NONCE_TTL_MS).catch(() => undefined);
      }
      return response;
    },
    undefined,
    shared,
  );
  return { tokens, dpop, resourceNonce: {} };
}

/** A token endpoint nonce is worth trying again for a while; an expired one costs one more round trip. */
const NONCE_TTL_MS = 60 * 60_000;

/**
 * The one DPoP key of a shared credential: a DPoP-bound token is usable only with the key it is bound to, so every
 * host proofs with the same key. The first host to need it creates it; it is kept (a secret) in the private store.
 * Unreachable store: a key of this host's own, and tokens of its own.
 */
async function sharedDpopKey(shared: SharedTokens): Promise<DpopKey> {
  const keyName = `dpop-key:${shared.key}`;
  try {
    const stored = await shared.store.get(keyName);
    if (stored) return await DpopKey.importPrivate(stored);
    const created = await DpopKey.create();
    if (await shared.store.claim(keyName, await created.exportPrivate(), 0)) return created;
    const winner = await shared.store.get(keyName);
    return winner ? await DpopKey.importPrivate(winner) : created;
  } catch {
    return DpopKey.create();
  }
}
