import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { EventHook, eventHookRef } from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'verifyEventHook',
  label: 'Verify Event Hook',
  description:
    'Have Okta verify the hook URL: Okta sends it a GET with an x-okta-verification-challenge header, and the endpoint must answer {"verification": <that value>} within 3 seconds. Only verified hooks receive events. Fails with 400 when the endpoint does not answer. Safe to run again.',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.manage'],
  hints: { readOnly: false, destructive: false, idempotent: true },
  input: z.object({ eventHookId: eventHookRef }),
  output: EventHook,
  examples: [{ input: { eventHookId: 'who8vt36qfNpCGz9H1e6' } }],
  // The lifecycle call answers the hook itself (spec verifyEventHook); repeating it is harmless.
  request: { method: 'POST', path: '/api/v1/eventHooks/{eventHookId}/lifecycle/verify', idempotent: true },
});
