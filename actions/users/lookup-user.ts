import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { isOktaApiError } from '../../lib/errors.ts';
import { loginOrIdText } from '../../lib/schemas/bounds.ts';
import { getUserByRef, USER_LOOKUPS } from '../../lib/schemas/refs.ts';
import { User } from '../../lib/schemas/user.ts';
import { scimString } from '../../lib/scim.ts';

export default defineAction({
  key: 'lookupUser',
  label: 'Look Up User',
  description:
    'Find a user by id, login or email. Answers found: false rather than an error when no user matches, so a ' +
    'flow can branch on it.',
  area: 'users',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: USER_LOOKUPS,
  input: z.object({
    userId: loginOrIdText('Enter a user id, login or email').meta({
      label: 'User',
      description: 'Okta user id, login or email address',
      example: 'ada@example.com',
      placeholder: 'ada@example.com',
      dataSource: 'selectUser',
    }),
  }),
  output: z.object({
    found: z.boolean().meta({ description: 'True when a user matched.' }),
    user: User.optional().meta({ description: 'The user, when found.' }),
    matchedBy: z.enum(['idOrLogin', 'email']).optional().meta({ description: 'What the value matched.' }),
    multipleMatches: z
      .boolean()
      .optional()
      .meta({ description: 'True when several users have this email: the oldest is returned.' }),
  }),
  examples: [{ input: { userId: 'ada@example.com' } }, { input: { userId: '00ub0oNGTSWTBKOLGLNR' } }],
  async run({ input, okta, signal }) {
    try {
      const user = await getUserByRef(okta, input.userId, signal);
      return { found: true, user, matchedBy: 'idOrLogin' as const };
    } catch (error) {
      if (!isOktaApiError(error, 404)) throw error;
    }
    if (!input.userId.includes('@')) return { found: false };
    // Not an id or a login: an exact email match. `filter` is up to date, where `search` may lag (docs/okta.md §2.3).
    const { data } = await okta.request<User[]>({
      path: '/api/v1/users',
      query: { filter: `profile.email eq ${scimString(input.userId)}`, limit: 2 },
      signal,
    });
    const [user] = Array.isArray(data) ? data : [];
    if (!user) return { found: false };
    return { found: true, user, matchedBy: 'email' as const, multipleMatches: data.length > 1 };
  },
});
