/**
 * @module Okta's Application, AppUser and ApplicationGroupAssignment objects as zod (`components/schemas/…` in Okta's
 * spec), for action outputs. Loose objects: each sign-on mode and OIN app adds its own settings, and Okta adds
 * properties over time.
 */
import { z } from 'zod';

const Href = z.looseObject({ href: z.string() });
const Links = z.record(z.string(), z.union([Href, z.array(Href)])).optional();
const nullableString = z.string().nullable().optional();

export const AppStatus = z.enum(['ACTIVE', 'INACTIVE', 'DELETED']).meta({ description: 'The app lifecycle status.' });

/** Sign-on modes of the spec's `ApplicationSignOnMode`; a string, as Okta adds modes. */
export const SignOnMode = z.string().meta({
  description:
    'How users sign in: BOOKMARK, BASIC_AUTH, BROWSER_PLUGIN, SECURE_PASSWORD_STORE, AUTO_LOGIN, SAML_2_0, ' +
    'SAML_1_1, WS_FEDERATION, OPENID_CONNECT, and others Okta adds.',
  example: 'SAML_2_0',
});

export const App = z
  .looseObject({
    id: z.string(),
    name: z.string().meta({ description: 'The app definition key (bookmark, oidc_client, an OIN app key…).' }),
    label: z.string().meta({ description: 'The name people see.' }),
    status: AppStatus,
    signOnMode: SignOnMode,
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
    features: z.array(z.string()).optional(),
    accessibility: z.record(z.string(), z.unknown()).optional(),
    visibility: z.record(z.string(), z.unknown()).optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
    settings: z.record(z.string(), z.unknown()).optional(),
    profile: z.record(z.string(), z.unknown()).nullable().optional(),
    _embedded: z.record(z.string(), z.unknown()).optional(),
    _links: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'An Okta app integration.' });

export const AppUser = z
  .looseObject({
    id: z.string().meta({ description: 'The Okta id of the user.' }),
    scope: z.enum(['USER', 'GROUP']).meta({ description: 'USER when assigned directly, GROUP through a group.' }),
    status: z.string().optional(),
    externalId: nullableString,
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
    statusChanged: nullableString,
    passwordChanged: nullableString,
    syncState: z.string().optional(),
    credentials: z
      .looseObject({ userName: z.string().optional() })
      .nullable()
      .optional()
      .meta({ description: 'The username for the app; a password is never returned.' }),
    profile: z.record(z.string(), z.unknown()).optional(),
    _embedded: z.record(z.string(), z.unknown()).optional(),
    _links: Links,
  })
  .meta({ description: 'A user assigned to an app.' });

export const AppGroupAssignment = z
  .looseObject({
    id: z.string().meta({ description: 'The Okta id of the group.' }),
    priority: z.number().int().optional(),
    lastUpdated: z.string().optional(),
    profile: z.record(z.string(), z.unknown()).optional(),
    _embedded: z.record(z.string(), z.unknown()).optional(),
    _links: Links,
  })
  .meta({ description: 'A group assigned to an app; its members are app users with scope GROUP.' });

/** What a lifecycle action returns: the app as it is after the call. */
export const AppLifecycleResult = z.object({
  appId: z.string().meta({ description: 'The Okta id of the app.' }),
  label: z.string().meta({ description: 'The app label.' }),
  status: AppStatus,
});
