import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { Group } from '../../lib/schemas/group.ts';
import { listOutput } from '../../lib/schemas/list.ts';
import { userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'listUserGroups',
  label: 'List User Groups',
  description: 'List every group a user belongs to, Everyone included.',
  area: 'users',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ userId: userRef }),
  output: listOutput(Group),
  examples: [{ input: { userId: 'ada@example.com' } }],
  request: {
    // Okta answers every group in one response: the operation has no paging parameters (spec listUserGroups).
    method: 'GET',
    path: '/api/v1/users/{userId}/groups',
    resolve: { userId: 'userPath' },
    output: { items: 'response' },
  },
});
