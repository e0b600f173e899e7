import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'resetPassword',
  label: 'Reset Password',
  description:
    'Start a password reset: the user is put in RECOVERY and cannot sign in until they choose a new password ' +
    'through the reset link, emailed or returned. Each run makes a new link; the previous one stops working. ' +
    'After a lost answer it is not resent: running it again makes (and emails) another link.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({
    userId: userRef,
    sendEmail: z.boolean().default(true).meta({
      label: 'Send email',
      description: 'Email the reset link to the user; off returns it instead.',
    }),
    revokeSessions: z.boolean().default(false).meta({
      label: 'Sign out everywhere',
      description: 'Also end the user’s sessions, so a stolen session stops working at once.',
    }),
  }),
  output: LifecycleResult.extend({
    resetPasswordUrl: z.string().optional().meta({ description: 'The reset link, when Send email is off.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', sendEmail: false },
      output: {
        userId: '00ub0oNGTSWTBKOLGLNR',
        login: 'ada@example.com',
        status: 'RECOVERY',
        resetPasswordUrl: 'https://acme.okta.com/reset_password/XE6wE17zmphl3KqAPFxO',
      },
    },
  ],
  request: {
    // From a status Okta refuses, 403 E0000038 (docs/okta.md §7.1).
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/reset_password',
    query: ['sendEmail', 'revokeSessions'],
    ...lifecycleReadBack,
    output: { ...lifecycleReadBack.output, resetPasswordUrl: 'response.resetPasswordUrl' },
  },
});
