import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { userPathRef, userRef } from '../../lib/schemas/refs.ts';
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
    const userId = await userPathRef(okta, input.userId, signal);
    const path = pathOf('/api/v1/users/{userId}', { userId });
    // Only a SUSPENDED user can be unsuspended; Okta answers 400 E0000001 otherwise (API-FACTS §7.1).
    await okta.request({
      method: 'POST',
      path: pathOf('/api/v1/users/{userId}/lifecycle/unsuspend', { userId }),
      signal,
    });
    const { data: user } = await okta.request<User>({ path, signal });
    return lifecycleResult(user);
  },
});
