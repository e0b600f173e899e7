import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { userPathRef, userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleResult, type User } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'suspendUser',
  label: 'Suspend User',
  description: 'Suspend an active user: they cannot sign in, and their group and app assignments are kept.',
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
  async run({ input, okta, signal }) {
    const userId = await userPathRef(okta, input.userId, signal);
    const path = pathOf('/api/v1/users/{userId}', { userId });
    // Only an ACTIVE user can be suspended; Okta answers 400 E0000001 otherwise (API-FACTS §7.1).
    await okta.request({
      method: 'POST',
      path: pathOf('/api/v1/users/{userId}/lifecycle/suspend', { userId }),
      signal,
    });
    const { data: user } = await okta.request<User>({ path, signal });
    return lifecycleResult(user);
  },
});
