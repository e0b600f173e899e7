import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { Group } from '../../lib/schemas/group.ts';
import { groupRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getGroup',
  label: 'Get Group',
  description: 'Get a group by its id: name, description, type and dates. Fails with 404 when there is no such group.',
  area: 'groups',
  scopes: ['okta.groups.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ groupId: groupRef }),
  output: Group,
  examples: [{ input: { groupId: '00g1emaKYZTWRYYRRTSK' } }],
  request: { method: 'GET', path: '/api/v1/groups/{groupId}' },
});
