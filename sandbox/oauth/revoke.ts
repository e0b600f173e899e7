/**
 * @module `POST /oauth2/v1/revoke` (docs/okta.md §5.4): client authentication required; 200 even for an unknown or
 * expired token; a client revokes only its own tokens. Revoking a refresh token revokes what was issued from it.
 */
import { http } from 'msw';
import { authenticateClient, oauthError } from './client-auth.ts';
import type { OAuthServer } from './clients.ts';

export function revokeHandlers(server: OAuthServer) {
  return [
    http.post('*/oauth2/v1/revoke', async ({ request }) => {
      const form = new URLSearchParams(await request.text());
      const client = authenticateClient(server, request, form);
      if (client instanceof Response) return client;
      const value = form.get('token');
      if (!value) return oauthError(400, 'invalid_request', "The 'token' parameter is required.");
      server.stats.revocations += 1;
      const refresh = server.refreshTokens.get(value);
      if (refresh && refresh.clientId === client.app.clientId) server.revokeFamily(refresh.family);
      const access = server.accessTokens.get(value);
      if (access && access.clientId === client.app.clientId) access.revoked = true;
      return new Response(null, { status: 200, headers: { 'cache-control': 'no-store' } });
    }),
  ];
}
