import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { EventHook, eventHookRef } from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'getEventHook',
  label: 'Get Event Hook',
  description:
    'Get an event hook: its name, URL, event types, status and verification status. Its secret is never shown. ' +
    'Fails with 404 when there is no such hook.',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({ eventHookId: eventHookRef }),
  output: EventHook,
  examples: [{ input: { eventHookId: 'who8vt36qfNpCGz9H1e6' } }],
  request: { method: 'GET', path: '/api/v1/eventHooks/{eventHookId}' },
});
