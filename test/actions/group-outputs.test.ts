/**
 * The output schemas of the group and group-rule actions accept what Okta returns: each fed the response example of
 * its operation in Okta's spec (lib/data/response-examples.json), unknown fields kept.
 */
import { describe, expect, it } from 'vitest';
import { registry } from '../../connector.ts';
import responses from '../../lib/data/response-examples.json' with { type: 'json' };

const examples = responses.examples as Record<string, { status: number; example?: unknown }>;

/** Action → the operation whose answer is its output (lists: the items of `{ items }`). */
const OUTPUTS: [key: string, operation: string, list: boolean][] = [
  ['getGroup', 'GET /api/v1/groups/{groupId}', false],
  ['updateGroup', 'PUT /api/v1/groups/{groupId}', false],
  ['listGroups', 'GET /api/v1/groups', true],
  ['listGroupMembers', 'GET /api/v1/groups/{groupId}/users', true],
  ['listGroupApps', 'GET /api/v1/groups/{groupId}/apps', true],
  ['createGroupRule', 'POST /api/v1/groups/rules', false],
  ['getGroupRule', 'GET /api/v1/groups/rules/{groupRuleId}', false],
  ['listGroupRules', 'GET /api/v1/groups/rules', true],
];

describe('group output schemas against Okta’s response examples', () => {
  it.each(OUTPUTS)('%s accepts the example of %s', (key, operation, list) => {
    const action = registry.actions.find((a) => a.key === key);
    const example = examples[operation]?.example;
    expect(action, key).toBeDefined();
    expect(example, operation).toBeDefined();
    const output = list ? { items: example } : example;
    const parsed = action!.output.safeParse(output);
    expect(parsed.error?.issues ?? []).toEqual([]);
    // Unknown fields pass through.
    expect(parsed.data).toEqual(output);
  });
});
