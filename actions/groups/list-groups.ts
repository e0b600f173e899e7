import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { expressionText, nameText, quickFindText } from '../../lib/schemas/bounds.ts';
import { Group } from '../../lib/schemas/group.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';
import { searchRules, withRules } from '../../lib/schemas/rules.ts';

const fields = {
  search: expressionText()
    .optional()
    .meta({
      label: 'Search',
      description:
        'Okta search expression (sw, eq, co) on any group profile attribute, id, type, created, lastUpdated, ' +
        'lastMembershipUpdated or source.id; may lag a second behind changes.',
      example: 'profile.name sw "Engineering" and type eq "OKTA_GROUP"',
    }),
  filter: expressionText().optional().meta({
    label: 'Filter',
    description: 'Okta filter on id, type, lastUpdated or lastMembershipUpdated.',
    example: 'type eq "OKTA_GROUP"',
  }),
  q: quickFindText().optional().meta({
    label: 'Quick find',
    description: 'Starts-with match on the group name. Okta does not page it: one page, at most 300 groups.',
    example: 'Eng',
  }),
  expand: z.enum(['stats', 'app']).optional().meta({
    label: 'Include',
    description: 'stats adds member and app counts (_embedded.stats); app adds the source app of app groups.',
  }),
  sortBy: nameText().optional().meta({
    label: 'Sort by',
    description: 'A property to sort by, with Search only.',
    example: 'profile.name',
  }),
  sortOrder: z.enum(['asc', 'desc']).optional().meta({ label: 'Sort order', description: 'With Sort by.' }),
  // Okta's schema allows 10,000 per page but recommends at most 200 (docs/okta.md §2.2).
  ...listFields({ defaultLimit: 200, maxLimit: 10_000 }),
};
// Every field above is reserved: Extra query parameters cannot override one.
const input = z.object(withExtraQuery(fields));

export default defineAction({
  key: 'listGroups',
  label: 'List Groups',
  description: 'List groups, all of them or those matching a search, a filter or a quick find by name.',
  area: 'groups',
  scopes: ['okta.groups.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: withRules(input, searchRules()),
  output: listOutput(Group),
  examples: [
    { input: { search: 'profile.name sw "Eng"', expand: 'stats' } },
    { input: { filter: 'type eq "OKTA_GROUP"', fetchAll: true, maxRecords: 2000 } },
  ],
  request: {
    method: 'GET',
    path: '/api/v1/groups',
    query: ['search', 'filter', 'q', 'expand', 'sortBy', 'sortOrder'],
    extraQuery: true,
    // q cannot be paged and stops at 300 (docs/okta.md §2.4).
    list: { unpaged: { when: 'q', maxLimit: 300 } },
  },
});
