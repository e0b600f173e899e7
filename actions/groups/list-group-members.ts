import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { listFields, listOutput } from '../../lib/schemas/list.ts';
import { groupRef } from '../../lib/schemas/refs.ts';
import { User } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'listGroupMembers',
  label: 'List Group Members',
  description: 'List the users who are members of a group, deactivated members included.',
  area: 'groups',
  scopes: ['okta.groups.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    groupId: groupRef,
    // Okta's default page is 1000 for historical reasons; it recommends 200 (spec listGroupUsers).
    ...listFields({ defaultLimit: 200, maxLimit: 1000 }),
  }),
  output: listOutput(User),
  examples: [{ input: { groupId: '00g1emaKYZTWRYYRRTSK', fetchAll: true, maxRecords: 5000 } }],
  request: { method: 'GET', path: '/api/v1/groups/{groupId}/users', list: true },
});
