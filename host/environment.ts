/**
 * @module The default connection from `OKTA_*` environment variables: a real org when they are set, else none (and the
 * caller falls back to the sandbox).
 */
import type { AuthorizationCodeSettings } from '../lib/auth/authorization-code.ts';
import type { ConnectionInput } from '../lib/runtime.ts';

/** Read-only scopes, so an OAuth app with no `OKTA_SCOPES` can at least read users, groups and the System Log. */
const DEFAULT_SCOPES = 'okta.users.read okta.groups.read okta.logs.read';

/**
 * `OKTA_DOMAIN` + `OKTA_API_TOKEN` → an API-token connection; `OKTA_DOMAIN` + `OKTA_CLIENT_ID` + `OKTA_PRIVATE_KEY`
 * (+ `OKTA_KEY_ID`, `OKTA_SCOPES`) → OAuth client credentials. The token wins when both are set. Fields are passed
 * as they are: the connection's own schema validates them and says what is wrong.
 */
export function connectionFromEnvironment(env: NodeJS.ProcessEnv = process.env): ConnectionInput | undefined {
  const domain = env.OKTA_DOMAIN?.trim();
  if (!domain) return undefined;
  if (env.OKTA_API_TOKEN) {
    return { type: 'apiToken', fields: { domain, apiToken: env.OKTA_API_TOKEN } };
  }
  if (env.OKTA_CLIENT_ID && env.OKTA_PRIVATE_KEY) {
    const fields: Record<string, unknown> = {
      domain,
      clientId: env.OKTA_CLIENT_ID,
      privateKey: unescapeNewlines(env.OKTA_PRIVATE_KEY),
      scopes: env.OKTA_SCOPES?.trim() || DEFAULT_SCOPES,
    };
    if (env.OKTA_KEY_ID) fields.keyId = env.OKTA_KEY_ID;
    return { type: 'oauthClientCredentials', fields };
  }
  return undefined;
}

/** A PEM put in a one-line variable (`.env` files, CI secrets) often carries literal `\n`s. */
function unescapeNewlines(key: string): string {
  return key.includes('\n') ? key : key.replace(/\\n/g, '\n');
}

/**
 * `OKTA_DOMAIN` + `OKTA_CLIENT_ID` + `OKTA_CLIENT_SECRET` (+ `OKTA_SCOPES`, `OKTA_REDIRECT_URI`) → an
 * authorization-code connection, signed in from the playground. The redirect URI defaults to this host's callback.
 */
export function authorizationCodeFromEnvironment(
  env: NodeJS.ProcessEnv,
  hostUrl: string,
): AuthorizationCodeSettings | undefined {
  const domain = env.OKTA_DOMAIN?.trim();
  if (!domain || !env.OKTA_CLIENT_ID || !env.OKTA_CLIENT_SECRET || env.OKTA_API_TOKEN || env.OKTA_PRIVATE_KEY) {
    return undefined;
  }
  return {
    domain,
    clientId: env.OKTA_CLIENT_ID,
    clientSecret: env.OKTA_CLIENT_SECRET,
    redirectUri: env.OKTA_REDIRECT_URI?.trim() || `${hostUrl}/oauth/callback`,
    ...(env.OKTA_SCOPES?.trim() ? { scopes: env.OKTA_SCOPES.trim() } : {}),
  };
}
