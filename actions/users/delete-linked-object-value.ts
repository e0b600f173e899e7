import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { linkedObjectRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'deleteLinkedObjectValue',
  label: 'Delete Linked Object Value',
  description: 'Remove a user’s primary in a relationship, e.g. clear an employee’s manager. Safe to repeat.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  input: z.object({
    userId: userRef.meta({ ...userRef.meta(), description: 'The associated user, e.g. the employee' }),
    primaryName: linkedObjectRef,
  }),
  output: z.object({
    userId: z.string().meta({ description: 'The associated user, as given.' }),
    primaryName: z.string(),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', primaryName: 'manager' },
      output: { userId: 'ada@example.com', primaryName: 'manager' },
    },
  ],
  request: {
    // Only a primary name is accepted here (spec deleteLinkedObjectForUser).
    method: 'DELETE',
    path: '/api/v1/users/{userId}/linkedObjects/{primaryName}',
    resolve: { userId: 'userPath' },
    output: { userId: 'input.userId', primaryName: 'input.primaryName' },
  },
});
