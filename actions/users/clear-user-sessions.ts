import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'clearUserSessions',
  label: 'Clear User Sessions',
  description:
    'Sign a user out everywhere: end all their Okta sessions, and optionally revoke the OAuth tokens issued to ' +
    'them. Safe to repeat.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  input: z.object({
    userId: userRef,
    oauthTokens: z.boolean().default(false).meta({
      label: 'Revoke OAuth tokens',
      description: 'Also revoke the access and refresh tokens issued to the user.',
    }),
    forgetDevices: z.boolean().optional().meta({
      label: 'Forget devices',
      description: 'Forget the user’s remembered devices (Okta’s default: yes).',
    }),
  }),
  output: z.object({ userId: z.string().meta({ description: 'The Okta id of the user signed out.' }) }),
  examples: [{ input: { userId: 'ada@example.com', oauthTokens: true }, output: { userId: '00ub0oNGTSWTBKOLGLNR' } }],
  request: {
    method: 'DELETE',
    path: '/api/v1/users/{userId}/sessions',
    query: ['oauthTokens', 'forgetDevices'],
    resolve: { userId: 'user' },
    output: { userId: 'input.userId' },
  },
});
