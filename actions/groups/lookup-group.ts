import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { isOktaApiError } from '../../lib/errors.ts';
import { pathOf } from '../../lib/http/path.ts';
import { Group } from '../../lib/schemas/group.ts';
import { scimString } from '../../lib/scim.ts';

/** Okta group ids: `00g` and 17 more alphanumerics (e.g. 00g1emaKYZTWRYYRRTSK). */
const GROUP_ID = /^00g[0-9A-Za-z]{17}$/;

export default defineAction({
  key: 'lookupGroup',
  label: 'Look Up Group',
  description:
    'Find a group by its id or its exact name. Answers found: false, not an error, when there is none. A group ' +
    'created a second ago may not be found by name yet: Okta searches an index that can lag behind.',
  area: 'groups',
  scopes: ['okta.groups.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: ['GET /api/v1/groups/{groupId}', 'GET /api/v1/groups'],
  input: z.object({
    groupId: z.string().trim().min(1, 'Enter a group id or name').max(255).meta({
      label: 'Group',
      description: 'Okta group id, or the exact group name (case and spaces count).',
      example: 'West Coast users',
      placeholder: '00g1emaKYZTWRYYRRTSK or West Coast users',
      dataSource: 'selectGroup',
    }),
  }),
  output: z.object({
    found: z.boolean().meta({ description: 'Whether a group has that id or name.' }),
    group: Group.nullable().meta({ description: 'The group, or null when none was found.' }),
    matches: z.number().int().meta({ description: 'How many groups have that exact name (app groups may share one).' }),
  }),
  examples: [
    { input: { groupId: '00g1emaKYZTWRYYRRTSK' } },
    { input: { groupId: 'West Coast users' }, output: { found: false, group: null, matches: 0 } },
  ],
  async run({ input, okta, signal }) {
    const ref = input.groupId;
    if (GROUP_ID.test(ref)) {
      try {
        const { data } = await okta.request<Group>({
          path: pathOf('/api/v1/groups/{groupId}', { groupId: ref }),
          signal,
        });
        return { found: true, group: data, matches: 1 };
      } catch (error) {
        // Not a group id after all: it may still be a name.
        if (!isOktaApiError(error, 404)) throw error;
      }
    }
    // `search` compares values case-insensitively (docs/okta.md §2.3, §2.4), so the exact name is checked here; `q`
    // would stop at 300 groups sharing a prefix. Only OKTA_GROUP names are unique: app groups may repeat one.
    const { data } = await okta.request<Group[]>({
      path: '/api/v1/groups',
      query: { search: `profile.name eq ${scimString(ref)}`, limit: 200 },
      signal,
    });
    const exact = (Array.isArray(data) ? data : []).filter((group) => group.profile.name === ref);
    const group = exact.find((candidate) => candidate.type === 'OKTA_GROUP') ?? exact[0] ?? null;
    return { found: group !== null, group, matches: exact.length };
  },
});
