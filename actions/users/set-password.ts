import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { PasswordHash } from '../../lib/schemas/credentials.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { isSet, withRules } from '../../lib/schemas/rules.ts';
import { LifecycleResult } from '../../lib/schemas/user.ts';

const input = z.object({
  userId: userRef,
  password: z.string().min(1).optional().meta({
    label: 'Password',
    description: 'The new password; the org password policy applies.',
    format: 'password',
    writeOnly: true,
  }),
  passwordHash: PasswordHash.optional().meta({
    label: 'Imported password hash',
    description: 'A hashed password imported from another system, instead of a password.',
  }),
  strict: z.boolean().optional().meta({
    label: 'Check password age and history',
    description: 'Also enforce the policy’s minimum password age and history.',
  }),
});

export default defineAction({
  key: 'setPassword',
  label: 'Set Password',
  description:
    'Set a user’s password as an admin, without the current one: a password, or a hash imported from another ' +
    'system. The user’s status does not change. ' +
    'After a lost answer it is not resent; running it again sets the same password, unless the password ' +
    'policy refuses one used before.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: withRules(input, [
    {
      ok: (i) => isSet(i.password) !== isSet(i.passwordHash),
      path: ['password'],
      message: 'Give a password or an imported hash (one of them)',
    },
  ]),
  output: LifecycleResult.extend({
    passwordChanged: z.string().optional().meta({ description: 'When the password was set.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', password: 'correct-horse-Battery-9' },
      output: {
        userId: '00ub0oNGTSWTBKOLGLNR',
        login: 'ada@example.com',
        status: 'ACTIVE',
        passwordChanged: '2026-01-15T10:00:00.000Z',
      },
    },
  ],
  request: {
    // The admin's credentials update (spec updateUser): a partial update carrying only the password.
    method: 'POST',
    path: '/api/v1/users/{userId}',
    resolve: { userId: 'userPath' },
    query: ['strict'],
    body: { 'credentials.password.value': 'password', 'credentials.password.hash': 'passwordHash' },
    output: {
      userId: 'response.id',
      login: 'response.profile.login',
      status: 'response.status',
      transitioningToStatus: 'response.transitioningToStatus',
      passwordChanged: 'response.passwordChanged',
    },
  },
});
