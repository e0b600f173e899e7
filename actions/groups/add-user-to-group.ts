import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { groupRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'addUserToGroup',
  label: 'Add User to Group',
  description: 'Add a user to an Okta group (type OKTA_GROUP). Adding a member again changes nothing.',
  area: 'groups',
  // okta.users.read only to turn a login into an id.
  scopes: ['okta.groups.manage', 'okta.users.read'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ groupId: groupRef, userId: userRef }),
  output: z.object({
    groupId: z.string().meta({ description: 'The group the user is now a member of.' }),
    userId: z.string().meta({ description: 'The Okta id of the user.' }),
  }),
  examples: [
    {
      input: { groupId: '00g1emaKYZTWRYYRRTSK', userId: 'ada@example.com' },
      output: { groupId: '00g1emaKYZTWRYYRRTSK', userId: '00ub0oNGTSWTBKOLGLNR' },
    },
  ],
  request: {
    method: 'PUT',
    path: '/api/v1/groups/{groupId}/users/{userId}',
    // Membership endpoints take a user id only (spec parameter pathUserId), not a login.
    resolve: { userId: 'user' },
    output: { groupId: 'input.groupId', userId: 'input.userId' },
  },
});
