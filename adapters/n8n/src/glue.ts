/**
 * @module What the three n8n nodes share: the credential choice, the connection from n8n's credentials, field values
 * from node parameters, our errors as n8n errors, and the process's one runtime.
 */
import {
  type ICredentialDataDecryptedObject,
  type IExecuteFunctions,
  type IHookFunctions,
  type ILoadOptionsFunctions,
  type INodeCredentialDescription,
  type INodeCredentialTestResult,
  type INodeProperties,
  type IPollFunctions,
  NodeOperationError,
} from 'n8n-workflow';
import { isConnectorError } from '../../../lib/errors.ts';
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { accessTokenConnection, connectionFrom, type TypedConnectionType } from '../../shared/connections.ts';
import { type BuilderError, builderError, oktaSuffix } from '../../shared/errors.ts';
import type { Field } from '../../shared/fields.ts';
import { sharedRuntime } from '../../shared/runtime.ts';
import { ADDITIONAL_FIELDS, isTopLevel } from './properties.ts';

export { sharedRuntime };

/** n8n credential type names, by the `authentication` choice that uses each. */
export const CREDENTIALS = {
  apiToken: 'oktaConnectorApi',
  clientCredentials: 'oktaConnectorClientCredentials',
  oAuth2: 'oktaConnectorOAuth2',
} as const;
type Authentication = keyof typeof CREDENTIALS;

/** Our connection type behind each typed credential (the OAuth2 one is a platform-held access token). */
const CONNECTION_TYPE: Record<Exclude<Authentication, 'oAuth2'>, TypedConnectionType> = {
  apiToken: 'apiToken',
  clientCredentials: 'oauthClientCredentials',
};

export const authenticationProperty: INodeProperties = {
  displayName: 'Authentication',
  name: 'authentication',
  type: 'options',
  options: [
    { name: 'API Token', value: 'apiToken' },
    { name: 'OAuth Service App (Client Credentials, DPoP)', value: 'clientCredentials' },
    { name: 'OAuth2 (Signed-In Admin)', value: 'oAuth2' },
  ],
  default: 'apiToken',
};

export const nodeCredentials: INodeCredentialDescription[] = (Object.keys(CREDENTIALS) as Authentication[]).map(
  (authentication) => ({
    name: CREDENTIALS[authentication],
    required: true,
    displayOptions: { show: { authentication: [authentication] } },
    testedBy: `${CREDENTIALS[authentication]}Test`,
  }),
);

type Context = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IHookFunctions;

/** The connection of the node's chosen credential. */
export async function connectionOf(context: Context): Promise<ConnectionInput> {
  const authentication = context.getNodeParameter('authentication', 0, 'apiToken') as Authentication;
  const credential = await context.getCredentials(CREDENTIALS[authentication] ?? CREDENTIALS.apiToken);
  return connectionOfCredential(authentication, credential);
}

export function connectionOfCredential(
  authentication: Authentication,
  credential: ICredentialDataDecryptedObject,
): ConnectionInput {
  if (authentication === 'oAuth2') {
    const token = credential.oauthTokenData as { access_token?: string; token_type?: string } | undefined;
    // Not yet connected: the runtime reports the missing credential by its own code (INVALID_CONNECTION).
    return accessTokenConnection(
      String(credential.domain ?? ''),
      token?.access_token ?? '',
      token?.token_type ?? 'Bearer',
    );
  }
  return connectionFrom(CONNECTION_TYPE[authentication] ?? 'apiToken', credential);
}

/**
 * Runs `call` with the node's connection. n8n holds the OAuth2 credential's refresh token and renews the access
 * token only inside its own request helper: when Okta refuses an expired token (401), one request through that
 * helper has n8n refresh and store the token, and `call` runs once more with the new one. Other credentials are
 * renewed by our runtime itself.
 */
export async function withConnection<T>(
  context: Context,
  call: (connection: ConnectionInput) => Promise<T>,
): Promise<T> {
  const connection = await connectionOf(context);
  try {
    return await call(connection);
  } catch (error) {
    if (!isConnectorError(error) || error.code !== 'OKTA_UNAUTHORIZED') throw error;
    const renewed = await renewedConnection(context, connection);
    if (!renewed) throw error;
    return call(renewed);
  }
}

/** The connection with the token n8n renewed, or undefined when it is not n8n's OAuth2 or nothing changed. */
async function renewedConnection(context: Context, used: ConnectionInput): Promise<ConnectionInput | undefined> {
  if (context.getNodeParameter('authentication', 0, 'apiToken') !== 'oAuth2') return undefined;
  const domain = String(used.fields.domain ?? '');
  const origin = (/^[a-z][a-z0-9+.-]*:\/\//i.test(domain) ? domain : `https://${domain}`).replace(/\/+$/, '');
  // Any request of the org refused with 401 makes n8n refresh; its answer (even 403 for a scope) does not matter.
  await context.helpers.httpRequestWithAuthentication
    .call(context, CREDENTIALS.oAuth2, { method: 'GET', url: `${origin}/api/v1/org`, json: true })
    .catch(() => undefined);
  const renewed = await connectionOf(context);
  return renewed.fields.authorization === used.fields.authorization ? undefined : renewed;
}

/** `credentialTest` methods: each credential tested through our `testConnection`. */
export const credentialTests = Object.fromEntries(
  (Object.keys(CREDENTIALS) as Authentication[]).map((authentication) => [
    `${CREDENTIALS[authentication]}Test`,
    async (credential: { data?: ICredentialDataDecryptedObject }): Promise<INodeCredentialTestResult> => {
      try {
        const runtime = await sharedRuntime();
        const report = await runtime.testConnection(connectionOfCredential(authentication, credential.data ?? {}));
        const failed = report.checks.filter((check) => !check.ok).map((check) => check.message);
        return report.ok
          ? { status: 'OK', message: 'Connection successful' }
          : { status: 'Error', message: failed.join(' ') || 'The connection test failed.' };
      } catch (error) {
        const { message, whatToDo } = builderError(error);
        return { status: 'Error', message: `${message} ${whatToDo}` };
      }
    },
  ]),
);

/** A resource locator's value (`{ __rl, mode, value }`) as the id it holds; anything else as it is. */
export function locatorValue(value: unknown): unknown {
  if (value && typeof value === 'object' && '__rl' in value) return (value as unknown as { value: unknown }).value;
  return value;
}

/** Reads one node parameter (n8n's executing nodes take an item index, triggers do not). */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

/** The values of `fields`: own parameters and the additional fields, resource locators as the ids they hold. */
export function valuesOf(read: ParameterReader, fields: Field[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const field of fields.filter(isTopLevel)) values[field.name] = locatorValue(read(field.name, undefined));
  if (fields.some((field) => !isTopLevel(field))) {
    const additional = (read(ADDITIONAL_FIELDS, {}) ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(additional)) values[name] = locatorValue(value);
  }
  return values;
}

/** Our error as n8n's: message, then code, kind and what to do as the description. No stack of ours, no secret. */
export function nodeError(context: Context, error: unknown, itemIndex?: number): NodeOperationError {
  const shown = builderError(error);
  return new NodeOperationError(context.getNode(), shown.message, {
    description: describe(shown),
    ...(itemIndex !== undefined ? { itemIndex } : {}),
  });
}

export function describe(error: BuilderError): string {
  return `${error.code} (${error.kind}${oktaSuffix(error)}). ${error.whatToDo}`;
}
