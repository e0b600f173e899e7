/**
 * @module Who may reach which route (issue 20). The host runs actions with its default connection, an org admin's
 * credential, so two rules sit in front of every route, after the request guard (host/request-guard.ts):
 *
 * 1. Under its public name (the host of `PUBLIC_URL`, where a tunnel or a reverse proxy forwards Okta's event hook
 *    deliveries) the host answers only `/hooks/*`, and `/oauth/callback` when it signs in with OAuth. Every other
 *    route answers 404 there, as if it did not exist: anyone on the internet may learn that address.
 * 2. With an API token (`HOST_API_TOKEN`, `serve --api-token`), every `/api/*` route, `/mcp` and
 *    `/oauth/disconnect` need `Authorization: Bearer <token>`, compared in constant time. The playground page and its
 *    assets stay open (they hold nothing secret); the page asks for the token and sends it with its calls.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { sameSecret } from '../lib/triggers/event-hooks.ts';

/** Routes that need the token when one is set: everything that runs something or reads the org's data. */
export function needsToken(path: string): boolean {
  return path.startsWith('/api/') || path === '/mcp' || path.startsWith('/mcp/') || path === '/oauth/disconnect';
}

/**
 * Requests under a public-only name (`publicHost()`, lower case, or undefined when the public name is also one the
 * host answers to in full) reach only the paths `isPublic` accepts; every other one gets `notFound`.
 */
export function publicNameRoutes(options: {
  publicHost: () => string | undefined;
  isPublic: (path: string) => boolean;
  notFound: (c: Context) => Response | Promise<Response>;
}): MiddlewareHandler {
  return async (c, next) => {
    const publicHost = options.publicHost();
    if (publicHost && c.req.header('host')?.toLowerCase() === publicHost && !options.isPublic(c.req.path)) {
      return options.notFound(c);
    }
    return next();
  };
}

/** Tokens shorter than this are refused at start: a guessable token is no token. */
export const MIN_API_TOKEN_LENGTH = 16;

/** Refuses a request to a route `needsToken` names unless it carries `Authorization: Bearer <token>` (401). */
export function apiTokenGuard(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (!needsToken(c.req.path)) return next();
    const given = bearerToken(c.req.header('authorization'));
    if (given !== undefined && sameSecret(given, token)) return next();
    c.header('WWW-Authenticate', 'Bearer realm="okta-connector"');
    const message =
      given === undefined
        ? `${c.req.path} needs the host's API token: send Authorization: Bearer <HOST_API_TOKEN>.`
        : "The bearer token is not the host's API token (HOST_API_TOKEN).";
    return c.json(
      { error: { code: 'HOST_TOKEN_REQUIRED', kind: 'validation', message, details: { scheme: 'Bearer' } } },
      401,
    );
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/** Whether `hostname` reaches this machine only: a server there needs no token to be safe from the network. */
export function isLoopback(hostname: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|::1|\[::1\])$/i.test(hostname);
}
