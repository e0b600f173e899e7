import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { GroupRule } from '../../lib/schemas/group-rule.ts';
import { groupRuleRef } from '../../lib/schemas/refs.ts';

export const expandGroupNames = z.enum(['groupIdToGroupNameMap']).optional().meta({
  label: 'Include group names',
  description: "groupIdToGroupNameMap adds the names of the rule's groups (_embedded.groupIdToGroupNameMap).",
});

export default defineAction({
  key: 'getGroupRule',
  label: 'Get Group Rule',
  description: 'Get a group rule by its id: its condition, groups, excluded users and status.',
  area: 'group-rules',
  scopes: ['okta.groups.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ ruleId: groupRuleRef, expand: expandGroupNames }),
  output: GroupRule,
  examples: [{ input: { ruleId: '0pr3f7zMZZHPgUoWO0g4', expand: 'groupIdToGroupNameMap' } }],
  request: { method: 'GET', path: '/api/v1/groups/rules/{ruleId}', query: ['expand'] },
});
