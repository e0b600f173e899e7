/**
 * @module Every pollable trigger as a Zapier polling trigger, through our `poll`.
 *
 * Zapier keeps no state of ours between polls: it remembers the `id` of every record a Zap has seen and starts the
 * Zap only for new ones (its first poll, and a test in the editor, only fill that list or give samples). So each
 * poll here reads a window, the last `lookbackMinutes` (60 by default, more than Zapier's longest interval of 15),
 * from scratch: our poll from `since` = the window's start, with no state, continued with the state it returns
 * until it is caught up. Every record has a stable `id` (an event's uuid; a user's id for a new user, id and
 * change time for an update), so a record read again in the next window is dropped by Zapier, and one written
 * between two polls is in the next window. Records come newest first, as Zapier expects.
 */
import { catalogue, type TriggerUnit, triggerUnitFields } from '../../shared/catalogue.ts';
import { inputFromFields } from '../../shared/fields.ts';
import type { Bundle, Z } from './auth.ts';
import { type ZapierField, zapierFieldOf } from './fields.ts';
import { displayDescription, displayLabel, type StepContext, step } from './step.ts';

/** The Zapier-only field: how far back each poll reads. */
export const LOOKBACK = 'lookbackMinutes';
const DEFAULT_LOOKBACK_MINUTES = 60;
/** A sample in the editor reaches further back, so that a quiet org still shows a record. */
const SAMPLE_LOOKBACK_MINUTES = 7 * 24 * 60;
/** Polls continued from the returned state in one Zapier poll, at most (then the newest records are returned). */
const MAX_ROUNDS = 5;

const lookbackField: ZapierField = {
  key: LOOKBACK,
  label: 'Look Back (Minutes)',
  type: 'integer',
  required: false,
  default: String(DEFAULT_LOOKBACK_MINUTES),
  helpText:
    'Each poll reads the records of this many past minutes; Zapier starts the Zap once per new record (by its id). ' +
    'Keep it longer than the Zap’s polling interval.',
};

const SINCE_HELP = 'Optional: no record from before this time is returned (ISO 8601, e.g. 2026-01-31T08:00:00Z).';

/** When a record happened: an event's `published`, a user's last change or creation. */
function recordTime(record: Record<string, unknown>): string {
  const user = record.user as { lastUpdated?: string; created?: string } | undefined;
  return String(record.published ?? user?.lastUpdated ?? user?.created ?? '');
}

/** The longest look-back: Okta keeps 90 days of System Log. */
const MAX_LOOKBACK_MINUTES = 90 * 24 * 60;
/** Records a sample in the editor reads at most, in one round: a few are enough to map fields from. */
const SAMPLE_RECORDS = 10;

/**
 * One Zapier poll's input for our poll, from the trigger's field values: `since` is the later of "Start from" and
 * the window's start (now less the look-back, 1 minute to 90 days; 7 days for a sample); a "Start from" that is no
 * time is passed as it is, for the runtime to name. With `limit` (records per round) and the rounds allowed.
 */
export function pollPlan(
  unit: TriggerUnit,
  values: Record<string, unknown>,
  now: number,
  sample: boolean,
): { input: Record<string, unknown>; limit: number; rounds: number } {
  const fields = triggerUnitFields(unit);
  const { [LOOKBACK]: lookback, ...rest } = values;
  const asked = Number(lookback);
  const minutes = sample
    ? SAMPLE_LOOKBACK_MINUTES
    : Number.isFinite(asked) && asked > 0
      ? Math.min(Math.max(asked, 1), MAX_LOOKBACK_MINUTES)
      : DEFAULT_LOOKBACK_MINUTES;
  const input = { ...inputFromFields(fields, rest), ...unit.fixedInput };
  const windowStart = now - minutes * 60_000;
  const chosen = typeof input.since === 'string' ? Date.parse(input.since) : Number.NaN;
  if (input.since === undefined || chosen <= windowStart) input.since = new Date(windowStart).toISOString();
  else if (Number.isFinite(chosen)) input.since = new Date(chosen).toISOString();
  const defaultLimit = Number(fields.find((field) => field.name === 'maxRecords')?.default ?? 1000);
  if (sample) input.maxRecords = Math.min(Number(input.maxRecords ?? defaultLimit), SAMPLE_RECORDS);
  return { input, limit: Number(input.maxRecords ?? defaultLimit), rounds: sample ? 1 : MAX_ROUNDS };
}

function pollingTrigger(context: StepContext, unit: TriggerUnit) {
  const fields = triggerUnitFields(unit);
  const isUsers = unit.trigger.key.endsWith('Users');
  return {
    key: unit.key,
    noun: isUsers ? 'User' : 'Event',
    display: { label: displayLabel(unit.trigger.label), description: displayDescription(unit.trigger.description) },
    operation: {
      type: 'polling',
      inputFields: [
        ...fields.map((field) => {
          const zapier = zapierFieldOf(field);
          return field.name === 'since' ? { ...zapier, helpText: SINCE_HELP } : zapier;
        }),
        lookbackField,
      ],
      sample: context.samples[unit.key] ?? { id: 'sample' },
      perform: (z: Z, bundle: Bundle) =>
        step(context, z, bundle, async (runtime, connection) => {
          const { input, limit, rounds } = pollPlan(
            unit,
            bundle.inputData ?? {},
            Date.now(),
            Boolean(bundle.meta?.isLoadingSample),
          );
          const records: Record<string, unknown>[] = [];
          let state: unknown;
          for (let round = 0; round < rounds; round++) {
            const result = await runtime.poll(unit.trigger.key, { connection, input, state });
            records.push(...(result.records as Record<string, unknown>[]));
            state = result.state;
            if (result.records.length < limit) break;
          }
          const newestFirst = records
            .map((record, index) => ({ record, index, time: recordTime(record) }))
            .sort((a, b) => (a.time === b.time ? b.index - a.index : a.time < b.time ? 1 : -1))
            .map(({ record }) => record);
          return newestFirst.slice(0, limit);
        }),
    },
  };
}

export function pollingTriggers(context: StepContext) {
  return Object.fromEntries(catalogue().pollingTriggers.map((unit) => [unit.key, pollingTrigger(context, unit)]));
}
