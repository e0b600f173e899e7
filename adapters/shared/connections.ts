/**
 * @module Connections from a builder's credential fields: `{ type, fields }` for the runtime.
 *
 * A builder's credential holds the fields of one of our connection types (connections/) under the same names; the
 * runtime does the rest (private_key_jwt, DPoP, token caching). Where the builder runs the OAuth2 authorization-code
 * flow itself (with PKCE) and hands us only its access token, the connection is the platform-held `namedCredential`
 * with a Bearer header: the builder refreshes the token, we never see the refresh token or client secret.
 */
import type { ConnectionInput } from '../../lib/runtime.ts';
import { manifest } from './catalogue.ts';

/** The connection types whose fields a user types into a builder's credential form. */
export const TYPED_CONNECTION_TYPES = ['apiToken', 'oauthClientCredentials'] as const;
export type TypedConnectionType = (typeof TYPED_CONNECTION_TYPES)[number];

/**
 * The connection of a typed credential: only the fields the type declares are passed (a builder's credential
 * carries its own extras, such as n8n's OAuth2 token data), and empty optional ones are dropped.
 */
export function connectionFrom(type: TypedConnectionType, credential: Record<string, unknown>): ConnectionInput {
  const declared = connectionFieldNames(type);
  const fields: Record<string, unknown> = {};
  for (const name of declared) {
    const value = credential[name];
    if (value === undefined || value === null || value === '') continue;
    fields[name] = value;
  }
  return { type, fields };
}

/** An access token the builder obtained (its own OAuth2, authorization code with PKCE), for the org at `domain`. */
export function accessTokenConnection(domain: string, accessToken: string, tokenType = 'Bearer'): ConnectionInput {
  // Okta's org authorization server issues Bearer tokens to web apps; a DPoP-bound token cannot be used without the
  // builder's key, so any other type is passed as it is and Okta's answer says why.
  return { type: 'namedCredential', fields: { domain, authorization: `${tokenType} ${accessToken}` } };
}

/** The field names of a connection type, from the manifest. */
export function connectionFieldNames(type: string): string[] {
  const connection = manifest.connections.find((candidate) => candidate.key === type);
  if (!connection) throw new Error(`There is no connection type "${type}" in the manifest.`);
  return Object.keys(connection.fieldsSchema.properties ?? {});
}
