import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'unsuspendUser',
  label: 'Unsuspend User',
  description:
    'Return a suspended user to ACTIVE, with the group and app assignments they had. ' +
    'After a lost answer it is not resent; running it again on an ACTIVE user is refused (400 E0000001), ' +
    'with no second effect.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: LifecycleResult,
  examples: [
    {
      input: { userId: 'ada@example.com' },
      output: { userId: '00ub0oNGTSWTBKOLGLNR', login: 'ada@example.com', status: 'ACTIVE' },
    },
  ],
  request: {
    // Only a SUSPENDED user can be unsuspended; Okta answers 400 E0000001 otherwise (docs/okta.md §7.1).
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/unsuspend',
    ...lifecycleReadBack,
  },
});
