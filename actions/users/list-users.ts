import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { expressionText, nameText, quickFindText } from '../../lib/schemas/bounds.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';
import { searchRules, withRules } from '../../lib/schemas/rules.ts';
import { User } from '../../lib/schemas/user.ts';

const fields = {
  search: expressionText()
    .optional()
    .meta({
      label: 'Search',
      description:
        'Okta search expression on any profile attribute, id, status, created, lastUpdated or type.id; includes ' +
        'deactivated users; may lag a second behind changes.',
      example: 'profile.department eq "Engineering" and status eq "ACTIVE"',
    }),
  filter: expressionText()
    .optional()
    .meta({
      label: 'Filter',
      description:
        'Okta filter on status, lastUpdated, id, profile.login, profile.email, profile.firstName or profile.lastName ' +
        '(eq only; lastUpdated also gt, ge, lt, le); up to date, includes deactivated users.',
      example: 'status eq "LOCKED_OUT"',
    }),
  q: quickFindText().optional().meta({
    label: 'Quick find',
    description: 'Starts-with match on first name, last name or email. Okta does not page it: one page only.',
    example: 'ada',
  }),
  sortBy: nameText().optional().meta({
    label: 'Sort by',
    description: 'A property to sort by, with Search only.',
    example: 'profile.lastName',
  }),
  sortOrder: z.enum(['asc', 'desc']).optional().meta({ label: 'Sort order', description: 'With Sort by.' }),
  ...listFields({ defaultLimit: 200, maxLimit: 200 }),
};
// Every field above is reserved: Extra query parameters cannot override one.
const input = z.object(withExtraQuery(fields));

export default defineAction({
  key: 'listUsers',
  label: 'List Users',
  description:
    'List users, all of them or those matching a search, a filter or a quick find. Without any, deactivated ' +
    'users are left out, as Okta does.',
  area: 'users',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: withRules(input, searchRules()),
  output: listOutput(User),
  examples: [
    { input: { search: 'profile.department eq "Engineering"', fetchAll: true, maxRecords: 5000 } },
    { input: { filter: 'status eq "SUSPENDED"', limit: 50 } },
    { input: { q: 'ada', limit: 10 } },
  ],
  request: {
    method: 'GET',
    path: '/api/v1/users',
    query: ['search', 'filter', 'q', 'sortBy', 'sortOrder'],
    extraQuery: true,
    list: {
      // q cannot be paged (docs/okta.md §2.3).
      unpaged: { when: 'q', maxLimit: 200 },
      // A stream reads `created` windows in parallel: search ranges and sorts on it, and it never changes (§2.3).
      // Without a search Okta leaves DEPROVISIONED users out, which search includes: `ne` is not supported, so the
      // window says it with lt/gt, as Okta documents. filter cannot be combined with search; q has no pages;
      // sortBy asks for an order; after continues a cursor of the plain list.
      partition: {
        attribute: 'created',
        search: 'search',
        unless: ['filter', 'q', 'sortBy', 'sortOrder', 'after'],
        everything: '(status lt "DEPROVISIONED" or status gt "DEPROVISIONED")',
      },
    },
  },
});
