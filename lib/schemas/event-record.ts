/**
 * @module The record every event trigger emits, by webhook or by polling alike: the System Log event, its `uuid` as
 * the record's stable `id`, and the ids a flow needs next (user, group, app) lifted out of its targets.
 */
import { z } from 'zod';
import { LogEvent } from './log-event.ts';

export const EventRecord = z
  .object({
    id: z.string().meta({ description: 'The event’s uuid: the same on every delivery and every poll of it.' }),
    eventType: z.string(),
    published: z.string(),
    displayMessage: z.string().nullable().optional(),
    actorId: z.string().optional().meta({ description: 'Who did it (actor.id).' }),
    userId: z.string().optional().meta({
      description: 'The user the event is about: its User target, else the acting user for a user.* event.',
    }),
    groupId: z.string().optional().meta({ description: 'Its UserGroup target.' }),
    appId: z.string().optional().meta({ description: 'Its AppInstance target.' }),
    event: LogEvent,
  })
  .meta({ description: 'One System Log event.' });
export type EventRecord = z.infer<typeof EventRecord>;

interface Entity {
  id?: string | null;
  type?: string | null;
}

/** The record of one LogEvent (docs/okta.md §3.3), whichever way it arrived. */
export function toEventRecord(event: LogEvent): EventRecord {
  const targets = (event.target ?? []) as Entity[];
  const targetId = (type: string) => targets.find((t) => t?.type === type && typeof t.id === 'string')?.id ?? undefined;
  const actor = event.actor as Entity | undefined;
  const actorId = typeof actor?.id === 'string' ? actor.id : undefined;
  // A sign-in or sign-out has no target: the user it is about is the one acting.
  const userId =
    targetId('User') ?? (event.eventType.startsWith('user.') && actor?.type === 'User' ? actorId : undefined);
  const groupId = targetId('UserGroup');
  const appId = targetId('AppInstance');
  return {
    id: event.uuid,
    eventType: event.eventType,
    published: event.published,
    ...(event.displayMessage !== undefined ? { displayMessage: event.displayMessage } : {}),
    ...(actorId ? { actorId } : {}),
    ...(userId ? { userId } : {}),
    ...(groupId ? { groupId } : {}),
    ...(appId ? { appId } : {}),
    event,
  };
}
