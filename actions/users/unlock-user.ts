import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'unlockUser',
  label: 'Unlock User',
  description:
    'Unlock a user locked out by too many failed sign-ins, so they can sign in with their current password. ' +
    'For Okta-mastered users only. ' +
    'After a lost answer it is not resent; running it again on an unlocked user is refused, with no ' +
    'second effect.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({ userId: userRef }),
  output: LifecycleResult,
  examples: [
    {
      input: { userId: 'ada@example.com' },
      output: { userId: '00ub0oNGTSWTBKOLGLNR', login: 'ada@example.com', status: 'ACTIVE' },
    },
  ],
  request: {
    // A user who is not LOCKED_OUT gets 403 E0000032 (docs/okta.md §7.1).
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/unlock',
    ...lifecycleReadBack,
  },
});
