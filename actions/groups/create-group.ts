import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { Group } from '../../lib/schemas/group.ts';

export default defineAction({
  key: 'createGroup',
  label: 'Create Group',
  description: 'Create an Okta group (type OKTA_GROUP), whose members you manage from Okta.',
  area: 'groups',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  input: z.object({
    name: z.string().trim().min(1).max(255).meta({
      label: 'Name',
      description: 'Name of the group.',
      example: 'West Coast users',
    }),
    description: z.string().max(1024).optional().meta({
      label: 'Description',
      description: 'What the group is for.',
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
  examples: [{ input: { name: 'West Coast users', description: 'All users West of the Rockies' } }],
  // A POST: never resent after a 5xx or a broken connection, so the group is not created twice.
  request: {
    method: 'POST',
    path: '/api/v1/groups',
    body: { profile: 'profile', 'profile.name': 'name', 'profile.description': 'description' },
  },
});
