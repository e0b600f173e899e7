/**
 * @module Cross-field rules on action inputs.
 *
 * zod skips an object's refinements once one of its fields fails, so a bad input would be reported in rounds.
 * Rules built here always run, and so must read the raw values defensively: one run names every bad field.
 */
import type { z } from 'zod';

export interface Rule<T> {
  /** True when the input is acceptable. Values may be of the wrong type when other fields failed. */
  ok: (input: Partial<Record<keyof T, unknown>>) => boolean;
  path: (keyof T & string)[];
  message: string;
}

export function withRules<S extends z.ZodObject>(schema: S, rules: Rule<z.input<S>>[]): S {
  return rules.reduce(
    (checked, rule) =>
      checked.refine((input) => rule.ok((input ?? {}) as Partial<Record<keyof z.input<S>, unknown>>), {
        path: rule.path,
        message: rule.message,
        when: () => true,
      }) as S,
    schema,
  );
}

export function isSet(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '';
}

type Searchable = Record<'search' | 'filter' | 'q' | 'after' | 'sortBy' | 'sortOrder', unknown>;

/** What Okta refuses in a search, filter or quick find of users or groups (docs/okta.md §2.3, §2.4). */
export function searchRules<T extends Partial<Searchable>>(): Rule<T>[] {
  return [
    {
      // Okta answers E0000033.
      ok: (i) => !(isSet(i.search) && isSet(i.filter)),
      path: ['filter' as keyof T & string],
      message: 'Okta cannot combine Search and Filter in one request: put the whole condition in Search',
    },
    {
      ok: (i) => !(isSet(i.q) && isSet(i.after)),
      path: ['after' as keyof T & string],
      message: 'Quick find (q) has no further pages: Okta does not page it. Use Search to page through matches',
    },
    {
      ok: (i) => isSet(i.search) || !(isSet(i.sortBy) || isSet(i.sortOrder)),
      path: ['sortBy' as keyof T & string],
      message: 'Okta sorts only search results: give a Search with Sort by',
    },
  ];
}
