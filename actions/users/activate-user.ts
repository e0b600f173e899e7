import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'activateUser',
  label: 'Activate User',
  description:
    'Activate a STAGED or DEPROVISIONED user. With Send email off, the activation link and token come back for ' +
    'you to deliver. A user without a password stays PROVISIONED until they finish activation. ' +
    'After a lost answer it is not resent; running it again is refused once the user is no longer STAGED ' +
    'or DEPROVISIONED, so no second email goes out.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    userId: userRef,
    sendEmail: z.boolean().default(true).meta({
      label: 'Send email',
      description: 'Email the activation link to the user; off returns it instead.',
    }),
  }),
  output: LifecycleResult.extend({
    activationUrl: z.string().optional().meta({ description: 'The activation link, when Send email is off.' }),
    activationToken: z.string().optional().meta({ description: 'The activation token, when Send email is off.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', sendEmail: false },
      output: {
        userId: '00ub0oNGTSWTBKOLGLNR',
        login: 'ada@example.com',
        status: 'PROVISIONED',
        activationUrl: 'https://acme.okta.com/tokens/XE6wE17zmphl3KqAPFxO/verify',
        activationToken: 'XE6wE17zmphl3KqAPFxO',
      },
    },
  ],
  request: {
    // An already active user gets 403 E0000016 (docs/okta.md §7.1).
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/activate',
    query: ['sendEmail'],
    // Activation is asynchronous: read back what Okta reports now, rather than assume ACTIVE.
    ...lifecycleReadBack,
    output: {
      ...lifecycleReadBack.output,
      activationUrl: 'response.activationUrl',
      activationToken: 'response.activationToken',
    },
  },
});
