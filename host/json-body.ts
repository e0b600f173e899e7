/**
 * @module The JSON body of a host API call: read once, refused with a clear error unless it is a JSON object. Its own
 * module so that the webhook routes (./hooks.ts) and the API (./server.ts) share it without importing each other.
 */
import type { Context } from 'hono';
import { ValidationError } from '../lib/errors.ts';

export type Body = Record<string, unknown>;

/** An empty body is `{}`; anything but a JSON object is refused before the runtime sees it. */
export async function readBody(c: Context): Promise<Body> {
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
  return body as Body;
}

export function optionalString(body: Body, name: string): string | undefined {
  const value = body[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(`"${name}" must be a string.`, [{ path: name, message: 'Expected a string' }]);
  }
  return value;
}
