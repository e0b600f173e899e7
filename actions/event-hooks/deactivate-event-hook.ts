import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { EventHook, eventHookRef } from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'deactivateEventHook',
  label: 'Deactivate Event Hook',
  description:
    'Deactivate an event hook: Okta stops delivering its events until it is activated again. Deactivating an inactive hook changes nothing.',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ eventHookId: eventHookRef }),
  output: EventHook,
  examples: [{ input: { eventHookId: 'who8vt36qfNpCGz9H1e6' } }],
  // The lifecycle call answers the hook itself (spec deactivateEventHook); repeating it is harmless.
  request: { method: 'POST', path: '/api/v1/eventHooks/{eventHookId}/lifecycle/deactivate', idempotent: true },
});
