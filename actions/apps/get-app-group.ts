import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppGroupAssignment } from '../../lib/schemas/app.ts';
import { appRef, groupRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getAppGroup',
  label: 'Get App Group',
  description: 'Get a group’s assignment to an app: its priority and app profile.',
  area: 'apps',
  scopes: ['okta.apps.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({
    appId: appRef,
    groupId: groupRef,
    expand: z.enum(['group']).optional().meta({
      label: 'Include group',
      description: 'group: adds the group (_embedded.group).',
    }),
  }),
  output: AppGroupAssignment,
  examples: [{ input: { appId: '0oa1gjh63g214q0Hq0g4', groupId: '00g1emaKYZTWRYYRRTSK' } }],
  request: { method: 'GET', path: '/api/v1/apps/{appId}/groups/{groupId}', query: ['expand'] },
});
