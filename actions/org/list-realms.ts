import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { expressionText, nameText } from '../../lib/schemas/bounds.ts';
import { Realm } from '../../lib/schemas/directory.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';
import { isSet, withRules } from '../../lib/schemas/rules.ts';

const fields = {
  search: expressionText().optional().meta({
    label: 'Search',
    description: 'Okta search expression; realms support only co (contains) on profile.name.',
    example: 'profile.name co "Partner"',
  }),
  sortBy: nameText().optional().meta({
    label: 'Sort by',
    description: 'A realm property to sort by, with Search only.',
    example: 'profile.name',
  }),
  sortOrder: z.enum(['asc', 'desc']).optional().meta({ label: 'Sort order', description: 'With Sort by.' }),
  // 200 by default, 10 with a search (docs/okta.md §7.5); we always send the page size.
  ...listFields({ defaultLimit: 200, maxLimit: 200 }),
};

export default defineAction({
  key: 'listRealms',
  label: 'List Realms',
  description:
    'List the org’s realms (partitions of its users), all of them or those whose name contains a text. Realms ' +
    'need an Identity Governance, Secure Partner Access or Advanced Directory Management subscription.',
  area: 'org',
  scopes: ['okta.realms.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: withRules(z.object(withExtraQuery(fields)), [
    {
      ok: (i) => isSet(i.search) || !(isSet(i.sortBy) || isSet(i.sortOrder)),
      path: ['sortBy'],
      message: 'Okta sorts only search results: give a Search with Sort by',
    },
  ]),
  output: listOutput(Realm),
  examples: [{ input: { search: 'profile.name co "Partner"', sortBy: 'profile.name' } }, { input: { fetchAll: true } }],
  request: {
    method: 'GET',
    path: '/api/v1/realms',
    query: ['search', 'sortBy', 'sortOrder'],
    extraQuery: true,
    list: true,
  },
});
