import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { ValidationError } from '../../lib/errors.ts';
import { pathOf } from '../../lib/http/path.ts';
import {
  authFields,
  EventHook,
  type EventHookJson,
  eventHookRef,
  eventsOf,
  eventTypesInput,
  hookFilters,
  hookHeaders,
  hookUrl,
  withoutSecret,
} from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'updateEventHook',
  label: 'Update Event Hook',
  description:
    'Change an event hook: only the fields you fill in change, the others keep their values. Changing the URL, ' +
    'headers or secret makes Okta verify the hook again (run Verify Event Hook). Okta keeps no secret it is not ' +
    'sent: give the Authorization secret whenever the hook has one. Running it again gives the same hook.',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  operations: ['GET /api/v1/eventHooks/{eventHookId}', 'PUT /api/v1/eventHooks/{eventHookId}'],
  input: z.object({
    eventHookId: eventHookRef,
    name: z.string().trim().min(1).max(255).optional().meta({ label: 'Name', description: 'A new name.' }),
    description: z.string().max(1024).optional().meta({ label: 'Description', description: 'A new description.' }),
    url: hookUrl.optional().meta({ ...hookUrl.meta(), description: 'A new https endpoint; Okta verifies it again.' }),
    eventTypes: eventTypesInput
      .optional()
      .meta({ ...eventTypesInput.meta(), description: 'Replaces the event types.' }),
    authHeaderName: authFields.authHeaderName
      .removeDefault()
      .optional()
      .meta({ label: 'Authorization header', description: 'A new name for the header Okta sends the secret in.' }),
    authHeaderValue: authFields.authHeaderValue
      .optional()
      .meta({ ...authFields.authHeaderValue.meta(), description: 'The secret Okta sends in that header.' }),
    headers: hookHeaders,
    filters: hookFilters,
  }),
  output: EventHook,
  examples: [{ input: { eventHookId: 'who8vt36qfNpCGz9H1e6', eventTypes: ['user.lifecycle.create'] } }],
  async run({ input, okta, signal }) {
    const fields = [
      'name',
      'description',
      'url',
      'eventTypes',
      'authHeaderName',
      'authHeaderValue',
      'headers',
      'filters',
    ];
    if (!fields.some((field) => input[field as keyof typeof input] !== undefined)) {
      throw new ValidationError('Fill in at least one field to change.', [
        { path: 'name', message: 'Nothing to change' },
      ]);
    }
    const path = pathOf('/api/v1/eventHooks/{eventHookId}', input);
    // Okta replaces the whole hook (spec replaceEventHook): read it, change what was given, send it back.
    const { data: hook } = await okta.request<EventHookJson>({ path, signal });
    const config = hook.channel.config;
    const filter = hook.events.filter as { eventFilterMap?: unknown } | null | undefined;
    const authKey = input.authHeaderName ?? config.authScheme?.key;
    const { data } = await okta.request<EventHookJson>({
      method: 'PUT',
      path,
      signal,
      idempotent: true,
      body: {
        name: input.name ?? hook.name,
        description: input.description ?? hook.description ?? undefined,
        events: input.filters
          ? eventsOf(input.eventTypes ?? hook.events.items, input.filters)
          : { type: 'EVENT_TYPE', items: input.eventTypes ?? hook.events.items, ...(filter ? { filter } : {}) },
        channel: {
          type: hook.channel.type,
          version: hook.channel.version,
          config: {
            uri: input.url ?? config.uri,
            headers: input.headers ?? config.headers ?? [],
            ...(authKey
              ? {
                  authScheme: {
                    type: 'HEADER',
                    key: authKey,
                    ...(input.authHeaderValue !== undefined ? { value: input.authHeaderValue } : {}),
                  },
                }
              : {}),
          },
        },
      },
    });
    return withoutSecret(data);
  },
});
