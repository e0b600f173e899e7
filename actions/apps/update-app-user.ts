import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppUser } from '../../lib/schemas/app.ts';
import { appRef, userRef } from '../../lib/schemas/refs.ts';
import { isSet, withRules } from '../../lib/schemas/rules.ts';

const input = z.object({
  appId: appRef,
  userId: userRef,
  userName: z.string().trim().min(1).optional().meta({
    label: 'App username',
    description: 'A new username for this app.',
    example: 'ada.lovelace',
  }),
  password: z.string().min(1).optional().meta({
    label: 'App password',
    description: 'A new password, for apps that keep one per user (SWA, basic auth). Never returned.',
    format: 'password',
    writeOnly: true,
  }),
  profile: z
    .record(z.string(), z.unknown())
    .optional()
    .meta({
      label: 'App profile',
      description: 'App profile attributes to change; the others are kept. null clears one.',
      example: { role: 'Manager' },
    }),
});

export default defineAction({
  key: 'updateAppUser',
  label: 'Update App User',
  description:
    'Change a user’s app username, app password or app profile attributes; what is not given is kept. Running it ' +
    'again with the same values changes nothing.',
  area: 'apps',
  // okta.users.read only to turn a login into an id.
  scopes: ['okta.apps.manage', 'okta.users.read'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: withRules(input, [
    {
      ok: (i) => isSet(i.userName) || isSet(i.password) || isSet(i.profile),
      path: ['profile'],
      message: 'Give an app username, an app password or app profile attributes to change',
    },
  ]),
  output: AppUser,
  examples: [{ input: { appId: '0oa1gjh63g214q0Hq0g4', userId: 'ada@example.com', profile: { role: 'Manager' } } }],
  request: {
    method: 'POST',
    path: '/api/v1/apps/{appId}/users/{userId}',
    resolve: { userId: 'user' },
    body: { 'credentials.userName': 'userName', 'credentials.password.value': 'password', profile: 'profile' },
    // A partial update with the same values: safe to repeat after a 5xx.
    idempotent: true,
  },
});
