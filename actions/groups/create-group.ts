import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { createOnce, oktaAnswered } from '../../lib/idempotent-create.ts';
import { Group } from '../../lib/schemas/group.ts';
import { scimString } from '../../lib/scim.ts';

export default defineAction({
  key: 'createGroup',
  label: 'Create Group',
  description:
    'Create an Okta group (type OKTA_GROUP), whose members you manage from Okta. ' +
    'After a lost answer, the name is looked up before the group is sent again: one group, never two.',
  area: 'groups',
  scopes: ['okta.groups.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  // A create whose answer may be lost is looked up before it is sent again (lib/idempotent-create.ts).
  operations: ['POST /api/v1/groups', 'GET /api/v1/groups'],
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
  async run({ input, okta, signal, log }) {
    const profile = {
      ...input.profile,
      name: input.name,
      ...(input.description !== undefined ? { description: input.description } : {}),
    };
    // A POST is never resent blindly: after an answer that may have been lost, the name is looked up first.
    return createOnce({
      what: 'group',
      send: async () =>
        (await okta.request<Group>({ method: 'POST', path: '/api/v1/groups', body: { profile }, signal })).data,
      lookup: async () => {
        // `search` compares case-insensitively (docs/okta.md §2.4): the exact name is checked here.
        const { data } = await okta.request<Group[]>({
          path: '/api/v1/groups',
          query: { search: `profile.name eq ${scimString(input.name)}`, limit: 200 },
          signal,
        });
        return (Array.isArray(data) ? data : []).find(
          (group) =>
            group.type === 'OKTA_GROUP' &&
            group.profile.name === input.name &&
            // Okta may keep an empty description as null.
            (input.description === undefined || (group.profile.description ?? '') === input.description),
        );
      },
      // Okta refuses a name that exists: 400 E0000001 "name: An object with this field already exists".
      isConflict: (error) => oktaAnswered(error, 400, 'E0000001'),
      log,
    });
  },
});
