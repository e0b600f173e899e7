import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userPathSegment, userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleResult, type User } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'unsuspendUser',
  label: 'Unsuspend User',
  description: 'Return a suspended user to ACTIVE, with the group and app assignments they had.',
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
  async run({ input, okta, signal }) {
    const path = `/api/v1/users/${await userPathSegment(okta, input.userId, signal)}`;
    // Only a SUSPENDED user can be unsuspended; Okta answers 400 E0000001 otherwise (API-FACTS §7.1).
    await okta.request({ method: 'POST', path: `${path}/lifecycle/unsuspend`, signal });
    const { data: user } = await okta.request<User>({ path, signal });
    return lifecycleResult(user);
  },
});
