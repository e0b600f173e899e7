import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { ValidationError } from '../../lib/errors.ts';
import { cursorOf } from '../../lib/http/client.ts';
import { decodeFully, pathProblem as unsafePathProblem } from '../../lib/http/path.ts';
import { callerHeaderProblem } from '../../lib/http/preflight.ts';
import { apiPathProblem, isWellKnown } from '../../lib/operations.ts';
import { BOUNDS, queryRecord, queryValueText } from '../../lib/schemas/bounds.ts';
import { withRules } from '../../lib/schemas/rules.ts';

/**
 * Set by the connection; a caller who could set them could impersonate. The transport's own (hop-by-hop, framing,
 * `Proxy-*`) are refused by `callerHeaderProblem` (lib/http/preflight.ts).
 */
const CREDENTIAL_HEADERS = new Set(['authorization', 'dpop', 'cookie']);

/** Why a path is refused, or undefined when it is a plain path on the org. */
function pathProblem(path: string): string | undefined {
  if (!path.startsWith('/')) return 'Start the path with "/", e.g. /api/v1/users: it is relative to the org';
  // `//host` and `/\host` are network-path references: a URL parser sends them to another host.
  if (path.startsWith('//') || path.includes('\\')) return 'The path must stay on the org: no "//" or "\\"';
  // Control characters and spaces, which URL parsers strip or split on.
  if ([...path].some((c) => c.charCodeAt(0) <= 0x20 || c.charCodeAt(0) === 0x7f))
    return 'The path must not contain spaces or control characters';
  if (path.includes('#')) return 'The path must not contain a fragment (#)';
  // The same refusal the client makes of every path (lib/http/path.ts), named here on the field.
  const unsafe = unsafePathProblem(path);
  if (unsafe) return `The path cannot be sent: ${unsafe}`;
  const segments = (path.split('?')[0] ?? '').split('/').map(decodeFully);
  if (segments.some((segment) => /[/\\]/.test(segment))) return 'The path must not hold an encoded "/" or "\\"';
  return apiPathProblem(path.split('?')[0] ?? '');
}

const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export default defineAction({
  key: 'rawRequest',
  label: 'Raw Request',
  description:
    'Call any Okta endpoint of the org with the connection’s credentials, rate limiting and retries (GET, PUT and ' +
    'DELETE are retried after a server error or after a lost answer; POST and PATCH are not). The path must ' +
    'stay on the org.',
  area: 'misc',
  scopes: [],
  hints: { readOnly: false, destructive: true, idempotent: false },
  // Any operation of the org, by a path and headers the caller gives.
  operations: 'any',
  throws: ['INVALID_HEADER', 'INVALID_PATH', 'CROSS_ORIGIN'],
  input: withRules(
    z.object({
      method: z.enum(methods).default('GET').meta({ label: 'Method', description: 'The HTTP method.' }),
      path: z
        .string()
        .trim()
        .min(1)
        .max(BOUNDS.expression, `Too long: a path is at most ${BOUNDS.expression} characters`)
        .superRefine((path, ctx) => {
          const problem = pathProblem(path);
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        })
        .meta({
          label: 'Path',
          description: 'Relative to the org, e.g. /api/v1/users/me; absolute URLs are refused.',
          example: '/api/v1/users/me',
          placeholder: '/api/v1/…',
        }),
      query: queryRecord(z.union([queryValueText(), z.number(), z.boolean()]))
        .optional()
        .meta({ label: 'Query parameters', description: 'Sent URL-encoded.', example: { limit: 5 } }),
      headers: z
        .record(z.string(), z.string())
        .optional()
        .superRefine((headers, ctx) => {
          for (const [name, value] of Object.entries(headers ?? {})) {
            // A name with a stray space ("authorization ") is no header at all; undici would refuse it mid-request.
            const problem = callerHeaderProblem(name, value);
            if (problem || CREDENTIAL_HEADERS.has(name.toLowerCase())) {
              ctx.addIssue({
                code: 'custom',
                path: [name],
                message: problem ?? `"${name}" is set by the connection and cannot be given here`,
              });
            }
          }
        })
        .meta({
          label: 'Headers',
          description: 'Extra request headers; Authorization and DPoP come from the connection.',
          example: { 'If-Match': 'W/"1234567890abcdef"' },
        }),
      body: z
        .unknown()
        .optional()
        .meta({
          label: 'Body',
          description: 'Sent as JSON.',
          example: { profile: { nickName: 'Ada' } },
        }),
    }),
    [
      {
        ok: (i) => i.body === undefined || !(i.method === 'GET' || i.method === undefined),
        path: ['body'],
        message: 'A GET request has no body: use Query parameters, or another method',
      },
      {
        ok: (i) =>
          i.method === 'GET' ||
          i.method === undefined ||
          typeof i.path !== 'string' ||
          !isWellKnown(i.path.trim().split('?')[0] ?? ''),
        path: ['method'],
        message: 'A /.well-known/ document is only read: use GET',
      },
    ],
  ),
  output: z.object({
    status: z.number().int().meta({ description: 'The HTTP status Okta answered with.' }),
    headers: z.record(z.string(), z.string()).meta({ description: 'The response headers.' }),
    body: z.unknown().meta({ description: 'The parsed JSON body; absent when there is none.' }),
    nextCursor: z.string().optional().meta({ description: 'The after cursor of the rel="next" link, if any.' }),
    nextUrl: z.string().optional().meta({ description: 'The rel="next" link, on the org, if any.' }),
  }),
  examples: [
    { input: { method: 'GET', path: '/api/v1/users', query: { limit: 2, search: 'status eq "ACTIVE"' } } },
    { input: { method: 'POST', path: '/api/v1/users/00ub0oNGTSWTBKOLGLNR/lifecycle/unlock' } },
  ],
  async run({ input, okta, signal }) {
    // The client refuses any URL off the org's origin too; this check names the problem before anything is sent.
    const url = okta.url(input.path);
    if (url.origin !== okta.origin || pathProblem(url.pathname)) {
      throw new ValidationError('The path must stay on the org.', [{ path: 'path', message: 'Not on the org' }]);
    }
    const response = await okta.request<unknown>({
      method: input.method,
      path: input.path,
      query: input.query,
      headers: input.headers,
      body: input.body,
      signal,
    });
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    const next = response.links.next;
    return {
      status: response.status,
      headers,
      body: response.data,
      ...(next ? { nextUrl: next, nextCursor: cursorOf(next) } : {}),
    };
  },
});
