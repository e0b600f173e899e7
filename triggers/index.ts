/** The registry of triggers: the one place that lists them. */
import { eventCards } from './event-cards.ts';
import eventHook from './event-hook.ts';
import newSystemLogs from './new-system-logs.ts';
import newUsers from './new-users.ts';
import updatedUsers from './updated-users.ts';

export const triggers = [eventHook, newSystemLogs, newUsers, updatedUsers, ...eventCards];
