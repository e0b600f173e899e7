import { z } from 'zod';
import { collectionPicklist } from '../lib/picklist.ts';
import { type Policy, PolicyType } from '../lib/schemas/directory.ts';

export default collectionPicklist<Policy, z.ZodObject<{ type: typeof PolicyType }>>({
  key: 'selectPolicy',
  label: 'Select Policy',
  description: 'Policies of one type, in priority order, searched on Okta by the start of their name.',
  scopes: ['okta.policies.read'],
  // Okta lists policies one type at a time (`type` is required, spec listPolicies).
  input: z.object({ type: PolicyType }),
  dependsOn: ['type'],
  path: '/api/v1/policies',
  query: (input) => ({ type: input.type }),
  // `q` is a starts-with match on the name (spec listPolicies); it is a plain text, not an expression.
  search: (text) => ({ q: text }),
  toOption: (policy) => ({
    value: policy.id,
    label: policy.name,
    description: [
      policy.status === 'ACTIVE' ? 'Active' : 'Inactive',
      policy.priority ? `priority ${policy.priority}` : undefined,
      policy.system ? 'default policy' : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
  }),
});
