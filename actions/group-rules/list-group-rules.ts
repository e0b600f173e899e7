import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { expressionText } from '../../lib/schemas/bounds.ts';
import { GroupRule } from '../../lib/schemas/group-rule.ts';
import { listFields, listOutput } from '../../lib/schemas/list.ts';
import { expandGroupNames } from './get-group-rule.ts';

export default defineAction({
  key: 'listGroupRules',
  label: 'List Group Rules',
  description: 'List the group rules of the org, all of them or those whose name holds a keyword.',
  area: 'group-rules',
  scopes: ['okta.groups.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    search: expressionText().optional().meta({
      label: 'Keyword',
      description: 'Only rules whose name holds this keyword.',
      example: 'Engineering',
    }),
    expand: expandGroupNames,
    // limit 1–200, default 50 (spec listGroupRules).
    ...listFields({ defaultLimit: 50, maxLimit: 200 }),
  }),
  output: listOutput(GroupRule),
  examples: [{ input: { search: 'Engineering' } }, { input: { fetchAll: true, expand: 'groupIdToGroupNameMap' } }],
  request: { method: 'GET', path: '/api/v1/groups/rules', query: ['search', 'expand'], list: true },
});
