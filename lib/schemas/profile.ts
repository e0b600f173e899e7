/**
 * @module Profile fields as flat action inputs (`firstName`, not `profile.firstName`), by Okta's names, with the
 * limits of Okta's default user profile (spec `UserProfile`). Anything else goes in the `profile` record.
 */
import { z } from 'zod';

export const profileFields = {
  firstName: z.string().trim().min(1).max(50).meta({
    label: 'First name',
    description: 'Given name of the user.',
    example: 'Ada',
  }),
  lastName: z.string().trim().min(1).max(50).meta({
    label: 'Last name',
    description: 'Family name of the user.',
    example: 'Lovelace',
  }),
  email: z.email('Enter an email address, like ada@example.com').max(100).meta({
    label: 'Email',
    description: 'Primary email address of the user.',
    example: 'ada@example.com',
  }),
  login: z.string().trim().min(5).max(100).meta({
    label: 'Login',
    description: 'Unique username, usually an email address.',
    example: 'ada@example.com',
  }),
  mobilePhone: z.string().trim().max(100).meta({
    label: 'Mobile phone',
    description: 'Mobile phone number of the user.',
    example: '+1 415 555 0100',
  }),
  secondEmail: z.email('Enter an email address, like ada@example.com').max(100).meta({
    label: 'Secondary email',
    description: 'Secondary email address of the user.',
    example: 'ada.lovelace@example.org',
  }),
};

export const extraProfile = z.record(z.string(), z.unknown()).meta({
  label: 'Other profile attributes',
  description: 'More profile attributes by their Okta names, custom ones included; the fields above win on a clash.',
  example: { department: 'Engineering', employeeNumber: '1815' },
});

type FlatProfile = Partial<Record<keyof typeof profileFields, string | null | undefined>>;

/** The Okta `profile` object: the extra attributes, then the flat fields that were given. */
export function toProfile(flat: FlatProfile, extra: Record<string, unknown> | undefined): Record<string, unknown> {
  const profile: Record<string, unknown> = { ...extra };
  for (const name of Object.keys(profileFields) as (keyof typeof profileFields)[]) {
    if (flat[name] !== undefined) profile[name] = flat[name];
  }
  return profile;
}
