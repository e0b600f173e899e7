/**
 * @module How long an input may be, checked before anything is sent (issue 20): from Okta's spec where it says, from
 * practice where it does not. Without a bound, a 100 KB id or 40,000 query parameters went to Okta and came back as
 * its 431, reported as kind `okta`; with one, the field is named and nothing is sent. docs/architecture.md lists them.
 */
import { z } from 'zod';

export const BOUNDS = {
  /** Okta's ids are 20 characters (`00ub0oNGTSWTBKOLGLNR`); some objects take a name instead (a relationship). */
  id: 255,
  /** A user's login or email: the spec's `maxLength` of `profile.login` and `profile.email`. */
  login: 100,
  /** A search or filter expression: no bound in the spec; Okta's front door refuses URLs of a few KB. */
  expression: 2048,
  /** A quick find (`q`): a starts-with match on a name or an email. */
  quickFind: 255,
  /** A name sent in a query: a property to sort by (`profile.lastName`), an event type (`user.lifecycle.create`). */
  name: 255,
  /** An `after` cursor: opaque, but a user id, a number, a uuid or a short token in practice (docs/okta.md §2.1). */
  cursor: 1024,
  /** Query parameters one call may add (`extraQuery`, rawRequest's `query`), and the length of each name and value. */
  queryParameters: 50,
  queryName: 128,
  queryValue: 2048,
} as const;

/** What an `after` cursor is made of: letters, digits and the few marks base64 and Okta's tokens use. */
export const CURSOR = /^[A-Za-z0-9._~:=+/-]+$/;

/** `2048` → `2,048`, as `toLocaleString('en')` writes it, without loading ICU's locale data at import (~30 ms). */
const grouped = (count: number) => String(count).replace(/\B(?=(\d{3})+$)/g, ',');
const tooLong = (what: string, max: number) => `Too long: ${what} is at most ${grouped(max)} characters`;

/** An Okta search or filter expression (`search`, `filter`), trimmed, never empty. */
export const expressionText = () =>
  z.string().trim().min(1).max(BOUNDS.expression, tooLong('an expression', BOUNDS.expression));

/** A quick find (`q`), trimmed, never empty. */
export const quickFindText = () =>
  z.string().trim().min(1).max(BOUNDS.quickFind, tooLong('a quick find', BOUNDS.quickFind));

/** A name sent in a query (`sortBy`, `eventType`), trimmed, never empty. */
export const nameText = () => z.string().trim().min(1).max(BOUNDS.name, tooLong('a name', BOUNDS.name));

/** An `after` cursor: what a previous page gave, never something else. */
export const cursorText = () =>
  z
    .string()
    .min(1)
    .max(BOUNDS.cursor, tooLong('a cursor', BOUNDS.cursor))
    .regex(CURSOR, 'Not a cursor: pass the nextCursor a previous run returned, as it is');

/** An id: trimmed, never empty, at most `BOUNDS.id`. */
export const idText = (empty: string) => z.string().trim().min(1, empty).max(BOUNDS.id, tooLong('an id', BOUNDS.id));

/** An id or a login (a user reference): at most a login's length. */
export const loginOrIdText = (empty: string) =>
  z.string().trim().min(1, empty).max(BOUNDS.login, tooLong('a login or id', BOUNDS.login));

/** Query parameters sent as they are: a bounded count, names and values. */
export function queryRecord<V extends z.ZodType>(value: V) {
  return z
    .record(z.string().max(BOUNDS.queryName, tooLong('a parameter name', BOUNDS.queryName)), value)
    .refine((query) => Object.keys(query).length <= BOUNDS.queryParameters, {
      message: `Too many query parameters: at most ${BOUNDS.queryParameters}`,
    });
}

/** A query value: at most `BOUNDS.queryValue`. */
export const queryValueText = () => z.string().max(BOUNDS.queryValue, tooLong('a parameter value', BOUNDS.queryValue));
