import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { UserFactor } from '../../lib/schemas/factor.ts';
import { listOutput } from '../../lib/schemas/list.ts';
import { userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'listUserFactors',
  label: 'List User Factors',
  description: 'List the MFA factors a user has enrolled, active or pending activation.',
  area: 'factors',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: listOutput(UserFactor),
  examples: [{ input: { userId: 'ada@example.com' } }],
  request: {
    // Every factor in one response: the operation has no paging parameters (spec listFactors).
    method: 'GET',
    path: '/api/v1/users/{userId}/factors',
    resolve: { userId: 'user' },
    output: { items: 'response' },
  },
});
