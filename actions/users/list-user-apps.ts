import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { list } from '../../lib/list.ts';
import { listFields, listOutput } from '../../lib/schemas/list.ts';
import { USER_LOOKUPS, userIdOf, userRef } from '../../lib/schemas/refs.ts';
import { scimString } from '../../lib/scim.ts';

const App = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    label: z.string(),
    status: z.string().meta({ description: 'ACTIVE or INACTIVE.' }),
    signOnMode: z.string().nullable().optional(),
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
    _links: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'An app the user is assigned to.' });

export default defineAction({
  key: 'listUserApps',
  label: 'List User Apps',
  description: 'List the apps a user is assigned to, directly or through a group.',
  area: 'users',
  // okta.users.read only to turn a login into an id.
  scopes: ['okta.apps.read', 'okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: ['GET /api/v1/apps', ...USER_LOOKUPS],
  input: z.object({ userId: userRef, ...listFields({ defaultLimit: 20, maxLimit: 200 }) }),
  output: listOutput(App),
  examples: [{ input: { userId: 'ada@example.com', fetchAll: true } }],
  async run({ input, okta, signal, log, progress }) {
    const userId = await userIdOf(okta, input.userId, signal);
    // The apps list filtered on the assigned user (docs/okta.md §2.5); the id is quoted like any filter value.
    return list(okta, {
      path: '/api/v1/apps',
      query: { filter: `user.id eq ${scimString(userId)}` },
      limit: input.limit,
      after: input.after,
      fetchAll: input.fetchAll,
      maxRecords: input.maxRecords,
      signal,
      log,
      progress,
    });
  },
});
