import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { User } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'getUser',
  label: 'Get User',
  description: 'Get a user by id or login.',
  area: 'users',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: User,
  examples: [{ input: { userId: 'ada@example.com' } }, { input: { userId: '00ub0oNGTSWTBKOLGLNR' } }],
  request: {
    method: 'GET',
    path: '/api/v1/users/{userId}',
    // A login holding "/" or "?" cannot be read this way (docs/okta.md §7.2): it is looked up by an exact filter.
    resolve: { userId: 'userPath' },
  },
});
