import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppUser } from '../../lib/schemas/app.ts';
import { appRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'assignUserToApp',
  label: 'Assign User to App',
  description:
    'Assign a user to an app: for sign-on only, or with the app username, password (SWA and basic-auth apps) and ' +
    'app profile. Assigning a user who is already assigned fails (409): a retry after a lost answer reports it so. ' +
    'A user assigned only through a group becomes directly assigned.',
  area: 'apps',
  // okta.users.read only to turn a login into an id.
  scopes: ['okta.apps.manage', 'okta.users.read'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    appId: appRef,
    userId: userRef,
    userName: z.string().trim().min(1).optional().meta({
      label: 'App username',
      description: 'The username for this app; by default the app’s username template (e.g. the Okta login).',
      example: 'ada@example.com',
    }),
    password: z.string().min(1).optional().meta({
      label: 'App password',
      description: 'For apps that keep a password per user (SWA, basic auth). Never returned.',
      format: 'password',
      writeOnly: true,
    }),
    profile: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        label: 'App profile',
        description: 'App-specific profile attributes not set by profile mappings.',
        example: { role: 'Developer' },
      }),
  }),
  output: AppUser,
  examples: [
    { input: { appId: '0oa1gjh63g214q0Hq0g4', userId: 'ada@example.com' } },
    {
      input: {
        appId: '0oa1gjh63g214q0Hq0g4',
        userId: '00ub0oNGTSWTBKOLGLNR',
        userName: 'ada.lovelace',
        profile: { role: 'Developer' },
      },
    },
  ],
  request: {
    method: 'POST',
    path: '/api/v1/apps/{appId}/users',
    // The body takes a user id only, not a login.
    resolve: { userId: 'user' },
    body: {
      id: 'userId',
      'credentials.userName': 'userName',
      'credentials.password.value': 'password',
      profile: 'profile',
    },
  },
});
