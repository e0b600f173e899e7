/** The registry of triggers: the one place that lists them. */
import type { TriggerDefinition } from '../lib/define.ts';
import { eventCards } from './event-cards.ts';
import eventHook from './event-hook.ts';
import newSystemLogs from './new-system-logs.ts';
import newUsers from './new-users.ts';
import updatedUsers from './updated-users.ts';

export const triggers: TriggerDefinition[] = [
  eventHook as unknown as TriggerDefinition,
  newSystemLogs as unknown as TriggerDefinition,
  newUsers as unknown as TriggerDefinition,
  updatedUsers as unknown as TriggerDefinition,
  ...eventCards,
];
