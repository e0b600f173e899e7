/** @module The Okta Group object as zod (`components/schemas/Group` in Okta's spec), for action outputs. */
import { z } from 'zod';

/** Only OKTA_GROUP profiles and memberships can be changed through the API (docs/okta.md §2.4). */
export const GroupType = z
  .enum(['OKTA_GROUP', 'APP_GROUP', 'BUILT_IN'])
  .meta({ description: 'How the group profile and memberships are managed.' });

const Href = z.looseObject({ href: z.string() });

export const Group = z
  .looseObject({
    id: z.string(),
    // Okta's spec requires no field of a group, and its listUserGroups example has no type.
    type: GroupType.optional(),
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
    lastMembershipUpdated: z.string().optional(),
    objectClass: z.array(z.string()).optional(),
    profile: z.looseObject({ name: z.string(), description: z.string().nullable().optional() }),
    _embedded: z
      .looseObject({
        stats: z.looseObject({ usersCount: z.number().optional(), appsCount: z.number().optional() }).optional(),
        app: z.record(z.string(), z.unknown()).optional(),
      })
      .optional(),
    _links: z.record(z.string(), z.union([Href, z.array(Href)])).optional(),
  })
  .meta({ description: 'An Okta group.' });
export type Group = z.infer<typeof Group>;
