/** @module The System Log LogEvent as zod (`components/schemas/LogEvent`; docs/okta.md §3.3), for action outputs. */
import { z } from 'zod';

const Entity = z.looseObject({
  id: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  alternateId: z.string().nullable().optional(),
  displayName: z.string().nullable().optional(),
  detailEntry: z.record(z.string(), z.unknown()).nullable().optional(),
});

export const LogEvent = z
  .looseObject({
    uuid: z.string(),
    published: z.string(),
    eventType: z.string(),
    // The spec types it a string ("0"), yet its own ListLogs example sends the number 0: both are accepted.
    version: z.union([z.string(), z.number()]).optional(),
    severity: z.enum(['DEBUG', 'INFO', 'WARN', 'ERROR']).optional(),
    displayMessage: z.string().nullable().optional(),
    legacyEventType: z.string().nullable().optional(),
    actor: Entity.optional(),
    client: z.record(z.string(), z.unknown()).nullable().optional(),
    outcome: z
      .looseObject({ result: z.string().nullable().optional(), reason: z.string().nullable().optional() })
      .nullable()
      .optional(),
    target: z
      .array(Entity.extend({ changeDetails: z.record(z.string(), z.unknown()).nullable().optional() }))
      .nullable()
      .optional(),
    transaction: z.record(z.string(), z.unknown()).nullable().optional(),
    debugContext: z.record(z.string(), z.unknown()).nullable().optional(),
    authenticationContext: z.record(z.string(), z.unknown()).nullable().optional(),
    securityContext: z.record(z.string(), z.unknown()).nullable().optional(),
    request: z.record(z.string(), z.unknown()).nullable().optional(),
  })
  .meta({ description: 'A System Log event.' });
export type LogEvent = z.infer<typeof LogEvent>;
