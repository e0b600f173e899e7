import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { AppGroupAssignment } from '../../lib/schemas/app.ts';
import { appRef, groupRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'assignGroupToApp',
  label: 'Assign Group to App',
  description:
    'Assign a group to an app: every member becomes an app user (scope GROUP), and members who join later too. ' +
    'Assigning it again replaces the priority and app profile; it is safe to repeat.',
  area: 'apps',
  scopes: ['okta.apps.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    appId: appRef,
    groupId: groupRef,
    priority: z.number().int().min(0).optional().meta({
      label: 'Priority',
      description: 'Which group’s app profile wins for a user in several assigned groups: 0 first.',
      example: 0,
    }),
    profile: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        label: 'App profile',
        description: 'App profile attributes given to the group’s members.',
        example: { role: 'Developer' },
      }),
  }),
  output: AppGroupAssignment,
  examples: [{ input: { appId: '0oa1gjh63g214q0Hq0g4', groupId: '00g1emaKYZTWRYYRRTSK', priority: 0 } }],
  request: {
    method: 'PUT',
    path: '/api/v1/apps/{appId}/groups/{groupId}',
    body: { priority: 'priority', profile: 'profile' },
  },
});
