/**
 * @module The common shape of a picklist: one Okta collection, one page per call, search sent to Okta.
 *
 * A picker answers in one round trip on any org size: it asks Okta for one page (the search, when given, goes into
 * the query, never "download everything and filter"), and hands back Okta's own `after` cursor for the next page.
 * Peers that list the whole directory on every keystroke, or stop at the first 200 records, are what this avoids
 * (docs/peers.md). Endpoints with no server-side search filter each page as it comes (`matches`), still one
 * request per call.
 */
import { z } from 'zod';
import type { DataSourceDefinition, Option } from './define.ts';
import type { QueryValue } from './http/client.ts';
import { pathOf } from './http/path.ts';
import { fromCallerCursor } from './list.ts';

/** Records per picker page: enough to fill a dropdown, small enough to answer fast. */
export const PICKLIST_PAGE_SIZE = 50;

export interface CollectionPicklist<I extends z.ZodObject, T> {
  key: string;
  label: string;
  description: string;
  scopes: string[];
  /** The inputs the path needs (`{ userId }` for a user's factors); none by default. */
  input?: I;
  /** Input keys whose values this picklist needs; each must be a key of `input` (checked when defined). */
  dependsOn?: (keyof z.output<I> & string)[];
  /** Relative to the org, with `{inputKey}` placeholders filled as single path segments. */
  path: string;
  /** Query sent on every call (`expand: 'stats'`, `type: …`). */
  query?: (input: z.output<I>) => Record<string, QueryValue>;
  /** The query that makes Okta search: quote and escape the text (`lib/scim.ts`) so it can never change the query. */
  search?: (text: string, input: z.output<I>) => Record<string, QueryValue>;
  /** For endpoints Okta cannot search: keeps the records of the page that match the text. */
  matches?: (item: T, text: string) => boolean;
  /** False for endpoints that take no `limit` (they answer every record in one page). */
  paged?: boolean;
  toOption: (item: T) => Option;
}

export function collectionPicklist<T, I extends z.ZodObject = z.ZodObject<Record<string, never>>>(
  spec: CollectionPicklist<I, T>,
): DataSourceDefinition<I> {
  const input = spec.input ?? (z.object({}) as unknown as I);
  const dependsOn = spec.dependsOn ?? [];
  const known = Object.keys(input.shape);
  for (const name of dependsOn) {
    if (!known.includes(name)) {
      throw new Error(`Picklist "${spec.key}" depends on "${name}", which is not one of its inputs (${known}).`);
    }
  }
  if (spec.search && spec.matches) {
    throw new Error(`Picklist "${spec.key}": give either a server-side search or a page filter, not both.`);
  }
  const paged = spec.paged ?? true;
  return {
    key: spec.key,
    label: spec.label,
    description: spec.description,
    scopes: spec.scopes,
    dependsOn,
    input,
    operations: [`GET ${spec.path}`],
    async list({ input: values, okta, search, cursor, signal }) {
      const query: Record<string, QueryValue> = {
        ...spec.query?.(values),
        ...(search && spec.search ? spec.search(search, values) : {}),
        ...(paged ? { limit: PICKLIST_PAGE_SIZE, after: cursor } : {}),
      };
      const path = pathOf(spec.path, values as Record<string, unknown>);
      const page = await fromCallerCursor('cursor', cursor, () => okta.page<T>({ path, query, signal }));
      const items = search && spec.matches ? page.items.filter((item) => spec.matches?.(item, search)) : page.items;
      return { options: items.map(spec.toOption), nextCursor: paged ? page.nextCursor : undefined };
    },
  };
}

/** Case-insensitive "contains" over a record's visible texts, for `matches`. */
export function textMatches(text: string, ...fields: (string | null | undefined)[]): boolean {
  const needle = text.toLowerCase();
  return fields.some((field) => field?.toLowerCase().includes(needle));
}
