import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import {
  authFields,
  EventHook,
  type EventHookJson,
  eventsOf,
  eventTypesInput,
  hookFilters,
  hookHeaders,
  hookUrl,
  withoutSecret,
} from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'createEventHook',
  label: 'Create Event Hook',
  description:
    'Create an event hook: Okta will POST the chosen events to your https URL, with your secret in a header. The ' +
    'hook starts ACTIVE but UNVERIFIED: run Verify Event Hook before Okta delivers anything. After a lost answer ' +
    'it is not resent: running it again makes a second hook (List Event Hooks shows whether the first was made).',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.manage'],
  hints: { readOnly: false, destructive: false, idempotent: false },
  operations: ['POST /api/v1/eventHooks'],
  input: z.object({
    name: z.string().trim().min(1).max(255).meta({
      label: 'Name',
      description: 'How the hook shows in the Admin Console.',
      example: 'New users to HR system',
    }),
    description: z.string().max(1024).optional().meta({ label: 'Description', description: 'What the hook is for.' }),
    url: hookUrl,
    eventTypes: eventTypesInput,
    ...authFields,
    headers: hookHeaders,
    filters: hookFilters,
  }),
  output: EventHook,
  examples: [
    {
      input: {
        name: 'New users to HR system',
        url: 'https://example.com/okta/events',
        eventTypes: ['user.lifecycle.create'],
        authHeaderName: 'Authorization',
        authHeaderValue: 'a-long-random-secret',
      },
    },
  ],
  async run({ input, okta, signal }) {
    // A POST: never resent after a 5xx or a broken connection, so the hook is not created twice.
    const { data } = await okta.request<EventHookJson>({
      method: 'POST',
      path: '/api/v1/eventHooks',
      signal,
      body: {
        name: input.name,
        ...(input.description !== undefined ? { description: input.description } : {}),
        events: eventsOf(input.eventTypes, input.filters),
        channel: {
          type: 'HTTP',
          version: '1.0.0',
          config: {
            uri: input.url,
            headers: input.headers ?? [],
            authScheme: { type: 'HEADER', key: input.authHeaderName, value: input.authHeaderValue },
          },
        },
      },
    });
    return withoutSecret(data);
  },
});
