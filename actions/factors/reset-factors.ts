import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'resetFactors',
  label: 'Reset Factors',
  description:
    'Remove every MFA factor a user has enrolled, e.g. after a lost phone; they enrol again at their next ' +
    'sign-in. The user’s status does not change. After a lost answer it is sent again, which is ' +
    'harmless.',
  area: 'factors',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  input: z.object({ userId: userRef }),
  output: LifecycleResult,
  examples: [
    {
      input: { userId: 'ada@example.com' },
      output: { userId: '00ub0oNGTSWTBKOLGLNR', login: 'ada@example.com', status: 'ACTIVE' },
    },
  ],
  request: {
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/reset_factors',
    // Repeating it changes nothing: resent after a 5xx or a lost answer, like a PUT.
    idempotent: true,
    ...lifecycleReadBack,
  },
});
