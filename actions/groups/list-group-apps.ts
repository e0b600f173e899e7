import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { listFields, listOutput } from '../../lib/schemas/list.ts';
import { groupRef } from '../../lib/schemas/refs.ts';

/** The app fields a flow reads; Okta's Application carries many more by sign-on mode, kept as they come. */
const AssignedApp = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    label: z.string(),
    status: z.string(),
    signOnMode: z.string().optional(),
    created: z.string().nullable().optional(),
    lastUpdated: z.string().nullable().optional(),
  })
  .meta({ description: 'An Okta app the group is assigned to.' });

export default defineAction({
  key: 'listGroupApps',
  label: 'List Group Apps',
  description: "List the apps a group is assigned to: the apps the group's members get through it.",
  area: 'groups',
  scopes: ['okta.groups.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ groupId: groupRef, ...listFields({ defaultLimit: 20, maxLimit: 200 }) }),
  output: listOutput(AssignedApp),
  examples: [{ input: { groupId: '00g1emaKYZTWRYYRRTSK' } }],
  request: { method: 'GET', path: '/api/v1/groups/{groupId}/apps', list: true },
});
