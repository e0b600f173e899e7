import { z } from 'zod';
import { defineWebhookTrigger } from '../lib/define.ts';
import { EventRecord } from '../lib/schemas/event-record.ts';
import { withRules } from '../lib/schemas/rules.ts';
import {
  ELIGIBLE_EVENT_TYPES,
  EVENT_HOOK_LIFECYCLE,
  hookFields,
  MAX_EVENT_TYPES,
} from '../lib/triggers/event-hooks.ts';
import { eventWebhook } from '../lib/triggers/event-triggers.ts';

const eventType = z
  .string()
  .trim()
  .refine((type) => ELIGIBLE_EVENT_TYPES.has(type), {
    message: 'Not an event type Okta delivers by event hook (see the selectEventType picklist)',
  });

const input = withRules(
  z.object({
    eventTypes: z
      .array(eventType)
      .min(1, 'Pick at least one event type')
      .max(MAX_EVENT_TYPES, `Okta takes at most ${MAX_EVENT_TYPES} event types per hook`)
      .refine((types) => new Set(types).size === types.length, 'Each event type once')
      .meta({
        label: 'Event types',
        description: 'The event-hook-eligible Okta event types to receive.',
        example: ['user.lifecycle.create', 'user.lifecycle.deactivate'],
        dataSource: 'selectEventType',
      }),
    ...hookFields,
  }),
  [
    {
      // Okta filters only the types the hook delivers (docs/okta.md §4.3).
      ok: ({ eventTypes, filters }) =>
        !Array.isArray(filters) ||
        filters.every(
          (f) => Array.isArray(eventTypes) && eventTypes.includes((f as { eventType?: unknown }).eventType),
        ),
      path: ['filters'],
      message: 'Each filter must be for one of the chosen event types',
    },
  ],
);

export default defineWebhookTrigger({
  key: 'eventHook',
  label: 'Okta Event Hook',
  description:
    'Runs the flow for each Okta event of the chosen types, as it happens: registers, verifies and later removes ' +
    'its own event hook, and accepts only deliveries that carry its secret. One record per event.',
  scopes: ['okta.eventHooks.manage'],
  operations: EVENT_HOOK_LIFECYCLE,
  input,
  output: EventRecord,
  examples: [
    { input: { eventTypes: ['user.lifecycle.create'] } },
    {
      input: {
        eventTypes: ['group.user_membership.add'],
        filters: [
          {
            eventType: 'group.user_membership.add',
            expression: "event.target.?[type eq 'UserGroup' && displayName eq 'Sales'].size() > 0",
          },
        ],
        headers: [{ key: 'X-Flow', value: 'onboarding' }],
      },
    },
  ],
  ...eventWebhook<z.output<typeof input>>((input) => ({
    name: `okta-connector eventHook (${input.eventTypes.length} event types)`,
    eventTypes: input.eventTypes,
    filters: input.filters,
    headers: input.headers,
  })),
});
