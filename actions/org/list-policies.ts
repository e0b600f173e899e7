import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { quickFindText } from '../../lib/schemas/bounds.ts';
import { Policy, PolicyType } from '../../lib/schemas/directory.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';

const fields = {
  // Required by Okta (spec listPolicies); an enum, so a form shows it as a dropdown.
  type: PolicyType,
  status: z.enum(['ACTIVE', 'INACTIVE']).optional().meta({ label: 'Status', description: 'Only policies in it.' }),
  q: quickFindText().optional().meta({
    label: 'Name starts with',
    description: 'Only policies whose name starts with this text.',
    example: 'Contractors',
  }),
  expand: z.enum(['rules']).optional().meta({
    label: 'Include rules',
    description: 'rules adds each policy’s rules (_embedded.rules).',
  }),
  sortBy: z.enum(['name']).optional().meta({ label: 'Sort by', description: 'name sorts by name, ascending.' }),
  ...listFields({ defaultLimit: 20, maxLimit: 200 }),
};

export default defineAction({
  key: 'listPolicies',
  label: 'List Policies',
  description:
    'List the policies of one type (global session, app sign-in, password, authenticator enrollment…), in ' +
    'priority order, with their rules if asked.',
  area: 'org',
  scopes: ['okta.policies.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object(withExtraQuery(fields)),
  output: listOutput(Policy),
  examples: [{ input: { type: 'OKTA_SIGN_ON', status: 'ACTIVE', expand: 'rules' } }, { input: { type: 'PASSWORD' } }],
  request: {
    method: 'GET',
    path: '/api/v1/policies',
    query: ['type', 'status', 'q', 'expand', 'sortBy'],
    extraQuery: true,
    list: true,
  },
});
