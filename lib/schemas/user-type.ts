/** @module Okta's user type (spec `UserType`) as zod, for action outputs. */
import { z } from 'zod';

export const UserType = z
  .looseObject({
    id: z.string(),
    name: z.string().meta({ description: 'The API name, fixed at creation.' }),
    displayName: z.string(),
    description: z.string().nullable().optional(),
    default: z.boolean().optional().meta({ description: 'True for the org’s default type, `user`.' }),
    created: z.string().optional(),
    lastUpdated: z.string().optional(),
    createdBy: z.string().nullable().optional(),
    lastUpdatedBy: z.string().nullable().optional(),
    _links: z.record(z.string(), z.unknown()).optional(),
  })
  .meta({ description: 'A user type: a profile schema users can be given.' });
