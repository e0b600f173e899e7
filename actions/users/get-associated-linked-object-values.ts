import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { pathOf } from '../../lib/http/path.ts';
import { linkedUserIds } from '../../lib/schemas/linked-object.ts';
import { linkedObjectRef, USER_LOOKUPS, userPathRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'getAssociatedLinkedObjectValues',
  label: 'Get Associated Linked Object Values',
  description:
    'List the users linked to a user as associated in a relationship, such as the subordinates of a manager. ' +
    'Give the relationship by its primary or its associated name.',
  area: 'users',
  // okta.linkedObjects.read to read the relationship's associated name.
  scopes: ['okta.users.read', 'okta.linkedObjects.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: [
    'GET /api/v1/meta/schemas/user/linkedObjects/{relationshipName}',
    'GET /api/v1/users/{userId}/linkedObjects/{associatedName}',
    ...USER_LOOKUPS,
  ],
  input: z.object({
    userId: userRef.meta({ ...userRef.meta(), description: 'The primary user, e.g. the manager' }),
    relationshipName: linkedObjectRef.meta({
      ...linkedObjectRef.meta(),
      description: 'The relationship, by its primary name (manager) or associated name (subordinate)',
    }),
  }),
  output: z.object({
    items: z.array(
      z.object({ userId: z.string().meta({ description: 'The Okta id of an associated user, e.g. a subordinate.' }) }),
    ),
  }),
  examples: [
    {
      input: { userId: 'grace@example.com', relationshipName: 'manager' },
      output: { items: [{ userId: '00ub0oNGTSWTBKOLGLNR' }] },
    },
  ],
  async run({ input, okta, signal }) {
    // The values are read by the associated name; the definition answers to either name (spec).
    const { data: definition } = await okta.request<{ associated: { name: string } }>({
      path: pathOf('/api/v1/meta/schemas/user/linkedObjects/{relationshipName}', input),
      signal,
    });
    const userId = await userPathRef(okta, input.userId, signal);
    const { data } = await okta.request<unknown[]>({
      path: pathOf('/api/v1/users/{userId}/linkedObjects/{associatedName}', {
        userId,
        associatedName: definition.associated.name,
      }),
      signal,
    });
    return { items: linkedUserIds(data).map((id) => ({ userId: id })) };
  },
});
