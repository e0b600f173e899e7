import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { isOktaApiError } from '../../lib/errors.ts';
import type { OktaClient } from '../../lib/http/client.ts';
import { pathOf } from '../../lib/http/path.ts';
import { type EventHookJson, eventHookRef } from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'deleteEventHook',
  label: 'Delete Event Hook',
  description:
    'Delete an event hook permanently: Okta stops delivering its events. An active hook is deactivated first, as ' +
    'Okta deletes only inactive hooks. This cannot be undone; after a lost answer, running it again on ' +
    'a deleted hook fails with not found.',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  operations: [
    'GET /api/v1/eventHooks/{eventHookId}',
    'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
    'DELETE /api/v1/eventHooks/{eventHookId}',
  ],
  input: z.object({ eventHookId: eventHookRef }),
  output: z.object({
    eventHookId: z.string().meta({ description: 'The id the deleted hook had.' }),
    name: z.string().meta({ description: 'The name the hook had.' }),
    url: z.string().meta({ description: 'The URL the hook called.' }),
    deactivated: z.boolean().meta({ description: 'True when the hook had to be deactivated before deletion.' }),
  }),
  examples: [
    {
      input: { eventHookId: 'who8vt36qfNpCGz9H1e6' },
      output: {
        eventHookId: 'who8vt36qfNpCGz9H1e6',
        name: 'HR sync',
        url: 'https://example.com/okta',
        deactivated: true,
      },
    },
  ],
  async run({ input, okta, signal }) {
    const path = pathOf('/api/v1/eventHooks/{eventHookId}', input);
    const { data: hook } = await okta.request<EventHookJson>({ path, signal });
    return deleteHook(okta, hook, signal);
  },
});

/** Deactivates when ACTIVE — Okta deletes only INACTIVE hooks (docs/okta.md §4.3) — then deletes. */
export async function deleteHook(okta: OktaClient, hook: EventHookJson, signal: AbortSignal) {
  const path = pathOf('/api/v1/eventHooks/{id}', { id: hook.id });
  const deactivated = hook.status === 'ACTIVE';
  if (deactivated) {
    await okta.request({ method: 'POST', path: `${path}/lifecycle/deactivate`, signal, idempotent: true });
  }
  try {
    await okta.request({ method: 'DELETE', path, signal });
  } catch (error) {
    // A retried DELETE whose first attempt went through finds the hook gone: that is the goal reached.
    if (!isOktaApiError(error, 404)) throw error;
  }
  return { eventHookId: hook.id, name: hook.name, url: hook.channel.config.uri, deactivated };
}
