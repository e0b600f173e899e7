/**
 * @module A host route's JSON body: an object whose top-level fields the route knows (issue 20, item 4). A stray
 * field is refused, not ignored: `{"conection": …}` (a typo) must not run on the host's default org, nor
 * `{"inputs": …}` list every user with no filter. The check is the one input fields get (lib/unknown-fields.ts).
 */
import type { Context } from 'hono';
import { ConnectionError, type FieldIssue, ValidationError } from '../lib/errors.ts';
import type { ConnectionInput } from '../lib/runtime.ts';
import { closestField } from '../lib/unknown-fields.ts';

export type Body = Record<string, unknown>;

/** An empty body is `{}`; anything but a JSON object, or a field not in `fields`, is refused before the runtime runs. */
export async function readBody(c: Context, fields: readonly string[]): Promise<Body> {
  const text = await c.req.text();
  if (!text.trim()) return {};
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ValidationError('The request body is not valid JSON.', [], { code: 'INVALID_JSON' });
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ValidationError('The request body must be a JSON object.', [], { code: 'INVALID_JSON' });
  }
  const issues: FieldIssue[] = [];
  // Own keys only, compared with `includes`: `__proto__` or `constructor` is a field like any other here.
  for (const key of Object.keys(body)) {
    if (fields.includes(key)) continue;
    const closest = closestField(key, [...fields]);
    const shown = key.length > 80 ? `${key.slice(0, 80)}…` : key;
    issues.push({
      path: shown,
      message: closest
        ? `Unknown field; did you mean "${closest}"?`
        : `Unknown field; this route takes ${fields.map((name) => `"${name}"`).join(', ')}`,
    });
  }
  if (issues.length > 0) {
    const names = issues.map((issue) => `"${issue.path}"`).join(', ');
    throw new ValidationError(
      `The request body has ${issues.length === 1 ? 'a field' : 'fields'} this route does not know: ${names} (${issues[0]?.message}).`,
      issues,
      { code: 'UNKNOWN_INPUT_FIELD' },
    );
  }
  return body as Body;
}

/**
 * The body's `connection`, checked for its shape (issue 20, item 15): undefined when absent (the host's default
 * is used), else an object `{ type, fields }`; a string or a number is said to be one, not reported as missing.
 */
export function explicitConnection(body: Body): ConnectionInput | undefined {
  const connection = body.connection;
  if (connection === undefined) return undefined;
  if (typeof connection !== 'object' || connection === null || Array.isArray(connection)) {
    const given = connection === null ? 'null' : Array.isArray(connection) ? 'an array' : `a ${typeof connection}`;
    throw new ConnectionError(
      'INVALID_CONNECTION',
      `"connection" must be an object { type, fields }, e.g. {"type":"apiToken","fields":{"domain":…,"apiToken":…}}, not ${given}; leave it out to use the host's default connection.`,
      { details: { issues: [{ path: 'connection', message: `Expected an object { type, fields }, got ${given}` }] } },
    );
  }
  return connection as ConnectionInput;
}

export function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(`"${name}" must be a string.`, [{ path: name, message: 'Expected a string' }]);
  }
  return value;
}
