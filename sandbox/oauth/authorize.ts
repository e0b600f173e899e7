/**
 * @module `GET /oauth2/v1/authorize` with auto-consent: a signed-in admin who always says yes (docs/okta.md §5.4).
 * Checks the client, the registered redirect URI, `response_type=code`, `state`, and PKCE (S256 only), then redirects
 * back with a code valid for 300 s. Scopes the app was not granted are dropped; none left is `invalid_scope`.
 */
import { HttpResponse, http } from 'msw';
import type { OAuthServer } from './clients.ts';

export function authorizeHandlers(server: OAuthServer) {
  return [
    http.get('*/oauth2/v1/authorize', ({ request }) => {
      server.stats.authorizeRequests += 1;
      const query = new URL(request.url).searchParams;
      const app = server.apps.get(query.get('client_id') ?? '');
      const redirectUri = query.get('redirect_uri') ?? '';
      // Without a valid client and redirect URI there is nowhere safe to send an error: answer here.
      if (app?.kind !== 'web') {
        return HttpResponse.json({ error: 'invalid_client', error_description: 'Unknown client_id.' }, { status: 400 });
      }
      if (!app.redirectUris.includes(redirectUri)) {
        return HttpResponse.json(
          {
            error: 'invalid_request',
            error_description: "The 'redirect_uri' parameter must be a Login redirect URI in the client app settings.",
          },
          { status: 400 },
        );
      }
      const back = (params: Record<string, string>) => {
        const target = new URL(redirectUri);
        for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
        const state = query.get('state');
        if (state !== null) target.searchParams.set('state', state);
        return new Response(null, { status: 302, headers: { location: target.href } });
      };
      const fail = (error: string, description: string) => back({ error, error_description: description });
      if (query.get('response_type') !== 'code') {
        return fail('unsupported_response_type', 'The response type is not supported by the authorization server.');
      }
      if (!query.get('state')) return fail('invalid_request', "The 'state' parameter is required.");
      const challenge = query.get('code_challenge') ?? undefined;
      const method = query.get('code_challenge_method');
      if (challenge !== undefined && method !== 'S256') {
        return fail('invalid_request', "The 'code_challenge_method' must be S256.");
      }
      const requested = (query.get('scope') ?? '').split(' ').filter(Boolean);
      const granted = requested.filter(
        (scope) =>
          app.scopes.includes(scope) || /^(openid|profile|email|phone|address|groups|offline_access)$/.test(scope),
      );
      if (!granted.length) return fail('invalid_scope', 'The requested scopes are not granted to the app.');
      return back({ code: server.issueCode(app, redirectUri, granted, challenge) });
    }),
  ];
}
