import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { UserFactor } from '../../lib/schemas/factor.ts';
import { factorRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getFactor',
  label: 'Get Factor',
  description: 'Get one of a user’s enrolled MFA factors, with its status.',
  area: 'factors',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ userId: userRef, factorId: factorRef }),
  output: UserFactor,
  examples: [{ input: { userId: 'ada@example.com', factorId: 'ufs2bysphxKODSZKWVCT' } }],
  request: {
    method: 'GET',
    path: '/api/v1/users/{userId}/factors/{factorId}',
    resolve: { userId: 'user' },
  },
});
