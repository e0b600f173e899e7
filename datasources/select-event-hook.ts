import { collectionPicklist, textMatches } from '../lib/picklist.ts';
import type { EventHookJson } from '../lib/schemas/event-hook.ts';

export default collectionPicklist<EventHookJson>({
  key: 'selectEventHook',
  label: 'Select Event Hook',
  description: 'Event hooks of the org with their status, searched by name or URL.',
  scopes: ['okta.eventHooks.read'],
  path: '/api/v1/eventHooks',
  // Okta neither searches nor pages event hooks (spec listEventHooks): the one page is filtered here.
  paged: false,
  matches: (hook, text) => textMatches(text, hook.name, hook.channel?.config?.uri),
  toOption: (hook) => ({
    value: hook.id,
    label: `${hook.name} (${hook.status.toLowerCase()}${hook.verificationStatus === 'UNVERIFIED' ? ', unverified' : ''})`,
    description: hook.channel?.config?.uri ?? '',
  }),
});
