import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { appRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'removeUserFromApp',
  label: 'Remove User from App',
  description:
    'Unassign a user from an app; their app profile is lost, and a provisioning app may deactivate their account ' +
    'there. A user an assigned group grants the app cannot be removed this way (403): remove them from the group. ' +
    'After a lost answer it is retried; if the first try went through, the retry fails with not found.',
  area: 'apps',
  // okta.users.read only to turn a login into an id.
  scopes: ['okta.apps.manage', 'okta.users.read'],
  hints: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({
    appId: appRef,
    userId: userRef,
    sendEmail: z.boolean().optional().meta({
      label: 'Email the admins',
      description: 'Send the deactivation email to the admins.',
    }),
  }),
  output: z.object({
    appId: z.string().meta({ description: 'The app the user is no longer assigned to.' }),
    userId: z.string().meta({ description: 'The Okta id of the user.' }),
  }),
  examples: [
    {
      input: { appId: '0oa1gjh63g214q0Hq0g4', userId: 'ada@example.com' },
      output: { appId: '0oa1gjh63g214q0Hq0g4', userId: '00ub0oNGTSWTBKOLGLNR' },
    },
  ],
  request: {
    method: 'DELETE',
    path: '/api/v1/apps/{appId}/users/{userId}',
    query: ['sendEmail'],
    resolve: { userId: 'user' },
    output: { appId: 'input.appId', userId: 'input.userId' },
  },
});
