/**
 * @module The Okta User object as zod (`components/schemas/User` in Okta's spec), for action outputs.
 *
 * Loose objects: Okta adds properties over time and profiles carry custom attributes, and an output check must not
 * fail on a field we do not model.
 */
import { z } from 'zod';
import type { DeclarativeRequest } from '../define.ts';

/** docs/okta.md §7.1. `ACTIVATING` is transient and never settable, but can be read. */
export const UserStatus = z
  .enum([
    'STAGED',
    'PROVISIONED',
    'ACTIVE',
    'RECOVERY',
    'PASSWORD_EXPIRED',
    'LOCKED_OUT',
    'SUSPENDED',
    'DEPROVISIONED',
    'ACTIVATING',
  ])
  .meta({ description: 'The lifecycle status of the user.' });
export type UserStatus = z.infer<typeof UserStatus>;

const nullableString = z.string().nullable().optional();

export const UserProfile = z
  .looseObject({
    login: z.string(),
    email: nullableString,
    secondEmail: nullableString,
    firstName: nullableString,
    lastName: nullableString,
    displayName: nullableString,
    mobilePhone: nullableString,
  })
  .meta({ description: 'Default and custom profile attributes.' });

const Href = z.looseObject({ href: z.string() });

export const User = z
  .looseObject({
    id: z.string(),
    status: UserStatus,
    created: z.string().optional(),
    activated: nullableString,
    statusChanged: nullableString,
    lastLogin: nullableString,
    lastUpdated: z.string().optional(),
    passwordChanged: nullableString,
    transitioningToStatus: z.enum(['ACTIVE', 'DEPROVISIONED', 'PROVISIONED']).nullable().optional(),
    realmId: z.string().optional(),
    type: z.looseObject({ id: z.string().optional() }).optional(),
    profile: UserProfile,
    credentials: z.record(z.string(), z.unknown()).optional(),
    _embedded: z.record(z.string(), z.unknown()).optional(),
    _links: z.record(z.string(), z.union([Href, z.array(Href)])).optional(),
  })
  .meta({ description: 'An Okta user.' });
export type User = z.infer<typeof User>;

/** What lifecycle actions return: the user's id and the status Okta reports after the change. */
export const LifecycleResult = z.object({
  userId: z.string().meta({ description: 'The Okta id of the user.' }),
  login: z.string().meta({ description: 'The login of the user.' }),
  status: UserStatus,
  transitioningToStatus: z
    .enum(['ACTIVE', 'DEPROVISIONED', 'PROVISIONED'])
    .optional()
    .meta({ description: 'Set while Okta is still completing an asynchronous transition (docs/okta.md §7.1).' }),
});

/**
 * For a declarative lifecycle operation on `/api/v1/users/{userId}/lifecycle/…`: the user given by id or login, and
 * the user read back afterwards, as Okta may complete the change later (`transitioningToStatus`, docs/okta.md §7.1),
 * mapped to `LifecycleResult`.
 */
export const lifecycleReadBack = {
  resolve: { userId: 'userPath' },
  readBack: { method: 'GET', path: '/api/v1/users/{userId}' },
  output: {
    userId: 'readBack.id',
    login: 'readBack.profile.login',
    status: 'readBack.status',
    transitioningToStatus: 'readBack.transitioningToStatus',
  },
} as const satisfies Partial<DeclarativeRequest>;
