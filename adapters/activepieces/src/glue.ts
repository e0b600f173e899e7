/**
 * @module What the piece's actions, triggers and pickers share: the auth (one custom auth whose connection type is
 * a choice inside it, as Activepieces allows one auth per type), the connection from the auth as Activepieces passes
 * it, our errors as thrown errors, and the process's one runtime.
 */
import { PieceAuth, Property } from '@activepieces/pieces-framework';
import type { ConnectionInput } from '../../../lib/runtime.ts';
import { manifest } from '../../shared/catalogue.ts';
import { connectionFrom, TYPED_CONNECTION_TYPES, type TypedConnectionType } from '../../shared/connections.ts';
import { type BuilderError, BuilderStepError, builderError, oktaSuffix } from '../../shared/errors.ts';
import type { JsonSchema } from '../../shared/fields.ts';
import { sharedRuntime } from '../../shared/runtime.ts';

export { sharedRuntime };

/** The auth prop that chooses the connection type: not a field of any connection type. */
export const CONNECTION_TYPE = 'connectionType';

const TYPE_LABELS: Record<TypedConnectionType, string> = {
  apiToken: 'API token',
  oauthClientCredentials: 'OAuth service app (client credentials, private_key_jwt, DPoP)',
};

type AuthProp = ReturnType<typeof Property.ShortText> | ReturnType<typeof PieceAuth.SecretText>;

/**
 * Every field of the typed connection types, once each (domain is shared), from the manifest: a secret as
 * SecretText, anything else as ShortText. Required only where every type requires it: which ones a type needs is
 * checked by our runtime, which names the missing field.
 */
function authProps(): Record<string, AuthProp> {
  const types = TYPED_CONNECTION_TYPES.map((type) =>
    manifest.connections.find((connection) => connection.key === type),
  );
  const props: Record<string, AuthProp> = {};
  for (const connection of types) {
    if (!connection) continue;
    for (const [name, schema] of Object.entries(connection.fieldsSchema.properties ?? {}) as [string, JsonSchema][]) {
      if (name in props) continue;
      const requiredByAll = types.every((type) => type?.fieldsSchema.required?.includes(name));
      const used = types
        .filter((type) => type && name in (type.fieldsSchema.properties ?? {}))
        .map((type) => type?.key);
      const forTypes =
        used.length < types.length ? ` (${used.map((key) => TYPE_LABELS[key as TypedConnectionType]).join(', ')})` : '';
      const request = {
        displayName: schema.title ?? name,
        description: `${schema.description ?? ''}${forTypes}`.trim(),
        required: requiredByAll,
      };
      const secret = schema.format === 'password' || schema.writeOnly === true;
      props[name] = secret ? PieceAuth.SecretText(request) : Property.ShortText(request);
    }
  }
  return props;
}

/** The auth value as our connection: `{ type: 'CUSTOM_AUTH', props }` in actions, triggers and pickers. */
export function connectionOf(auth: unknown): ConnectionInput {
  const props = authValues(auth);
  const chosen = props[CONNECTION_TYPE];
  const type = (TYPED_CONNECTION_TYPES as readonly unknown[]).includes(chosen)
    ? (chosen as TypedConnectionType)
    : 'apiToken';
  return connectionFrom(type, props);
}

/**
 * The auth's values: `auth.props` in the current context shape (Activepieces' own Okta piece broke by reading
 * `auth.domain`), or the values themselves as `validate` receives them.
 */
function authValues(auth: unknown): Record<string, unknown> {
  if (auth && typeof auth === 'object') {
    const props = (auth as { props?: unknown }).props;
    if (props && typeof props === 'object') return props as Record<string, unknown>;
    return auth as Record<string, unknown>;
  }
  return {};
}

export const oktaAuth = PieceAuth.CustomAuth({
  displayName: 'Okta connection',
  description:
    'Your Okta org and how the piece signs in: an API token (Security → API → Tokens), or an OAuth service app ' +
    'with a private key (tokens minted with private_key_jwt, DPoP handled).',
  required: true,
  props: {
    [CONNECTION_TYPE]: Property.StaticDropdown({
      displayName: 'Connection type',
      required: true,
      defaultValue: 'apiToken',
      options: {
        options: TYPED_CONNECTION_TYPES.map((type) => ({ label: TYPE_LABELS[type], value: type })),
      },
    }),
    ...authProps(),
  },
  validate: async ({ auth }) => {
    try {
      const runtime = await sharedRuntime();
      const report = await runtime.testConnection(connectionOf(auth));
      if (report.ok) return { valid: true };
      const failed = report.checks.filter((check) => !check.ok).map((check) => check.message);
      return { valid: false, error: failed.join(' ') || 'The connection test failed.' };
    } catch (error) {
      const shown = builderError(error);
      return { valid: false, error: `${shown.message} (${shown.code}). ${shown.whatToDo}` };
    }
  },
});

/**
 * Our error as Activepieces shows a failed step: the message with code, kind and what to do, the same as properties
 * for a flow's error handler. No stack of ours, no secret.
 */
export class OktaConnectorError extends BuilderStepError {
  constructor(shown: BuilderError) {
    super(shown, `${shown.message} [${shown.code} (${shown.kind}${oktaSuffix(shown)})] ${shown.whatToDo}`);
    this.name = 'OktaConnectorError';
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Runs `call` with the runtime and the auth's connection; any failure thrown as an OktaConnectorError. */
export async function withRuntime<T>(
  auth: unknown,
  call: (runtime: Awaited<ReturnType<typeof sharedRuntime>>, connection: ConnectionInput) => Promise<T>,
): Promise<T> {
  try {
    return await call(await sharedRuntime(), connectionOf(auth));
  } catch (error) {
    throw new OktaConnectorError(builderError(error));
  }
}
