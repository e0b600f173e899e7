import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { linkedUserIds } from '../../lib/schemas/linked-object.ts';
import { linkedObjectRef, USER_LOOKUPS, userPathRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getPrimaryLinkedObjectValue',
  label: 'Get Primary Linked Object Value',
  description: 'Get the user linked as a user’s primary in a relationship, such as their manager.',
  area: 'users',
  scopes: ['okta.users.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: ['GET /api/v1/users/{userId}/linkedObjects/{primaryName}', ...USER_LOOKUPS],
  input: z.object({
    userId: userRef.meta({ ...userRef.meta(), description: 'The associated user, e.g. the employee' }),
    primaryName: linkedObjectRef,
  }),
  output: z.object({
    found: z.boolean().meta({ description: 'True when the user has a primary in this relationship.' }),
    primaryUserId: z.string().optional().meta({ description: 'The Okta id of the primary user, e.g. the manager.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', primaryName: 'manager' },
      output: { found: true, primaryUserId: '00u5t60iloOHN9pBi0h7' },
    },
  ],
  async run({ input, okta, signal }) {
    const userId = await userPathRef(okta, input.userId, signal);
    const { data } = await okta.request<unknown[]>({
      path: pathOf('/api/v1/users/{userId}/linkedObjects/{primaryName}', { userId, primaryName: input.primaryName }),
      signal,
    });
    // A user has at most one primary per relationship (docs/okta.md §7.5).
    const [primaryUserId] = linkedUserIds(data);
    return primaryUserId ? { found: true, primaryUserId } : { found: false };
  },
});
