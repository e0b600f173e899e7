import { z } from 'zod';
import { defineAction } from '../../lib/define.ts';
import { list } from '../../lib/list.ts';
import { expressionText, idText, nameText, quickFindText } from '../../lib/schemas/bounds.ts';
import { listFields, listOutput, withExtraQuery } from '../../lib/schemas/list.ts';
import { LogEvent } from '../../lib/schemas/log-event.ts';
import { isSet, withRules } from '../../lib/schemas/rules.ts';
import { scimString } from '../../lib/scim.ts';

const timestamp = z.iso.datetime({ offset: true, message: 'Enter an ISO 8601 time, like 2026-01-31T08:00:00Z' });
const keywords = (q: unknown) => (typeof q === 'string' ? q.trim().split(/\s+/).filter(Boolean) : []);
/** Attribute names outside string literals: `published` inside a quoted value is fine. */
const attributes = (filter: unknown) => (typeof filter === 'string' ? filter.replace(/"(?:[^"\\]|\\.)*"/g, '""') : '');

const fields = {
  since: timestamp.optional().meta({
    label: 'Since',
    description:
      'Events from this time on (ISO 8601). Okta defaults to 7 days before Until, keeps 90 days, and refuses a ' +
      'Since more than 180 days back (400 E0000053).',
    example: '2026-01-31T08:00:00Z',
  }),
  until: timestamp.optional().meta({
    label: 'Until',
    description: 'Events before this time (ISO 8601). Without it the query follows new events as they arrive.',
    example: '2026-02-01T08:00:00Z',
  }),
  q: quickFindText().optional().meta({
    label: 'Keywords',
    description: 'Up to 10 space-separated keywords, each up to 40 characters; every one must match.',
    example: 'ada@example.com',
  }),
  eventType: nameText().optional().meta({
    label: 'Event type',
    description: 'Only events of this type.',
    example: 'user.lifecycle.create',
  }),
  actorId: idText('Enter an id').optional().meta({
    label: 'Actor id',
    description: 'Only events performed by this actor (actor.id).',
    example: '00ub0oNGTSWTBKOLGLNR',
  }),
  targetId: idText('Enter an id').optional().meta({
    label: 'Target id',
    description: 'Only events with this target (target.id).',
    example: '00ub0oNGTSWTBKOLGLNR',
  }),
  outcome: z.enum(['SUCCESS', 'FAILURE', 'SKIPPED', 'ALLOW', 'DENY', 'CHALLENGE', 'UNKNOWN']).optional().meta({
    label: 'Outcome',
    description: 'Only events with this outcome.result.',
  }),
  filter: expressionText().optional().meta({
    label: 'Filter',
    description: 'More conditions as an Okta filter expression, joined to the fields above with "and".',
    example: 'severity eq "WARN" or severity eq "ERROR"',
  }),
  sortOrder: z.enum(['ASCENDING', 'DESCENDING']).optional().meta({
    label: 'Order',
    description: 'By publication time; ASCENDING (oldest first) by default.',
  }),
  ...listFields({ defaultLimit: 100, maxLimit: 1000, maxRecordsCap: 10_000 }),
};
// Every field above is reserved: Extra query parameters cannot override one.
const input = z.object(withExtraQuery(fields));

export default defineAction({
  key: 'getSystemLogs',
  label: 'Get System Logs',
  description:
    'Read System Log events in a time range, by keywords, event type, actor, target, outcome or filter; with ' +
    'Fetch all pages, up to 10,000 events.',
  area: 'logs',
  scopes: ['okta.logs.read'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  operations: ['GET /api/v1/logs'],
  input: withRules(input, [
    // Okta answers 400 E0000001 past these limits (docs/okta.md §3.1).
    {
      ok: (i) => keywords(i.q).length <= 10,
      path: ['q'],
      message: 'Okta takes at most 10 keywords',
    },
    {
      ok: (i) => keywords(i.q).every((word) => word.length <= 40),
      path: ['q'],
      message: 'Each keyword can be at most 40 characters',
    },
    {
      // Okta refuses it (docs/okta.md §3.1); since/until bound `published` instead.
      ok: (i) => !/\bpublished\b/.test(attributes(i.filter)),
      path: ['filter'],
      message: 'Okta does not filter on "published": use Since and Until for the time range',
    },
    {
      // 400 E0000031 at Okta (docs/okta.md §3.1).
      ok: (i) => !/debugContext\.debugData\.(url|requestUri)\s+co\b/i.test(attributes(i.filter)),
      path: ['filter'],
      message: 'Okta does not support "co" on debugContext.debugData.url or requestUri: use eq or sw',
    },
    {
      ok: (i) =>
        !(typeof i.since === 'string' && typeof i.until === 'string') || Date.parse(i.since) < Date.parse(i.until),
      path: ['until'],
      message: 'Until must be later than Since',
    },
  ]),
  output: listOutput(LogEvent),
  examples: [
    { input: { since: '2026-01-31T00:00:00Z', until: '2026-02-01T00:00:00Z', eventType: 'user.lifecycle.create' } },
    { input: { q: 'ada@example.com', outcome: 'FAILURE', fetchAll: true, maxRecords: 500 } },
  ],
  async run({ input, okta, signal, log, progress }) {
    const conditions = [
      input.eventType && `eventType eq ${scimString(input.eventType)}`,
      input.actorId && `actor.id eq ${scimString(input.actorId)}`,
      input.targetId && `target.id eq ${scimString(input.targetId)}`,
      input.outcome && `outcome.result eq ${scimString(input.outcome)}`,
    ].filter((c): c is string => Boolean(c));
    if (input.filter) conditions.push(conditions.length ? `(${input.filter})` : input.filter);
    const query = {
      ...input.extraQuery,
      // A polling query resumes from the cursor alone: `since` and `after` are mutually exclusive (docs/okta.md §3.1).
      // A bounded query keeps its range beside the cursor, as Okta's own `next` links do (§3.2): without `since`,
      // Okta would start 7 days before `until`.
      since: isSet(input.after) && !input.until ? undefined : input.since,
      until: input.until,
      q: input.q,
      filter: conditions.join(' and ') || undefined,
      sortOrder: input.sortOrder,
    };
    // Without `until` an ascending query is a polling query, whose `next` never ends: an empty page means we have
    // caught up (docs/okta.md §3.2). A bounded query (both times) simply ends without `next`.
    const polling = !input.until && input.sortOrder !== 'DESCENDING';
    return list<LogEvent>(okta, {
      path: '/api/v1/logs',
      query,
      limit: input.limit,
      after: input.after,
      fetchAll: input.fetchAll,
      maxRecords: input.maxRecords,
      stopOnEmptyPage: polling,
      signal,
      log,
      progress,
    });
  },
});
