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
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { accessTokenConnection, connectionFrom, type TypedConnectionType } from '../../shared/connections.ts';
import { type BuilderError, builderError } from '../../shared/errors.ts';
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
  const okta = error.status ? `, Okta ${error.status}${error.oktaErrorCode ? ` ${error.oktaErrorCode}` : ''}` : '';
  return `${error.code} (${error.kind}${okta}). ${error.whatToDo}`;
}
