/** @module The sandbox's org authorization server: its state and its unauthenticated `/oauth2/v1/*` handlers. */
import type { RequestHandler } from 'msw';
import { authorizeHandlers } from './authorize.ts';
import type { OAuthServer } from './clients.ts';
import { revokeHandlers } from './revoke.ts';
import { tokenHandlers } from './token-endpoint.ts';

export type { OAuthStats, ServiceAppOptions, WebAppOptions } from './clients.ts';
export { OAuthServer } from './clients.ts';
export { createAuthenticator } from './resource-auth.ts';

export function oauthHandlers(server: OAuthServer): RequestHandler[] {
  return [...tokenHandlers(server), ...authorizeHandlers(server), ...revokeHandlers(server)];
}
