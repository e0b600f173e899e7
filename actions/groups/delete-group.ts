import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { groupRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'deleteGroup',
  label: 'Delete Group',
  description:
    'Delete a group (OKTA_GROUP, or an APP_GROUP not used by group push). Its members lose the apps the group gave ' +
    'them, and group rules assigning to it become INVALID. This cannot be undone. After a lost answer it is ' +
    'retried; if the first try went through, the retry fails with not found.',
  area: 'groups',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({ groupId: groupRef }),
  output: z.object({ groupId: z.string().meta({ description: 'The id the deleted group had.' }) }),
  examples: [{ input: { groupId: '00g1emaKYZTWRYYRRTSK' }, output: { groupId: '00g1emaKYZTWRYYRRTSK' } }],
  // The Everyone group (BUILT_IN) cannot be deleted: Okta answers 403 E0000006 (spec deleteGroup).
  request: { method: 'DELETE', path: '/api/v1/groups/{groupId}', output: { groupId: 'input.groupId' } },
});
