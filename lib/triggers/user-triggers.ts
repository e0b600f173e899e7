/**
 * @module The machinery of `newUsers` and `updatedUsers`: the record cursor of `lib/triggers/polling.ts` over the users,
 * one record per change, with a stable id.
 */
import { z } from 'zod';
import type { PollingTriggerDefinition } from '../define.ts';
import { User } from '../schemas/user.ts';
import { maxRecordsField, startTime } from './event-triggers.ts';
import { pollUsers, RecordState, type UserSelection } from './polling.ts';

export const UserRecord = z.object({
  id: z.string().meta({ description: 'Stable for this change: the same on every poll that returns it.' }),
  userId: z.string(),
  user: User,
});

const input = z.object({ since: startTime, maxRecords: maxRecordsField });

export function defineUserTrigger(definition: {
  key: string;
  label: string;
  description: string;
  selection: UserSelection;
  /** The record's id: what makes this change one. */
  idOf: (user: User) => string;
}): PollingTriggerDefinition<typeof input, typeof UserRecord, typeof RecordState> {
  return {
    kind: 'polling',
    key: definition.key,
    label: definition.label,
    description: definition.description,
    scopes: ['okta.users.read'],
    operations: ['GET /api/v1/users'],
    input,
    output: UserRecord,
    state: RecordState,
    examples: [{ input: {} }, { input: { since: '2026-01-31T08:00:00Z', maxRecords: 500 } }],
    async poll({ input, state, okta, signal }) {
      const result = await pollUsers(okta, {
        state,
        selection: definition.selection,
        start: input.since,
        maxRecords: input.maxRecords,
        signal,
      });
      return {
        records: result.users.map((user) => ({ id: definition.idOf(user), userId: user.id, user })),
        state: result.state,
      };
    },
  };
}
