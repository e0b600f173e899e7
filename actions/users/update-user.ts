import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { extraProfile, profileFields } from '../../lib/schemas/profile.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { withRules } from '../../lib/schemas/rules.ts';
import { User } from '../../lib/schemas/user.ts';

const clearable = 'Leave out to keep; null clears it.';

const input = z.object({
  userId: userRef,
  firstName: profileFields.firstName.optional(),
  lastName: profileFields.lastName.optional(),
  email: profileFields.email.optional(),
  login: profileFields.login.optional(),
  mobilePhone: profileFields.mobilePhone
    .nullable()
    .optional()
    .meta({ ...profileFields.mobilePhone.meta(), description: `Mobile phone number. ${clearable}` }),
  secondEmail: profileFields.secondEmail
    .nullable()
    .optional()
    .meta({ ...profileFields.secondEmail.meta(), description: `Secondary email address. ${clearable}` }),
  profile: extraProfile.optional(),
});

export default defineAction({
  key: 'updateUser',
  label: 'Update User',
  description: 'Change some profile attributes of a user; the others are kept (a partial update).',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: withRules(input, [
    {
      ok: (i) =>
        ['firstName', 'lastName', 'email', 'login', 'mobilePhone', 'secondEmail', 'profile'].some(
          (name) => i[name as keyof typeof i] !== undefined,
        ),
      path: ['profile'],
      message: 'Give at least one attribute to change',
    },
  ]),
  output: User,
  examples: [
    { input: { userId: 'ada@example.com', mobilePhone: '+1 415 555 0100', profile: { department: 'Research' } } },
  ],
  request: {
    // POST is Okta's partial update; PUT would null every attribute left out (docs/okta.md §7.2). Sending the same
    // values twice changes nothing, so it is safe to retry after a 5xx.
    method: 'POST',
    path: '/api/v1/users/{userId}',
    resolve: { userId: 'userPath' },
    // The other attributes first, then the fields above, which win on a clash.
    body: {
      profile: 'profile',
      'profile.firstName': 'firstName',
      'profile.lastName': 'lastName',
      'profile.email': 'email',
      'profile.login': 'login',
      'profile.mobilePhone': 'mobilePhone',
      'profile.secondEmail': 'secondEmail',
    },
    idempotent: true,
  },
});
