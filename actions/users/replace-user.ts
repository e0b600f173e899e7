import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { extraProfile, profileFields } from '../../lib/schemas/profile.ts';
import { userRef, userTypeRef } from '../../lib/schemas/refs.ts';
import { User } from '../../lib/schemas/user.ts';

export default defineAction({
  key: 'replaceUser',
  label: 'Replace User',
  description:
    'Replace a user’s whole profile: every attribute left out is cleared. Also the only way to move a user to ' +
    'another user type. To change a few attributes, use Update User.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  input: z.object({
    userId: userRef,
    firstName: profileFields.firstName,
    lastName: profileFields.lastName,
    email: profileFields.email,
    login: profileFields.login,
    mobilePhone: profileFields.mobilePhone.optional(),
    secondEmail: profileFields.secondEmail.optional(),
    profile: extraProfile.optional(),
    typeId: userTypeRef.optional().meta({
      ...userTypeRef.meta(),
      description: 'Move the user to this user type; left out, the type stays.',
    }),
  }),
  output: User,
  examples: [
    {
      input: {
        userId: 'ada@example.com',
        firstName: 'Ada',
        lastName: 'Lovelace',
        email: 'ada@example.com',
        login: 'ada@example.com',
        profile: { department: 'Research' },
      },
    },
  ],
  request: {
    // PUT replaces the profile: attributes left out become null (docs/okta.md §7.2).
    method: 'PUT',
    path: '/api/v1/users/{userId}',
    resolve: { userId: 'userPath' },
    body: {
      profile: 'profile',
      'profile.firstName': 'firstName',
      'profile.lastName': 'lastName',
      'profile.email': 'email',
      'profile.login': 'login',
      'profile.mobilePhone': 'mobilePhone',
      'profile.secondEmail': 'secondEmail',
      'type.id': 'typeId',
    },
  },
});
