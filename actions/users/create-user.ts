import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { createOnce, oktaAnswered } from '../../lib/idempotent-create.ts';
import { PasswordHash } from '../../lib/schemas/credentials.ts';
import { extraProfile, profileFields, toProfile } from '../../lib/schemas/profile.ts';
import { groupRef, userTypeRef } from '../../lib/schemas/refs.ts';
import { isSet, withRules } from '../../lib/schemas/rules.ts';
import { User } from '../../lib/schemas/user.ts';
import { scimString } from '../../lib/scim.ts';

const input = z.object({
  ...profileFields,
  login: profileFields.login
    .optional()
    .meta({ ...profileFields.login.meta(), description: 'Unique username; defaults to the email.' }),
  mobilePhone: profileFields.mobilePhone.optional(),
  secondEmail: profileFields.secondEmail.optional(),
  profile: extraProfile.optional(),
  password: z.string().min(1).optional().meta({
    label: 'Password',
    description: 'Sets a password; the org password policy applies. Leave empty to let the user choose one.',
    format: 'password',
    writeOnly: true,
  }),
  passwordHash: PasswordHash.optional().meta({
    label: 'Imported password hash',
    description: 'A hashed password imported from another system, instead of a password.',
    example: {
      algorithm: 'BCRYPT',
      workFactor: 10,
      salt: 'rwh3vH166HCH/NT9XV5FYu',
      value: 'qaMqvAPULkbiQzkTCWo5XDcvzpk8Tna',
    },
  }),
  recoveryQuestion: z.string().min(1).max(100).optional().meta({
    label: 'Recovery question',
    description: 'Asked when the user recovers their account; give the answer too.',
    example: 'Who is a famous mathematician?',
  }),
  recoveryAnswer: z.string().min(1).max(100).optional().meta({
    label: 'Recovery answer',
    description: 'The answer to the recovery question.',
    writeOnly: true,
  }),
  // A refinement rather than .max(20): zod 4 aborts the whole parse on an oversized array, which would hide the
  // other fields' problems; maxItems keeps the limit in the manifest.
  groupIds: z
    .array(groupRef)
    .refine((ids) => ids.length <= 20, 'Okta adds a new user to at most 20 groups (E0000093); add the others later')
    .optional()
    .meta({
      label: 'Groups',
      description: 'Groups to add the user to, at most 20.',
      dataSource: 'selectGroup',
      maxItems: 20,
    }),
  typeId: userTypeRef.optional().meta({
    ...userTypeRef.meta(),
    description: 'Id of a non-default user type.',
  }),
  realmId: z.string().min(1).optional().meta({
    label: 'Realm',
    description: 'Id of the realm the user belongs to.',
    example: 'guo1bfiNtSnZYILxO0g4',
    dataSource: 'selectRealm',
  }),
  activate: z.boolean().default(true).meta({
    label: 'Activate',
    description: 'Activate the user now; otherwise the user is created STAGED.',
  }),
  nextLogin: z.enum(['changePassword']).optional().meta({
    label: 'At next sign-in',
    description: 'changePassword: the password is set expired, and the user must change it when signing in.',
  }),
  provider: z.enum(['OKTA', 'ACTIVE_DIRECTORY', 'LDAP', 'FEDERATION', 'SOCIAL', 'IMPORT']).optional().meta({
    label: 'Authentication provider',
    description: 'Who validates the credentials; FEDERATION and SOCIAL users sign in through their identity provider.',
  }),
  providerName: z.string().min(1).optional().meta({
    label: 'Provider name',
    description: 'The provider instance, e.g. the Active Directory or LDAP name.',
  }),
});

export default defineAction({
  key: 'createUser',
  label: 'Create User',
  description:
    'Create a user with a profile, optionally a password or imported hash, groups, type and realm. ' +
    'After a lost answer, the login is looked up before the user is sent again: one user, never two.',
  area: 'users',
  scopes: ['okta.users.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  // A create whose answer may be lost is looked up before it is sent again (lib/idempotent-create.ts).
  operations: ['POST /api/v1/users', 'GET /api/v1/users'],
  input: withRules(input, [
    {
      ok: (i) => !(isSet(i.password) && isSet(i.passwordHash)),
      path: ['passwordHash'],
      message: 'Give a password or an imported hash, not both',
    },
    {
      ok: (i) => isSet(i.recoveryQuestion) === isSet(i.recoveryAnswer),
      path: ['recoveryAnswer'],
      message: 'A recovery question needs its answer, and an answer its question',
    },
    {
      // Okta answers E0000125 otherwise (docs/okta.md §6).
      ok: (i) => i.nextLogin === undefined || i.activate !== false,
      path: ['nextLogin'],
      message: 'nextLogin "changePassword" requires Activate: a staged user has no password to expire',
    },
    {
      // Okta answers E0000124 otherwise (spec example ErrorCreateUserWithExpiredPasswordWithNullPassword).
      ok: (i) => i.nextLogin === undefined || isSet(i.password),
      path: ['password'],
      message: 'nextLogin "changePassword" requires a password to expire',
    },
    {
      ok: (i) =>
        !(i.provider === 'FEDERATION' || i.provider === 'SOCIAL') ||
        !(isSet(i.password) || isSet(i.passwordHash) || isSet(i.recoveryQuestion)),
      path: ['provider'],
      message:
        'FEDERATION and SOCIAL users sign in through their identity provider: give no password or recovery question',
    },
  ]),
  output: User,
  examples: [
    {
      input: { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@example.com', groupIds: ['00g1emaKYZTWRYYRRTSK'] },
    },
    {
      input: {
        firstName: 'Grace',
        lastName: 'Hopper',
        email: 'grace@example.com',
        password: 'Tr0ub4dor&3-horse',
        nextLogin: 'changePassword',
        profile: { department: 'Engineering' },
      },
    },
  ],
  async run({ input, okta, signal, log }) {
    const credentials: Record<string, unknown> = {};
    if (input.password) credentials.password = { value: input.password };
    if (input.passwordHash) credentials.password = { hash: input.passwordHash };
    if (input.recoveryQuestion) {
      credentials.recovery_question = { question: input.recoveryQuestion, answer: input.recoveryAnswer };
    }
    if (input.provider) credentials.provider = { type: input.provider, name: input.providerName };
    const body = {
      profile: toProfile({ ...input, login: input.login ?? input.email }, input.profile),
      ...(Object.keys(credentials).length ? { credentials } : {}),
      ...(input.groupIds?.length ? { groupIds: input.groupIds } : {}),
      ...(input.typeId ? { type: { id: input.typeId } } : {}),
      ...(input.realmId ? { realmId: input.realmId } : {}),
    };
    const profile = body.profile as Record<string, unknown>;
    // A POST is never resent blindly: after an answer that may have been lost, the login is looked up first.
    return createOnce({
      what: 'user',
      send: async () =>
        (
          await okta.request<User>({
            method: 'POST',
            path: '/api/v1/users',
            query: {
              activate: input.activate,
              provider: input.provider ? true : undefined,
              nextLogin: input.nextLogin,
            },
            body,
            signal,
          })
        ).data,
      lookup: async () => {
        // `filter` is up to date where `search` may lag behind (docs/okta.md §2.3); logins compare case-insensitively.
        const { data } = await okta.request<User[]>({
          path: '/api/v1/users',
          query: { filter: `profile.login eq ${scimString(String(profile.login))}`, limit: 2 },
          signal,
        });
        return (Array.isArray(data) ? data : []).find((user) => isSameUser(user.profile, profile));
      },
      // Okta refuses a login that exists: 400 E0000001 "login: An object with this field already exists".
      isConflict: (error) => oktaAnswered(error, 400, 'E0000001'),
      log,
    });
  },
});

/** The user Okta holds is the one sent: same login (case-insensitive, as Okta compares them) and names and email. */
function isSameUser(found: Record<string, unknown> | undefined, sent: Record<string, unknown>): boolean {
  if (!found || String(found.login).toLowerCase() !== String(sent.login).toLowerCase()) return false;
  return ['firstName', 'lastName', 'email'].every((field) => sent[field] === undefined || found[field] === sent[field]);
}
