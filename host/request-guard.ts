/**
 * @module Refuses requests a web page made, before they reach a route or Okta.
 *
 * The host runs actions with a default connection, a real org's when `OKTA_*` is set, so any page an admin visits
 * could otherwise call `http://127.0.0.1:8787/api/actions/deleteUser`. Three checks, in order:
 *
 * 1. `Host` must name this host: the address it listens on (`127.0.0.1:port`, `localhost:port`, `[::1]:port` for a
 *    loopback host), its public name (the host of `PUBLIC_URL`, where Okta delivers event hooks), or a configured
 *    name. A DNS-rebinding page reaches 127.0.0.1 under its own name, and is refused here (403).
 * 2. A browser sends `Origin` with every cross-origin or non-GET request: one that is neither this host's own nor in
 *    the allow-list (`ALLOWED_ORIGINS`) is refused (403). An allowed one gets CORS headers, so its page can call the
 *    API. Clients that are not browsers (curl, the CLI, Okta delivering a hook) send no `Origin`.
 * 3. A body sent to `/api/*` or to the MCP endpoint `/mcp` must be `application/json` (415): an HTML form can post
 *    `text/plain` or form data to any site without a CORS preflight, never JSON.
 *
 * The MCP spec asks the same of a Streamable HTTP server (validate `Origin` against DNS rebinding): `/mcp` runs tools
 * with the default connection, so it gets all three checks.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

export interface RequestGuardOptions {
  /** `host[:port]` values `Host` may hold; asked per request, since the port may be known only once listening. */
  allowedHosts: () => Iterable<string>;
  /** Origins (`https://flows.example.com`) besides the host's own whose pages may call it. */
  allowedOrigins?: Iterable<string>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

export function requestGuard(options: RequestGuardOptions): MiddlewareHandler {
  const allowedOrigins = new Set([...(options.allowedOrigins ?? [])].map(originOf));
  const withCors = cors({
    origin: (origin) => origin,
    allowMethods: ['GET', 'POST', 'DELETE'],
    allowHeaders: ['content-type', 'authorization'],
    maxAge: 600,
  });

  return async (c, next) => {
    const hosts = new Set([...options.allowedHosts()].map((host) => host.toLowerCase()));
    const host = c.req.header('host')?.toLowerCase() ?? '';
    if (!hosts.has(host)) {
      return refuse(c, 403, 'FORBIDDEN_HOST', `This host does not answer to "${host}".`, {
        host,
        fix: 'Reach it at the address it listens on, or set PUBLIC_URL (or ALLOWED_HOSTS) to the name it is reached by.',
      });
    }

    const origin = c.req.header('origin');
    const foreign = origin !== undefined && !isOwnOrigin(origin, hosts);
    if (foreign && !allowedOrigins.has(parsedOrigin(origin) ?? origin)) {
      return refuse(c, 403, 'FOREIGN_ORIGIN', `Requests from ${origin} are not allowed.`, {
        origin,
        fix: 'Add the origin to ALLOWED_ORIGINS (comma-separated) if its pages should call this host.',
      });
    }

    if (
      (c.req.path.startsWith('/api/') || c.req.path === '/mcp' || c.req.path === '/mcp/') &&
      BODY_METHODS.has(c.req.method) &&
      hasBody(c)
    ) {
      const contentType = c.req.header('content-type');
      if (mediaType(contentType) !== 'application/json') {
        return refuse(
          c,
          415,
          'UNSUPPORTED_MEDIA_TYPE',
          'The request body must be JSON: send Content-Type: application/json.',
          {
            contentType: contentType ?? null,
          },
        );
      }
    }

    return foreign ? withCors(c, next) : next();
  };
}

/**
 * The `Host` values of a host listening on `hostname:port`. A loopback or unspecified address is reached under
 * every loopback name; any other under its own only.
 */
export function listeningHosts(hostname: string, port: number): string[] {
  const own = `${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`;
  const loopback = /^(127\.\d+\.\d+\.\d+|localhost|::1|0\.0\.0\.0|::)$/.test(hostname);
  return loopback ? [...new Set([own, `127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`])] : [own];
}

/** `host[:port]` of a URL (`https://x.example.com` → `x.example.com`), for PUBLIC_URL and ALLOWED_HOSTS entries. */
export function hostOf(value: string): string {
  try {
    return new URL(value.includes('://') ? value : `http://${value}`).host;
  } catch {
    throw new Error(`"${value}" is not a host name or URL.`);
  }
}

/** Entries of a comma- or space-separated environment variable. */
export function listFromEnvironment(value: string | undefined): string[] {
  return (value ?? '').split(/[\s,]+/).filter(Boolean);
}

/** A configured origin, normalised (`https://A.example.com/` → `https://a.example.com`); `null` stays as it is. */
function originOf(value: string): string {
  if (value === 'null') return value;
  const origin = parsedOrigin(value);
  if (!origin) throw new Error(`"${value}" is not an origin such as https://flows.example.com.`);
  return origin;
}

function parsedOrigin(value: string): string | undefined {
  try {
    const { origin } = new URL(value);
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

function isOwnOrigin(origin: string, hosts: Set<string>): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && hosts.has(url.host);
  } catch {
    return false;
  }
}

function hasBody(c: Context): boolean {
  const length = c.req.header('content-length');
  return (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined;
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}

function refuse(c: Context, status: 403 | 415, code: string, message: string, details: Record<string, unknown>) {
  return c.json({ error: { code, kind: 'validation', message, details } }, status);
}
