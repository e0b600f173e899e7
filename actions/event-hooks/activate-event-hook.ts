import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { EventHook, eventHookRef } from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'activateEventHook',
  label: 'Activate Event Hook',
  description:
    'Activate an inactive event hook, so Okta delivers its events again (if it is verified). Activating an active hook changes nothing. Okta allows at most 25 active hooks.',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ eventHookId: eventHookRef }),
  output: EventHook,
  examples: [{ input: { eventHookId: 'who8vt36qfNpCGz9H1e6' } }],
  // The lifecycle call answers the hook itself (spec activateEventHook); repeating it is harmless.
  request: { method: 'POST', path: '/api/v1/eventHooks/{eventHookId}/lifecycle/activate', idempotent: true },
});
