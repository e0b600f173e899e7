import { z } from 'zod';
import { definePollingTrigger } from '../lib/define.ts';
import { expressionText, quickFindText } from '../lib/schemas/bounds.ts';
import { EventRecord } from '../lib/schemas/event-record.ts';
import { withRules } from '../lib/schemas/rules.ts';
import { maxRecordsField, pollEvents, startTime } from '../lib/triggers/event-triggers.ts';
import { SystemLogState } from '../lib/triggers/polling.ts';

const keywords = (q: unknown) => (typeof q === 'string' ? q.trim().split(/\s+/).filter(Boolean) : []);
/** Attribute names outside string literals: `published` inside a quoted value is fine. */
const attributes = (filter: unknown) => (typeof filter === 'string' ? filter.replace(/"(?:[^"\\]|\\.)*"/g, '""') : '');

const input = withRules(
  z.object({
    filter: expressionText().optional().meta({
      label: 'Filter',
      description: 'Only events matching this Okta filter expression.',
      example: 'eventType sw "user.lifecycle" and outcome.result eq "SUCCESS"',
    }),
    q: quickFindText().optional().meta({
      label: 'Keywords',
      description: 'Up to 10 space-separated keywords, each up to 40 characters; every one must match.',
      example: 'ada@example.com',
    }),
    since: startTime,
    maxRecords: maxRecordsField,
  }),
  [
    // Okta answers 400 past these limits (docs/okta.md §3.1).
    { ok: (i) => keywords(i.q).length <= 10, path: ['q'], message: 'Okta takes at most 10 keywords' },
    {
      ok: (i) => keywords(i.q).every((word) => word.length <= 40),
      path: ['q'],
      message: 'Each keyword can be at most 40 characters',
    },
    {
      ok: (i) => !/\bpublished\b/.test(attributes(i.filter)),
      path: ['filter'],
      message: 'Okta does not filter on "published": the trigger follows time itself',
    },
  ],
);

export default definePollingTrigger({
  key: 'newSystemLogs',
  label: 'New System Log Events',
  description:
    'System Log events since the last poll, in the order Okta stored them, following Okta’s polling cursor: none ' +
    'skipped, none repeated. Optionally filtered by an expression or keywords.',
  scopes: ['okta.logs.read'],
  operations: ['GET /api/v1/logs'],
  input,
  output: EventRecord,
  state: SystemLogState,
  examples: [
    { input: { filter: 'eventType eq "user.lifecycle.create"' } },
    { input: { since: '2026-01-31T08:00:00Z' } },
  ],
  poll: ({ input, state, okta, signal, log }) =>
    pollEvents(okta, {
      state,
      query: { filter: input.filter, q: input.q, since: input.since },
      maxRecords: input.maxRecords,
      signal,
      log,
    }),
});
