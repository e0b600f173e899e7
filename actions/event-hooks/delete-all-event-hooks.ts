import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import type { EventHookJson } from '../../lib/schemas/event-hook.ts';
import { deleteHook } from './delete-event-hook.ts';

const Deleted = z.object({
  eventHookId: z.string(),
  name: z.string(),
  url: z.string(),
  deactivated: z.boolean().meta({ description: 'True when the hook had to be deactivated before deletion.' }),
});

export default defineAction({
  key: 'deleteAllEventHooks',
  label: 'Delete All Event Hooks',
  description:
    'Delete every event hook of the org, or only those calling one URL: each active hook is deactivated, then ' +
    'deleted. This cannot be undone. After a lost answer, running it ' +
    'again deletes what is left (nothing, when the first run finished).',
  area: 'event-hooks',
  scopes: ['okta.eventHooks.manage'],
  hints: { readOnly: false, destructive: true, idempotent: true },
  operations: [
    'GET /api/v1/eventHooks',
    'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
    'DELETE /api/v1/eventHooks/{eventHookId}',
  ],
  input: z.object({
    url: z.string().trim().min(1).max(1024).optional().meta({
      label: 'Only hooks calling this URL',
      description: 'Exact URL; leave empty to delete every event hook of the org.',
      example: 'https://example.com/okta/events',
    }),
  }),
  output: z.object({
    deleted: z.array(Deleted).meta({ description: 'The hooks deleted, in the order Okta listed them.' }),
    count: z.number().int(),
  }),
  examples: [{ input: { url: 'https://example.com/okta/events' }, output: { deleted: [], count: 0 } }],
  async run({ input, okta, signal, progress }) {
    // listEventHooks has no paging and no filter (spec): one GET answers them all, filtered here.
    const { data: hooks } = await okta.request<EventHookJson[]>({ path: '/api/v1/eventHooks', signal });
    const targets = hooks.filter((hook) => input.url === undefined || hook.channel?.config?.uri === input.url);
    const deleted = [];
    for (const hook of targets) {
      deleted.push(await deleteHook(okta, hook, signal));
      progress?.(deleted.length, targets.length);
    }
    return { deleted, count: deleted.length };
  },
});
