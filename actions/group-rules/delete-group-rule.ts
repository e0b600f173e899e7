import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { isOktaApiError } from '../../lib/errors.ts';
import { pathOf } from '../../lib/http/path.ts';
import { type GroupRule, GroupRuleStatus } from '../../lib/schemas/group-rule.ts';
import { groupRuleRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'deleteGroupRule',
  label: 'Delete Group Rule',
  description:
    'Delete a group rule, deactivating it first when it is active. Its members stay in its groups unless Remove its ' +
    'users is on. This cannot be undone. ' +
    'After a lost answer, running it again on a deleted rule fails with not found.',
  area: 'group-rules',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  operations: [
    'GET /api/v1/groups/rules/{ruleId}',
    'POST /api/v1/groups/rules/{ruleId}/lifecycle/deactivate',
    'DELETE /api/v1/groups/rules/{ruleId}',
  ],
  input: z.object({
    ruleId: groupRuleRef,
    removeUsers: z.boolean().default(false).meta({
      label: 'Remove its users',
      description: 'Also take the users the rule added out of its groups.',
    }),
  }),
  output: z.object({
    ruleId: z.string().meta({ description: 'The id the deleted rule had.' }),
    name: z.string().meta({ description: 'The name the deleted rule had.' }),
    previousStatus: GroupRuleStatus,
    deactivated: z.boolean().meta({ description: 'True when the rule had to be deactivated before deletion.' }),
  }),
  examples: [
    {
      input: { ruleId: '0pr3f7zMZZHPgUoWO0g4', removeUsers: true },
      output: { ruleId: '0pr3f7zMZZHPgUoWO0g4', name: 'Engineering', previousStatus: 'ACTIVE', deactivated: true },
    },
  ],
  async run({ input, okta, signal }) {
    const path = pathOf('/api/v1/groups/rules/{ruleId}', { ruleId: input.ruleId });
    const { data: rule } = await okta.request<GroupRule>({ path, signal });
    const deactivated = rule.status === 'ACTIVE';
    // Okta deletes only rules that are not active, as its Admin Console does.
    if (deactivated)
      await okta.request({
        method: 'POST',
        path: pathOf('/api/v1/groups/rules/{ruleId}/lifecycle/deactivate', { ruleId: rule.id }),
        idempotent: true,
        signal,
      });
    try {
      await okta.request({ method: 'DELETE', path, query: { removeUsers: input.removeUsers }, signal });
    } catch (error) {
      // A retried DELETE whose first attempt went through finds the rule gone: that is the goal reached.
      if (!isOktaApiError(error, 404)) throw error;
    }
    return { ruleId: rule.id, name: rule.name, previousStatus: rule.status, deactivated };
  },
});
