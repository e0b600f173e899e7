import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'suspendUser',
  label: 'Suspend User',
  description:
    'Suspend an active user: they cannot sign in, and their group and app assignments are kept. ' +
    'After a lost answer it is not resent; running it again on a SUSPENDED user is refused (400 ' +
    'E0000001), with no second effect.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: LifecycleResult,
  examples: [
    {
      input: { userId: 'ada@example.com' },
      output: { userId: '00ub0oNGTSWTBKOLGLNR', login: 'ada@example.com', status: 'SUSPENDED' },
    },
  ],
  request: {
    // Only an ACTIVE user can be suspended; Okta answers 400 E0000001 otherwise (docs/okta.md §7.1).
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/suspend',
    ...lifecycleReadBack,
  },
});
