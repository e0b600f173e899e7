/**
 * @module The Zapier authentications, and the connection our runtime gets from `bundle.authData`.
 *
 * Zapier gives an integration exactly one authentication scheme, so the package holds two apps (index.ts):
 *
 * - `custom` (the package's `main`): a Connection Type field, then the fields of our typed connection types under
 *   their own names: the Okta domain and an API token, or an OAuth service app (client id, private key, key id,
 *   scopes; our runtime signs the client assertion and the DPoP proofs). Zapier's `test` is our `testConnection`.
 * - `oauth2` (`oauth2.js`): Zapier's own OAuth2 authorization code flow with PKCE against the org authorization
 *   server of the customer's OIDC web app (its client id and secret are fields of the connection: every org has its
 *   own app). Zapier holds and refreshes the tokens; each step hands the access token to our runtime as the
 *   platform-held `namedCredential`.
 */

import { normalizeDomain } from '../../../lib/domain.ts';
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { manifest } from '../../shared/catalogue.ts';
import {
  accessTokenConnection,
  connectionFrom,
  TYPED_CONNECTION_TYPES,
  type TypedConnectionType,
} from '../../shared/connections.ts';
import { fieldsOf } from '../../shared/fields.ts';
import { sharedRuntime } from '../../shared/runtime.ts';
import { type ZapierErrors, zapierError } from './errors.ts';

// biome-ignore lint/suspicious/noExplicitAny: Zapier's z object and bundle, typed where they are read
export type Z = any;
export interface Bundle {
  authData: Record<string, unknown>;
  inputData: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

export type AuthenticationKind = 'custom' | 'oauth2';

/** The Connection Type field of the custom authentication. */
export const CONNECTION_TYPE = 'connectionType';

const TYPE_LABELS: Record<TypedConnectionType, string> = {
  apiToken: 'API token',
  oauthClientCredentials: 'OAuth service app (client credentials, private_key_jwt, DPoP)',
};

/** Scopes asked for by default in the OAuth2 flow: those the common actions need, and refresh tokens. */
const DEFAULT_SCOPES =
  'openid offline_access okta.users.manage okta.groups.manage okta.apps.read okta.logs.read okta.eventHooks.read';

/** The connection of a step's `bundle.authData`. */
export function connectionOf(kind: AuthenticationKind, authData: Record<string, unknown>): ConnectionInput {
  if (kind === 'oauth2') {
    // Not yet connected: the runtime reports the missing credential by its own code.
    return accessTokenConnection(String(authData.domain ?? ''), String(authData.access_token ?? ''));
  }
  const type = authData[CONNECTION_TYPE] ?? 'apiToken';
  if (!TYPED_CONNECTION_TYPES.includes(type as TypedConnectionType)) {
    return { type: String(type), fields: {} };
  }
  return connectionFrom(type as TypedConnectionType, authData);
}

/** An AuthFieldSchema entry. */
export interface AuthField {
  key: string;
  label: string;
  required: boolean;
  type?: 'string' | 'password' | 'text';
  helpText?: string;
  placeholder?: string;
  default?: string;
  choices?: Record<string, string>;
  isNoSecret?: boolean;
}

/** The fields of a connection type, as Zapier auth fields; `onlyFor` marks them as needed by that type only. */
function authFieldsOf(type: string, onlyFor?: string): AuthField[] {
  const connection = manifest.connections.find((candidate) => candidate.key === type);
  if (!connection) throw new Error(`There is no connection type "${type}" in the manifest.`);
  return fieldsOf(connection.fieldsSchema).map((field) => {
    const shared = field.name === 'domain';
    const help = [field.description, !shared && onlyFor ? `(${onlyFor} only.)` : ''].filter(Boolean).join(' ');
    const auth: AuthField = {
      key: field.name,
      label: field.title,
      // Zapier cannot make a field required for one choice of another: the runtime names any that is missing.
      required: shared || (field.required && !onlyFor),
      // A private key is pasted over several lines.
      type: field.name === 'privateKey' ? 'text' : field.secret ? 'password' : 'string',
    };
    if (help) auth.helpText = help.slice(0, 1000);
    if (field.placeholder) auth.placeholder = field.placeholder;
    if (!field.secret) auth.isNoSecret = true;
    return auth;
  });
}

/** The custom authentication's fields: the type, then each type's fields once (the domain is shared). */
function customFields(): AuthField[] {
  const fields: AuthField[] = [
    {
      key: CONNECTION_TYPE,
      label: 'Connection Type',
      required: true,
      default: 'apiToken',
      choices: { ...TYPE_LABELS },
      helpText: 'How Zapier signs in to Okta: an API token (Security → API → Tokens), or an OAuth service app.',
      isNoSecret: true,
    },
  ];
  for (const type of TYPED_CONNECTION_TYPES) {
    for (const field of authFieldsOf(type, TYPE_LABELS[type])) {
      if (!fields.some((known) => known.key === field.key)) fields.push(field);
    }
  }
  return fields;
}

/** Zapier's auth `test`: our testConnection; what it returns is the connection label's input. */
function testAuth(kind: AuthenticationKind) {
  return async (z: Z, bundle: Bundle) => {
    const connection = connectionOf(kind, bundle.authData);
    let report: Awaited<ReturnType<Awaited<ReturnType<typeof sharedRuntime>>['testConnection']>>;
    try {
      report = await (await sharedRuntime()).testConnection(connection);
    } catch (error) {
      throw zapierError(z.errors as ZapierErrors, error, kind === 'oauth2');
    }
    if (!report.ok) {
      const failed = report.checks.filter((check) => !check.ok).map((check) => `${check.name}: ${check.message}`);
      throw new z.errors.Error(failed.join(' ') || 'The connection test failed.', 'CONNECTION_TEST_FAILED');
    }
    const domain = String(connection.fields.domain ?? '').replace(/^https?:\/\//, '');
    const how = kind === 'oauth2' ? 'signed-in admin' : TYPE_LABELS[connection.type as TypedConnectionType];
    return { domain, orgId: report.org?.id ?? '', engine: report.org?.engine ?? '', label: `${domain} (${how})` };
  };
}

const connectionLabel = (_z: Z, bundle: Bundle) => String(bundle.inputData.label ?? bundle.authData.domain ?? '');

export function customAuthentication() {
  return { type: 'custom', fields: customFields(), test: testAuth('custom'), connectionLabel };
}

/** The org's token endpoint, from the domain the user typed (normalised as our connections do). */
function tokenUrl(authData: Record<string, unknown>): string {
  return `${normalizeDomain(String(authData.domain ?? ''))}/oauth2/v1/token`;
}

/** Okta's token answer as Zapier keeps it; Okta's `error_description` as the error when it refuses. */
async function tokenRequest(z: Z, bundle: Bundle, grant: Record<string, string>) {
  const response = await z.request({
    url: tokenUrl(bundle.authData),
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({
      ...grant,
      client_id: String(bundle.authData.clientId ?? ''),
      client_secret: String(bundle.authData.clientSecret ?? ''),
    }).toString(),
    skipThrowForStatus: true,
  });
  const answer = response.data ?? {};
  if (response.status >= 400) {
    const message = `Okta refused the token request: ${answer.error_description ?? answer.error ?? response.status}`;
    if (grant.grant_type === 'refresh_token') throw new z.errors.ExpiredAuthError(message);
    throw new z.errors.Error(message, 'TOKEN_REFUSED', response.status);
  }
  return {
    access_token: answer.access_token,
    ...(answer.refresh_token ? { refresh_token: answer.refresh_token } : {}),
  };
}

export function oauth2Authentication() {
  const [domain] = authFieldsOf('apiToken');
  return {
    type: 'oauth2',
    fields: [
      domain as AuthField,
      {
        key: 'clientId',
        label: 'Client ID',
        required: true,
        isNoSecret: true,
        helpText:
          "The client id of your org's OIDC web app (Applications → Create App Integration → OIDC, Web Application), " +
          'with https://zapier.com/dashboard/auth/oauth/return/App…CLIAPI/ as a sign-in redirect URI.',
      },
      { key: 'clientSecret', label: 'Client Secret', required: true, type: 'password', helpText: "That app's secret." },
      {
        key: 'scopes',
        label: 'Scopes',
        required: false,
        isNoSecret: true,
        default: DEFAULT_SCOPES,
        helpText: 'The okta.* scopes granted to the app, separated by spaces; offline_access lets Zapier refresh.',
      },
    ],
    oauth2Config: {
      authorizeUrl: (_z: Z, bundle: Bundle) => {
        const url = new URL(`${normalizeDomain(String(bundle.authData.domain ?? ''))}/oauth2/v1/authorize`);
        url.searchParams.set('client_id', String(bundle.authData.clientId ?? ''));
        url.searchParams.set('response_type', 'code');
        url.searchParams.set('scope', String(bundle.authData.scopes || DEFAULT_SCOPES));
        url.searchParams.set('redirect_uri', String(bundle.inputData.redirect_uri ?? ''));
        url.searchParams.set('state', String(bundle.inputData.state ?? ''));
        return url.href;
      },
      getAccessToken: (z: Z, bundle: Bundle) =>
        tokenRequest(z, bundle, {
          grant_type: 'authorization_code',
          code: String(bundle.inputData.code ?? ''),
          redirect_uri: String(bundle.inputData.redirect_uri ?? ''),
          // Zapier makes the verifier and adds the challenge to the authorize URL (enablePkce).
          ...(bundle.inputData.code_verifier ? { code_verifier: String(bundle.inputData.code_verifier) } : {}),
        }),
      refreshAccessToken: (z: Z, bundle: Bundle) =>
        tokenRequest(z, bundle, {
          grant_type: 'refresh_token',
          refresh_token: String(bundle.authData.refresh_token ?? ''),
        }),
      // Our runtime makes the Okta calls, not z.request: a 401 is turned into Zapier's refresh error by errors.ts.
      autoRefresh: false,
      enablePkce: true,
    },
    test: testAuth('oauth2'),
    connectionLabel,
  };
}
