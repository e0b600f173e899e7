import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { Group } from '../../lib/schemas/group.ts';
import { groupRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'updateGroup',
  label: 'Update Group',
  description:
    "Replace an Okta group's profile (type OKTA_GROUP only): the name, the description and any custom attribute. " +
    'Attributes left out are removed, as Okta replaces the whole profile. Running it again changes nothing.',
  area: 'groups',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    groupId: groupRef,
    name: z.string().trim().min(1).max(255).meta({
      label: 'Name',
      description: 'Name of the group.',
      example: 'West Coast users',
    }),
    description: z.string().max(1024).optional().meta({
      label: 'Description',
      description: 'What the group is for; left empty, the group has no description.',
      example: 'All users West of the Rockies',
    }),
    profile: z
      .record(z.string(), z.unknown())
      .optional()
      .meta({
        label: 'Other profile attributes',
        description: 'Custom group profile attributes by their Okta names; Name and Description win on a clash.',
        example: { costCenter: 'CC-42' },
      }),
  }),
  output: Group,
  examples: [
    { input: { groupId: '00g1emaKYZTWRYYRRTSK', name: 'West Coast users', description: 'West of the Rockies' } },
  ],
  // PUT replaces the profile (spec replaceGroup); Okta answers 403 E0000006 for APP_GROUP and BUILT_IN groups.
  request: {
    method: 'PUT',
    path: '/api/v1/groups/{groupId}',
    body: { profile: 'profile', 'profile.name': 'name', 'profile.description': 'description' },
  },
});
