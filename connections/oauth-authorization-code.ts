/**
 * @module User-delegated OAuth (authorization code with PKCE) against the org authorization server, the way Okta
 * Workflows connects (docs/okta.md §5.4). The grant itself (the browser helpers, token refresh and rotation, revocation)
 * is lib/auth/authorization-code.ts, which the host's browser routes use too; this is the connection built on it.
 */
import { authorizationCodeFields, grantOf } from '../lib/auth/authorization-code.ts';
import { parseChallenge } from '../lib/auth/challenge.ts';
import { type Auth, defineConnection } from '../lib/define.ts';
import { diagnoseOrg } from '../lib/diagnostics.ts';

export default defineConnection({
  key: 'oauthAuthorizationCode',
  label: 'OAuth (authorization code, signed-in admin)',
  description:
    'An OIDC web app on the org authorization server: an admin signs in once (PKCE S256), the connector refreshes ' +
    'its token and follows refresh-token rotation, and revokes the tokens when the connection is removed. Calls run ' +
    'with the admin’s permissions, limited to the granted okta.* scopes.',
  fields: authorizationCodeFields,
  authorize(fields, context): Auth {
    const grant = grantOf(fields, context?.store);
    const { tokens } = grant;
    return {
      origin: fields.domain,
      principal: `oauth-user:${fields.clientId}`,
      get secrets() {
        return [fields.clientSecret, ...grant.seen, ...(tokens.value ? [tokens.value] : [])];
      },
      async headers() {
        const token = await tokens.get();
        return { authorization: `Bearer ${token.value}` };
      },
      onUnauthorized({ headers, authorization }) {
        if (parseChallenge(headers.get('www-authenticate') ?? undefined).error !== 'invalid_token') return false;
        const refused = authorization?.replace(/^\S+\s+/, '');
        if (refused === tokens.value) grant.refused = refused;
        tokens.invalidate(refused);
        return grant.refreshToken !== undefined;
      },
    };
  },
  test: ({ fields, okta, signal }) =>
    diagnoseOrg(okta, signal, { requestedScopes: fields.scopes, token: () => grantOf(fields, undefined).tokens.get() }),
});
