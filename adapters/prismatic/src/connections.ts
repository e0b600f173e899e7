/**
 * @module The component's connections, and the runtime connection of the one a step was given.
 *
 * `apiToken` and `oauthClientCredentials` hold our connection types' fields under the same names (the runtime signs
 * the client assertion and the DPoP proofs); `oauth2AuthorizationCode` is Prismatic's own OAuth 2.0 (authorization
 * code with PKCE S256 against the org authorization server), whose access token Prismatic keeps fresh and hands to
 * the step: the runtime gets it as a platform-held credential and never sees the refresh token or client secret.
 */
import {
  type Connection,
  type ConnectionDefinition,
  connection,
  OAuth2PkceMethod,
  OAuth2Type,
  oauth2Connection,
  type ConnectionInput as PrismaticConnectionInput,
} from '@prismatic-io/spectral';
import { ValidationError } from '../../../lib/errors.ts';
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { manifest } from '../../shared/catalogue.ts';
import { accessTokenConnection, connectionFrom, type TypedConnectionType } from '../../shared/connections.ts';
import { fieldsOf } from '../../shared/fields.ts';
import { connectionFieldInput } from './inputs.ts';

/** The key of the Prismatic OAuth 2.0 connection. */
export const OAUTH2_CONNECTION = 'oauth2AuthorizationCode';

function manifestConnection(type: TypedConnectionType) {
  const found = manifest.connections.find((candidate) => candidate.key === type);
  if (!found) throw new Error(`There is no connection type "${type}" in the manifest.`);
  return found;
}

function typedConnection(type: TypedConnectionType): ConnectionDefinition {
  const definition = manifestConnection(type);
  const inputs = Object.fromEntries(
    fieldsOf(definition.fieldsSchema).map((field) => [field.name, connectionFieldInput(field)]),
  );
  return connection({ key: type, display: { label: definition.label, description: definition.description }, inputs });
}

const domainField = fieldsOf(manifestConnection('apiToken').fieldsSchema).find((field) => field.name === 'domain');
if (!domainField) throw new Error('The apiToken connection type has no domain field.');

const domainInput: PrismaticConnectionInput = {
  ...connectionFieldInput(domainField),
  comments: 'The org’s host name only, e.g. acme.okta.com: the sign-in and token URLs are built from it.',
};

const oauth2 = oauth2Connection({
  key: OAUTH2_CONNECTION,
  display: {
    label: 'OAuth 2.0 (signed-in admin)',
    description:
      'An OIDC web app on the org authorization server: an admin signs in (PKCE S256) and steps run with that ' +
      'admin’s permissions, limited to the granted okta.* scopes. Prismatic refreshes the token.',
  },
  oauth2Type: OAuth2Type.AuthorizationCode,
  oauth2PkceMethod: OAuth2PkceMethod.S256,
  inputs: {
    domain: domainInput,
    authorizeUrl: {
      label: 'Authorize URL',
      type: 'template',
      templateValue: 'https://{{#domain}}/oauth2/v1/authorize',
    },
    tokenUrl: { label: 'Token URL', type: 'template', templateValue: 'https://{{#domain}}/oauth2/v1/token' },
    scopes: {
      label: 'Scopes',
      type: 'string',
      required: true,
      default: 'openid offline_access okta.users.manage okta.groups.manage okta.apps.read okta.logs.read',
      comments: 'The okta.* scopes granted to the web app, separated by spaces; offline_access for a refresh token.',
    },
    clientId: { label: 'Client ID', type: 'string', required: true, comments: 'The OIDC web app’s client id.' },
    clientSecret: { label: 'Client secret', type: 'password', required: true, comments: 'The web app’s secret.' },
  },
});

export const connections: ConnectionDefinition[] = [
  typedConnection('apiToken'),
  typedConnection('oauthClientCredentials'),
  oauth2,
];

const TYPED: readonly string[] = ['apiToken', 'oauthClientCredentials'] satisfies TypedConnectionType[];

/** The runtime connection of the connection value Prismatic hands a step. */
export function connectionOf(value: unknown): ConnectionInput {
  const given = (value ?? {}) as Partial<Connection>;
  const fields = given.fields ?? {};
  if (given.key === OAUTH2_CONNECTION) {
    const token = (given.token ?? {}) as { access_token?: unknown; token_type?: unknown };
    // Not yet authorized: the runtime reports the missing credential by its own code.
    return accessTokenConnection(
      String(fields.domain ?? ''),
      typeof token.access_token === 'string' ? token.access_token : '',
      typeof token.token_type === 'string' ? token.token_type : 'Bearer',
    );
  }
  if (given.key && TYPED.includes(given.key)) return connectionFrom(given.key as TypedConnectionType, fields);
  const message = `The step's connection (${given.key ?? 'none'}) is not one of this component's connections.`;
  throw new ValidationError(`${message} Choose an Okta Connector connection.`, [{ path: 'connection', message }]);
}

/** The values of a connection that must never reach a log or an error: its secrets and tokens. */
export function connectionSecrets(value: unknown): string[] {
  const given = (value ?? {}) as Partial<Connection>;
  const candidates = [
    given.fields?.apiToken,
    given.fields?.privateKey,
    given.fields?.clientSecret,
    given.token?.access_token,
    given.token?.refresh_token,
  ];
  return candidates.filter((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
}
