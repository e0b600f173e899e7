/**
 * @module A path the host serves, asked with a method it does not serve there, answers 405 with an `Allow` header
 * (RFC 9110 §15.5.6), not 404: the caller learns the route exists and which methods it takes.
 */
import type { Context, Hono } from 'hono';

/** The methods registered for `path`, read from the app's routes when asked, so routes added later count too. */
export function allowedMethods(app: Hono, path: string): string[] {
  const methods = new Set<string>();
  for (const route of app.routes) {
    // Middleware (`app.use`) is registered as ALL; it serves no path by itself.
    if (route.method === 'ALL' || !patternOf(route.path).test(path)) continue;
    methods.add(route.method);
    // Hono answers HEAD with the GET handler.
    if (route.method === 'GET') methods.add('HEAD');
  }
  return [...methods].sort();
}

/** A `notFound` handler: 405 with `Allow` when the path is known under other methods, else the given 404. */
export function methodNotAllowed(app: Hono, notFound: (c: Context) => Response | Promise<Response>) {
  return (c: Context) => {
    const allow = allowedMethods(app, c.req.path);
    if (allow.length === 0) return notFound(c);
    c.header('Allow', allow.join(', '));
    return c.json(
      {
        error: {
          code: 'METHOD_NOT_ALLOWED',
          kind: 'validation',
          message: `${c.req.method} is not allowed on ${c.req.path}; use ${allow.join(' or ')}.`,
          details: { allow },
        },
      },
      405,
    );
  };
}

const patterns = new Map<string, RegExp>();

/** `/api/actions/:key` → a RegExp matching one segment per parameter; `*` matches the rest. */
function patternOf(path: string): RegExp {
  let pattern = patterns.get(path);
  if (!pattern) {
    const source = path
      .split('/')
      .map((segment) => {
        if (segment === '*') return '.*';
        if (segment.startsWith(':')) return '[^/]+';
        return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('/');
    pattern = new RegExp(`^${source}/?$`);
    patterns.set(path, pattern);
  }
  return pattern;
}
