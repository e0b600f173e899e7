/**
 * @module Paths on the org, built from templates: every `{placeholder}` is exactly one path segment.
 *
 * `encodeURIComponent` leaves `.` alone, and the URL standard resolves `.` and `..` segments, `%2e` included: an id of
 * `..` would turn `DELETE /api/v1/groups/{groupId}/users/{userId}` into `DELETE /api/v1/users/{userId}` (issue 7).
 * So a value that is empty, `.` or `..`, that decodes to them, or that holds `/` or `\` once decoded (a proxy or
 * server decoding twice would split it) is a validation error naming its field, before any request is sent.
 * `OktaClient` refuses any path with such a segment as the last line of defence (`pathProblem`).
 */
import { ValidationError } from '../errors.ts';

/**
 * Percent-decodes the ASCII escapes of a value until nothing changes, as a chain of decoders would: `%252e` becomes
 * `%2e`, then `.`. Escapes of non-ASCII bytes and stray `%` are left as they are (they cannot spell `.`, `/`, `\`).
 */
export function decodeFully(value: string): string {
  if (!value.includes('%')) return value; // most ids: nothing to decode
  let current = value;
  for (;;) {
    const next = current.replace(/%([0-7][0-9a-f])/gi, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (next === current) return current;
    current = next;
  }
}

const isDotSegment = (value: string) => value === '.' || value === '..';

/** Why a value cannot be one path segment, or undefined when it can. */
export function segmentProblem(value: string): string | undefined {
  if (value === '') return 'must not be empty';
  const decoded = decodeFully(value);
  if (isDotSegment(decoded)) {
    return `cannot be "." or ".." (here ${JSON.stringify(value)}): as a URL path segment it would call another Okta endpoint`;
  }
  if (/[/\\]/.test(decoded)) return 'cannot hold "/" or "\\", encoded or not: an id is one path segment';
  return undefined;
}

/** The value as one URL-encoded path segment; a ValidationError naming `field` when it cannot be one. */
export function segment(field: string, value: unknown): string {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') {
    throw new ValidationError(`Invalid input: ${field}: Required.`, [{ path: field, message: 'Required' }]);
  }
  const problem = segmentProblem(value);
  if (problem) throw new ValidationError(`Invalid input: ${field}: ${problem}.`, [{ path: field, message: problem }]);
  return encodeURIComponent(value);
}

/** The names of a template's placeholders, in order: `['groupId', 'userId']`. */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
}

/**
 * `pathOf('/api/v1/groups/{groupId}/users/{userId}', { groupId, userId })`: each placeholder filled as one encoded
 * segment, named in the error when its value cannot be one.
 */
export function pathOf(template: string, values: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => segment(name, values[name]));
}

/**
 * Why the client must not send this path (relative, or an absolute URL such as a `next` link), or undefined: an empty
 * segment (`//`, a trailing `/`) or a dot segment, plain, percent-encoded or hidden behind a decoded `/` or `\`.
 * Only the path is read, not the query or fragment.
 */
export function pathProblem(path: string): string | undefined {
  const withoutOrigin = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i, '');
  const pathname = withoutOrigin.split(/[?#]/, 1)[0] ?? '';
  // URL parsers read `\` as `/` in http(s) paths.
  const segments = pathname.split(/[/\\]/);
  if (segments[0] === '') segments.shift();
  for (const part of segments) {
    if (part === '') return 'it has an empty segment ("//" or a trailing "/")';
    if (decodeFully(part).split(/[/\\]/).some(isDotSegment)) {
      return 'it has a "." or ".." segment, plain or percent-encoded, which would call another Okta endpoint';
    }
  }
  return undefined;
}
