import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { appRef, groupRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'removeGroupFromApp',
  label: 'Remove Group from App',
  description:
    'Unassign a group from an app: its members lose the app unless they are assigned directly or through another ' +
    'group. After a lost answer it is retried; if the first try went ' +
    'through, the retry fails with not found.',
  area: 'apps',
  scopes: ['okta.apps.manage'],
  hints: { readOnly: false, destructive: true, idempotent: false },
  input: z.object({ appId: appRef, groupId: groupRef }),
  output: z.object({
    appId: z.string().meta({ description: 'The app the group is no longer assigned to.' }),
    groupId: z.string().meta({ description: 'The Okta id of the group.' }),
  }),
  examples: [
    {
      input: { appId: '0oa1gjh63g214q0Hq0g4', groupId: '00g1emaKYZTWRYYRRTSK' },
      output: { appId: '0oa1gjh63g214q0Hq0g4', groupId: '00g1emaKYZTWRYYRRTSK' },
    },
  ],
  request: {
    method: 'DELETE',
    path: '/api/v1/apps/{appId}/groups/{groupId}',
    output: { appId: 'input.appId', groupId: 'input.groupId' },
  },
});
