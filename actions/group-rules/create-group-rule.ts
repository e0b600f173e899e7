import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { createOnce, oktaAnswered } from '../../lib/idempotent-create.ts';
import { GroupRule } from '../../lib/schemas/group-rule.ts';
import {
  conditionsOf,
  excludedUserIds,
  groupRuleExpression,
  groupRuleName,
} from '../../lib/schemas/group-rule-input.ts';
import { groupRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'createGroupRule',
  label: 'Create Group Rule',
  description:
    'Create a rule that puts every user matching a condition into groups. Okta creates it inactive; turn on ' +
    'Activate to start it at once. After a lost answer, the name is looked up before ' +
    'the rule is sent again: one rule, never two.',
  area: 'group-rules',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  operations: [
    'POST /api/v1/groups/rules',
    'GET /api/v1/groups/rules',
    'POST /api/v1/groups/rules/{ruleId}/lifecycle/activate',
    'GET /api/v1/groups/rules/{ruleId}',
  ],
  input: z.object({
    name: groupRuleName,
    expression: groupRuleExpression,
    groupIds: z
      .array(groupRef)
      .min(1)
      .max(100)
      .meta({
        label: 'Groups',
        description: 'The groups (OKTA_GROUP) matching users join; cannot be changed later.',
        example: ['00g1emaKYZTWRYYRRTSK'],
      }),
    excludedUserIds: excludedUserIds.default([]),
    activate: z.boolean().default(false).meta({
      label: 'Activate',
      description: 'Activate the rule once created, so that it assigns the users who match now.',
    }),
  }),
  output: GroupRule,
  examples: [
    {
      input: {
        name: 'Engineering department',
        expression: 'user.department=="Engineering"',
        groupIds: ['00g1emaKYZTWRYYRRTSK'],
        activate: true,
      },
    },
  ],
  async run({ input, okta, signal, log }) {
    // A POST is never resent blindly: after an answer that may have been lost, the rule's name is looked up first.
    const rule = await createOnce({
      what: 'group rule',
      send: async () =>
        (
          await okta.request<GroupRule>({
            method: 'POST',
            path: '/api/v1/groups/rules',
            body: {
              type: 'group_rule',
              name: input.name,
              conditions: conditionsOf(input.expression, input.excludedUserIds),
              actions: { assignUserToGroups: { groupIds: input.groupIds } },
            },
            signal,
          })
        ).data,
      lookup: async () => {
        // `search` is a keyword on the name: the exact name, expression and groups are checked here.
        const { data } = await okta.request<GroupRule[]>({
          path: '/api/v1/groups/rules',
          query: { search: input.name, limit: 200 },
          signal,
        });
        return (Array.isArray(data) ? data : []).find(
          (found) =>
            found.name === input.name &&
            found.conditions?.expression?.value === input.expression &&
            sameIds(found.actions?.assignUserToGroups?.groupIds ?? [], input.groupIds),
        );
      },
      // Okta refuses a name that exists: 400 E0000001.
      isConflict: (error) => oktaAnswered(error, 400, 'E0000001'),
      log,
    });
    if (!input.activate) return rule;
    const path = pathOf('/api/v1/groups/rules/{ruleId}', { ruleId: rule.id });
    // Activating twice changes nothing, so this call may be retried.
    await okta.request({
      method: 'POST',
      path: pathOf('/api/v1/groups/rules/{ruleId}/lifecycle/activate', { ruleId: rule.id }),
      idempotent: true,
      signal,
    });
    return (await okta.request<GroupRule>({ path, signal })).data;
  },
});

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
