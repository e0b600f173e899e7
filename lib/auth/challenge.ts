/**
 * @module Reads Okta's `WWW-Authenticate` challenge on a refused resource request (docs/okta.md §5.2, §5.3) and says
 * what the user should fix. Okta often sends these with an empty body, so the header is the only clue.
 */

export interface Challenge {
  scheme: string | undefined;
  error: string | undefined;
  description: string | undefined;
  /** The scope the call needed, when Okta names it. */
  scope: string | undefined;
}

export function parseChallenge(header: string | undefined): Challenge {
  const text = header ?? '';
  const param = (name: string) => new RegExp(`(?:^|[\\s,])${name}="([^"]*)"`).exec(text)?.[1];
  return {
    scheme: /^\s*(\w+)/.exec(text)?.[1],
    error: param('error'),
    description: param('error_description'),
    scope: param('scope'),
  };
}

/** One sentence telling the user what to change for a 401, or a 403 `insufficient_scope`. */
export function explainAuthFailure(response: { status: number; wwwAuthenticate?: string | undefined }): string {
  const challenge = parseChallenge(response.wwwAuthenticate);
  const said = challenge.description ? ` (Okta: "${challenge.description}")` : '';
  switch (challenge.error) {
    case 'insufficient_scope':
      return (
        `The connection's token lacks the scope this call needs${challenge.scope ? ` (${challenge.scope})` : ''}: ` +
        'grant it on the app\u2019s "Okta API Scopes" tab, add it to the connection\u2019s scopes, and reconnect.'
      );
    case 'invalid_dpop_proof':
      return (
        `Okta refused the DPoP proof${said}: check that this machine\u2019s clock is correct and that nothing ` +
        'between the connector and Okta (a proxy, a rewritten URL) changes the request; each proof is valid for ' +
        'one request only.'
      );
    case 'use_dpop_nonce':
      return 'Okta asked for a new DPoP nonce twice in a row; try again.';
    case 'invalid_token':
      return (
        `Okta refused the access token${said}: it expired, was revoked or went with the wrong scheme; reconnect, ` +
        'and check that the app is still active.'
      );
    default:
      return (
        'Okta refused the credential. An API token may be wrong, revoked or expired (tokens expire after 30 days ' +
        'unused): create a new one. An OAuth connection: reconnect it.'
      );
  }
}
