import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { userPathRef, userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleResult, type User } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'deactivateUser',
  label: 'Deactivate User',
  description:
    'Deactivate a user: status DEPROVISIONED, signed out, and deprovisioned from every assigned app, which may ' +
    'delete their data there. The user can be activated again later.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  input: z.object({
    userId: userRef,
    sendEmail: z.boolean().default(false).meta({
      label: 'Email the admins',
      description: 'Send the deactivation email to the admins.',
    }),
  }),
  output: LifecycleResult,
  examples: [
    {
      input: { userId: 'ada@example.com' },
      output: { userId: '00ub0oNGTSWTBKOLGLNR', login: 'ada@example.com', status: 'DEPROVISIONED' },
    },
  ],
  async run({ input, okta, signal }) {
    const userId = await userPathRef(okta, input.userId, signal);
    const path = pathOf('/api/v1/users/{userId}', { userId });
    await okta.request({
      method: 'POST',
      path: pathOf('/api/v1/users/{userId}/lifecycle/deactivate', { userId }),
      query: { sendEmail: input.sendEmail },
      signal,
    });
    // Deactivation can be asynchronous (transitioningToStatus, API-FACTS §7.1): report what Okta says now.
    const { data: user } = await okta.request<User>({ path, signal });
    return lifecycleResult(user);
  },
});
