import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

const secret = { format: 'password', writeOnly: true } as const;

export default defineAction({
  key: 'changePassword',
  label: 'Change Password',
  description:
    'Change a user’s password, given the current one. A user in RECOVERY or PASSWORD_EXPIRED becomes ACTIVE. ' +
    'After a lost answer it is not resent: running it again is refused, as the old password no longer matches.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    userId: userRef,
    oldPassword: z
      .string()
      .min(1, 'Enter the current password')
      .meta({
        label: 'Current password',
        description: 'The password the user has now.',
        ...secret,
      }),
    newPassword: z
      .string()
      .min(1, 'Enter the new password')
      .meta({
        label: 'New password',
        description: 'The new password; the org password policy applies.',
        ...secret,
      }),
    strict: z.boolean().optional().meta({
      label: 'Check password age and history',
      description: 'Also enforce the policy’s minimum password age and history.',
    }),
    revokeSessions: z.boolean().optional().meta({
      label: 'Sign out everywhere',
      description: 'End the user’s other sessions.',
    }),
  }),
  output: LifecycleResult.extend({
    passwordChanged: z.string().optional().meta({ description: 'When the password was changed.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', oldPassword: 'Tr0ub4dor&3', newPassword: 'correct-horse-Battery-9' },
      output: {
        userId: '00ub0oNGTSWTBKOLGLNR',
        login: 'ada@example.com',
        status: 'ACTIVE',
        passwordChanged: '2026-01-15T10:00:00.000Z',
      },
    },
  ],
  request: {
    // A wrong current password is 403 E0000014 (cause oldPassword); a user without a password, 403 E0000035.
    method: 'POST',
    path: '/api/v1/users/{userId}/credentials/change_password',
    query: ['strict'],
    body: { 'oldPassword.value': 'oldPassword', 'newPassword.value': 'newPassword', revokeSessions: 'revokeSessions' },
    idempotent: false,
    ...lifecycleReadBack,
    resolve: { userId: 'user' },
    output: { ...lifecycleReadBack.output, passwordChanged: 'readBack.passwordChanged' },
  },
});
