import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { linkedObjectRef, userRef } from '../../lib/schemas/refs.ts';

export default defineAction({
  key: 'setLinkedObjectValue',
  label: 'Set Linked Object Value',
  description:
    'Link a user to their primary in a relationship, e.g. set an employee’s manager. A user has one primary per ' +
    'relationship: this replaces the previous one. Safe to repeat.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({
    userId: userRef.meta({ ...userRef.meta(), description: 'The associated user, e.g. the employee' }),
    primaryName: linkedObjectRef,
    primaryUserId: userRef.meta({
      ...userRef.meta(),
      label: 'Primary user',
      description: 'The primary user, e.g. the manager: an id or a login',
    }),
  }),
  output: z.object({
    userId: z.string().meta({ description: 'The associated user, as given.' }),
    primaryName: z.string(),
    primaryUserId: z.string().meta({ description: 'The Okta id of the primary user.' }),
  }),
  examples: [
    {
      input: { userId: 'ada@example.com', primaryName: 'manager', primaryUserId: 'grace@example.com' },
      output: { userId: 'ada@example.com', primaryName: 'manager', primaryUserId: '00u5t60iloOHN9pBi0h7' },
    },
  ],
  request: {
    // The primary must be given by id (spec assignLinkedObjectValueForPrimary); the associated user by id or login.
    method: 'PUT',
    path: '/api/v1/users/{userId}/linkedObjects/{primaryName}/{primaryUserId}',
    resolve: { userId: 'userPath', primaryUserId: 'user' },
    output: { userId: 'input.userId', primaryName: 'input.primaryName', primaryUserId: 'input.primaryUserId' },
  },
});
