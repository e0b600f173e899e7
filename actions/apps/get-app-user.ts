import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppUser } from '../../lib/schemas/app.ts';
import { appRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getAppUser',
  label: 'Get App User',
  description: 'Get a user’s assignment to an app: its scope (USER or GROUP), app username and app profile.',
  area: 'apps',
  // okta.users.read only to turn a login into an id.
  scopes: ['okta.apps.read', 'okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    appId: appRef,
    userId: userRef,
    expand: z.enum(['user']).optional().meta({
      label: 'Include Okta user',
      description: 'user: adds the Okta user (_embedded.user).',
    }),
  }),
  output: AppUser,
  examples: [{ input: { appId: '0oa1gjh63g214q0Hq0g4', userId: 'ada@example.com' } }],
  request: {
    method: 'GET',
    path: '/api/v1/apps/{appId}/users/{userId}',
    query: ['expand'],
    resolve: { userId: 'user' },
  },
});
