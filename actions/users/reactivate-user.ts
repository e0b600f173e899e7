import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'reactivateUser',
  label: 'Reactivate User',
  description:
    'Restart the activation of a user who never finished it (PROVISIONED or RECOVERY): a new activation link, ' +
    'emailed or returned. Each run makes a new link; the previous one stops working. ' +
    'After a lost answer it is not resent: running it again makes (and emails) another link.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    userId: userRef,
    sendEmail: z.boolean().default(false).meta({
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
      input: { userId: 'ada@example.com' },
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
    // Other statuses get 403 E0000038 (docs/okta.md §7.1).
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/reactivate',
    query: ['sendEmail'],
    ...lifecycleReadBack,
    output: {
      ...lifecycleReadBack.output,
      activationUrl: 'response.activationUrl',
      activationToken: 'response.activationToken',
    },
  },
});
