import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { GroupRule } from '../../lib/schemas/group-rule.ts';
import {
  conditionsOf,
  excludedUserIds,
  groupRuleExpression,
  groupRuleName,
} from '../../lib/schemas/group-rule-input.ts';
import { groupRuleRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'updateGroupRule',
  label: 'Update Group Rule',
  description:
    "Change an inactive group rule's name, condition or excluded users; what is left empty stays as it is. Okta " +
    'refuses changes to an active rule (deactivate it first) and never changes its groups.',
  area: 'group-rules',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  operations: ['GET /api/v1/groups/rules/{ruleId}', 'PUT /api/v1/groups/rules/{ruleId}'],
  input: z.object({
    ruleId: groupRuleRef,
    name: groupRuleName.optional(),
    expression: groupRuleExpression.optional(),
    excludedUserIds: excludedUserIds.optional(),
  }),
  output: GroupRule,
  examples: [{ input: { ruleId: '0pr3f7zMZZHPgUoWO0g4', expression: 'user.department=="Platform"' } }],
  async run({ input, okta, signal }) {
    const path = pathOf('/api/v1/groups/rules/{ruleId}', { ruleId: input.ruleId });
    const { data: rule } = await okta.request<GroupRule>({ path, signal });
    // PUT replaces the rule (spec replaceGroupRule), so what is not changed is sent back as it is, actions included.
    const { data } = await okta.request<GroupRule>({
      method: 'PUT',
      path,
      body: {
        type: 'group_rule',
        name: input.name ?? rule.name,
        conditions: conditionsOf(
          input.expression ?? rule.conditions?.expression?.value ?? '',
          input.excludedUserIds ?? rule.conditions?.people?.users?.exclude ?? [],
        ),
        actions: rule.actions,
      },
      signal,
    });
    return data;
  },
});
