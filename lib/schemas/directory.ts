/**
 * @module The org-level objects of Okta's spec as zod, for action outputs: OrgWellKnownMetadata, Device, Realm,
 * Policy and IdentitySourceSession. Loose objects: Okta adds fields and they pass through; nullable where Okta
 * returns null.
 */
import { z } from 'zod';

const Href = z.looseObject({ href: z.string() });
const Links = z.record(z.string(), z.union([Href, z.array(Href)]));

export const OrgMetadata = z
  .looseObject({
    id: z.string().meta({ description: 'The org id (00o…).' }),
    pipeline: z
      .string()
      .meta({ description: '"idx" for an Identity Engine org, "v1" for a Classic Engine org (docs/okta.md §7.5).' }),
    settings: z.looseObject({ analyticsCollectionEnabled: z.boolean().optional() }).nullable().optional(),
    _links: z
      .looseObject({ organization: Href.optional(), alternate: Href.optional() })
      .meta({ description: 'organization: the org URL; alternate: its custom domain, when it has one.' }),
  })
  .meta({ description: 'What an org says about itself, without authentication.' });

export const DeviceStatus = z
  .enum(['ACTIVE', 'DEACTIVATED', 'SUSPENDED', 'UNSUSPENDED', 'CREATED'])
  .meta({ description: 'The device lifecycle state.' });

export const Device = z
  .looseObject({
    id: z.string(),
    status: z.string().meta({ description: 'ACTIVE, SUSPENDED, DEACTIVATED or CREATED.' }),
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
    profile: z.looseObject({
      displayName: z.string().nullable().optional(),
      platform: z.string().nullable().optional(),
      manufacturer: z.string().nullable().optional(),
      model: z.string().nullable().optional(),
      osVersion: z.string().nullable().optional(),
      serialNumber: z.string().nullable().optional(),
      registered: z.boolean().nullable().optional(),
    }),
    resourceDisplayName: z.looseObject({ value: z.string().nullable().optional() }).nullable().optional(),
    _embedded: z.looseObject({ users: z.array(z.record(z.string(), z.unknown())).optional() }).optional(),
    _links: Links.optional(),
  })
  .meta({ description: 'A device registered with Okta (Identity Engine).' });
export type Device = z.infer<typeof Device>;

export const Realm = z
  .looseObject({
    id: z.string(),
    isDefault: z.boolean().optional(),
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
    profile: z.looseObject({
      name: z.string(),
      realmType: z.string().nullable().optional(),
      domains: z.array(z.string()).nullable().optional(),
    }),
    _links: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'A realm: a partition of the org’s users.' });
export type Realm = z.infer<typeof Realm>;

/** Every policy type of the spec's PolicyType, in the order Okta's admin console shows the common ones. */
export const PolicyType = z
  .enum([
    'OKTA_SIGN_ON',
    'ACCESS_POLICY',
    'PASSWORD',
    'MFA_ENROLL',
    'PROFILE_ENROLLMENT',
    'IDP_DISCOVERY',
    'ENTITY_RISK',
    'POST_AUTH_SESSION',
    'DEVICE_SIGNAL_COLLECTION',
    'SESSION_VIOLATION_DETECTION',
    'CLIENT_UPDATE',
    'IDENTITY_CLAIM_SOURCING',
  ])
  .meta({
    label: 'Policy type',
    description:
      'OKTA_SIGN_ON: global session; ACCESS_POLICY: app sign-in; PASSWORD; MFA_ENROLL: authenticator enrollment; ' +
      'PROFILE_ENROLLMENT: user profile; IDP_DISCOVERY: identity provider routing; and the other types of the spec.',
    example: 'OKTA_SIGN_ON',
  });

export const Policy = z
  .looseObject({
    id: z.string(),
    type: z.string(),
    name: z.string(),
    status: z.string().meta({ description: 'ACTIVE or INACTIVE.' }),
    description: z.string().nullable().optional(),
    priority: z.number().nullable().optional(),
    system: z.boolean().nullable().optional().meta({ description: 'True for the type’s default policy.' }),
    conditions: z.record(z.string(), z.unknown()).nullable().optional(),
    settings: z.record(z.string(), z.unknown()).nullable().optional(),
    created: z.string().nullable().optional(),
    lastUpdated: z.string().nullable().optional(),
    _embedded: z.record(z.string(), z.unknown()).optional(),
    _links: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'An Okta policy.' });
export type Policy = z.infer<typeof Policy>;

export const ImportSessionStatus = z
  .enum(['CREATED', 'IN_PROGRESS', 'TRIGGERED', 'COMPLETED', 'ERROR', 'EXPIRED', 'CLOSED'])
  .meta({
    description:
      'CREATED: takes uploads; TRIGGERED: Okta is importing; COMPLETED: imported; CLOSED: cancelled; EXPIRED: idle ' +
      'for 24 hours; ERROR: the import failed, open a new session.',
  });

export const ImportSession = z
  .looseObject({
    id: z.string().meta({ description: 'The session id.' }),
    identitySourceId: z.string(),
    status: ImportSessionStatus,
    importType: z.string().optional().meta({ description: 'Always INCREMENTAL today.' }),
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
  })
  .meta({ description: 'An identity-source import session.' });
export type ImportSession = z.infer<typeof ImportSession>;

/** Okta takes at most 200 profiles (or 200 KB) per bulk request (docs/okta.md §7.5). */
export const MAX_IMPORT_PROFILES = 200;

const text = (max: number) => z.string().max(max).nullable().optional();

/**
 * One user of a bulk upsert (spec BulkUpsertRequestBody): the source's immutable `externalId` and the profile
 * attributes the Custom Identity Source maps to Okta, strings only (spec IdentitySourceUserProfileForUpsert).
 */
export const ImportProfile = z
  .object({
    externalId: z.string().min(1, 'Enter the user’s id in the source').max(512).meta({
      description: 'The user’s unique, never-changing id in the source system (at most 512 characters).',
    }),
    profile: z
      .object({
        userName: z.string().max(100).optional(),
        email: z.email().max(100).optional(),
        firstName: text(50),
        lastName: text(50),
        secondEmail: z.email().max(100).optional(),
        mobilePhone: text(100),
        homeAddress: text(4096),
      })
      .catchall(z.string().nullable())
      .meta({ description: 'Source attributes, strings only: userName, email, firstName, lastName and custom ones.' }),
  })
  .meta({ description: 'A user to create or update from the identity source.' });
