import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { EventHook, type EventHookJson, withoutSecret } from '../../lib/schemas/event-hook.ts';

export default defineAction({
  key: 'listEventHooks',
  label: 'List Event Hooks',
  description:
    'List every event hook of the org, active and inactive. Okta answers them all at once (an org has few: at most ' +
    '25 active), so there is no paging.',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: ['GET /api/v1/eventHooks'],
  input: z.object({}),
  output: z.object({ items: z.array(EventHook).meta({ description: 'The event hooks.' }) }),
  examples: [{ input: {} }],
  // Code, not a declarative list: listEventHooks takes no limit, after or filter (spec), and answers a bare array.
  async run({ okta, signal }) {
    const { data } = await okta.request<EventHookJson[]>({ path: '/api/v1/eventHooks', signal });
    return { items: data.map(withoutSecret) };
  },
});
