import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { LifecycleResult, lifecycleReadBack } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'deactivateUser',
  label: 'Deactivate User',
  description:
    'Deactivate a user: status DEPROVISIONED, signed out, and deprovisioned from every assigned app, which may ' +
    'delete their data there. The user can be activated again later. ' +
    'After a lost answer it is not resent; running it again on a DEPROVISIONED user is refused, with no ' +
    'second effect.',
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
  request: {
    method: 'POST',
    path: '/api/v1/users/{userId}/lifecycle/deactivate',
    query: ['sendEmail'],
    // Deactivation can be asynchronous (transitioningToStatus, docs/okta.md §7.1): report what Okta says now.
    ...lifecycleReadBack,
  },
});
