import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { USER_LOOKUPS, userPathRef, userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, type User } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'expirePassword',
  label: 'Expire Password',
  description:
    'Expire a user’s password: status PASSWORD_EXPIRED, and they must choose a new one at their next sign-in. ' +
    'Optionally set a temporary password and return it. With a temporary password, each run makes a new one. ' +
    'After a lost answer it is not resent: running it again with a temporary password makes another one.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  operations: [
    'POST /api/v1/users/{userId}/lifecycle/expire_password',
    'POST /api/v1/users/{userId}/lifecycle/expire_password_with_temp_password',
    ...USER_LOOKUPS,
  ],
  input: z.object({
    userId: userRef,
    tempPassword: z.boolean().default(false).meta({
      label: 'Set a temporary password',
      description: 'Replace the password with a temporary one, returned for you to hand to the user.',
    }),
    revokeSessions: z.boolean().default(false).meta({
      label: 'Sign out everywhere',
      description: 'With a temporary password: also end the user’s sessions.',
    }),
  }),
  output: LifecycleResult.extend({
    tempPassword: z
      .string()
      .optional()
      .meta({ description: 'The temporary password, when asked for. Treat it as a secret.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', tempPassword: true },
      output: {
        userId: '00ub0oNGTSWTBKOLGLNR',
        login: 'ada@example.com',
        status: 'PASSWORD_EXPIRED',
        tempPassword: 'F46gy7X4',
      },
    },
  ],
  async run({ input, okta, signal }) {
    const userId = await userPathRef(okta, input.userId, signal);
    // Two operations (spec expirePassword, expirePasswordWithTempPassword); from other statuses, 403 E0000038.
    const operation = input.tempPassword ? 'expire_password_with_temp_password' : 'expire_password';
    const { data } = await okta.request<{ tempPassword?: string }>({
      method: 'POST',
      path: pathOf(`/api/v1/users/{userId}/lifecycle/${operation}`, { userId }),
      query: input.tempPassword ? { revokeSessions: input.revokeSessions } : {},
      signal,
    });
    const { data: user } = await okta.request<User>({ path: pathOf('/api/v1/users/{userId}', { userId }), signal });
    return {
      userId: user.id,
      login: user.profile.login,
      status: user.status,
      ...(user.transitioningToStatus ? { transitioningToStatus: user.transitioningToStatus } : {}),
      ...(data?.tempPassword ? { tempPassword: data.tempPassword } : {}),
    };
  },
});
