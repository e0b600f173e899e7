/** What the connection suites share: a sandbox org, key pairs, and service-app connections registered on it. */
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { type ConnectorError, isConnectorError } from '../../lib/errors.ts';
import type { RunningSandbox, ServiceAppOptions } from '../../sandbox/index.ts';
import { suiteSandbox } from '../support/org.ts';

export interface KeyMaterial {
  /** PKCS#8 PEM. */
  pem: string;
  /** The private JWK as JSON. */
  privateJwk: string;
  publicJwk: Record<string, unknown>;
}

export async function keyPair(alg: 'RS256' | 'ES256', kid?: string): Promise<KeyMaterial> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk: Record<string, unknown> = { ...(await exportJWK(publicKey)), ...(kid ? { kid } : {}) };
  const privateJwk = { ...(await exportJWK(privateKey)), ...(kid ? { kid } : {}) };
  return { pem: await exportPKCS8(privateKey), privateJwk: JSON.stringify(privateJwk), publicJwk };
}

export function useOAuthSandbox(options: { users: number; seed: number }) {
  return { sandbox: suiteSandbox({ ...options, rateLimits: { enabled: false } }) };
}

/** Registers a service app for `key` and returns the connection that uses it. */
export function serviceConnection(
  sandbox: RunningSandbox,
  key: KeyMaterial,
  app: Omit<ServiceAppOptions, 'publicJwks'>,
  fields: { privateKey?: string; scopes?: string | string[]; keyId?: string } = {},
) {
  const { clientId } = sandbox.oauth.registerServiceApp({ ...app, publicJwks: [key.publicJwk] });
  return {
    clientId,
    connection: {
      type: 'oauthClientCredentials',
      fields: {
        domain: sandbox.url,
        clientId,
        privateKey: fields.privateKey ?? key.pem,
        scopes: fields.scopes ?? app.scopes.join(' '),
        ...(fields.keyId ? { keyId: fields.keyId } : {}),
      },
    },
  };
}

/** The ConnectorError a promise rejects with; fails the test when it resolves or throws something else. */
export async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}
