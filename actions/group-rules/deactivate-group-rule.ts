import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { GroupRule } from '../../lib/schemas/group-rule.ts';
import { groupRuleRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'deactivateGroupRule',
  label: 'Deactivate Group Rule',
  description:
    'Deactivate a group rule: it stops assigning users. The members it added stay in its groups (delete the rule with Remove its users to take them out). Running it again changes nothing.',
  area: 'group-rules',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ ruleId: groupRuleRef }),
  output: GroupRule,
  examples: [{ input: { ruleId: '0pr3f7zMZZHPgUoWO0g4' } }],
  request: {
    // 204 with no body: the rule is read back to show its status. An INVALID rule answers 400 E0000001.
    method: 'POST',
    path: '/api/v1/groups/rules/{ruleId}/lifecycle/deactivate',
    idempotent: true,
    readBack: { method: 'GET', path: '/api/v1/groups/rules/{ruleId}' },
  },
});
