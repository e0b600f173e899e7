/**
 * @module The two cursors every polling trigger needs, so that no poll skips or repeats a change.
 *
 * - **System Log** (docs/okta.md §3.2): Okta's own polling query — ascending, no `until` — whose `next` link is the
 *   cursor; it comes even from an empty page, and the state is that link, never a clock of ours.
 * - **Records** (users): a scan of `filter=lastUpdated ge "<since>"`, paged by Okta's `next` links (id order, so a
 *   record changed during the scan cannot shift another out of it). When a scan ends, `since` becomes the org's
 *   time when it began (its `Date` header), and the keys (timestamp + id) emitted at or after that instant are kept:
 *   the next scan reads them again and drops them, and anything written during the scan is in the next one. So a
 *   record written while a poll runs is emitted once, whatever the order of its id.
 *
 * A poll is a pure function of its state: a host that crashes before saving the new state polls again from the old
 * one and gets the same records, each with the same `id`.
 *
 * A state is portable (issue 20): its links are kept as path and query, relative to the org, and resolved against
 * the connection's origin at each poll, so the state of an org reached at a new address (a custom domain, a sandbox
 * on a new port) still works. A link absolute to another origin is refused, as is a `since` in the future or a field
 * the state does not have: a state is only ever one a poll returned.
 */
import { z } from 'zod';
import type { Logger } from '../define.ts';
import { TransientError, ValidationError } from '../errors.ts';
import type { OktaClient, OktaResponse, Page } from '../http/client.ts';
import type { LogEvent } from '../schemas/log-event.ts';
import type { User } from '../schemas/user.ts';
import { scimString } from '../scim.ts';

/**
 * How far ahead of this machine's clock a state's instant may be: it was the org's clock (its `Date` header), which
 * may run a little ahead. Anything later is no state a poll gave.
 */
const CLOCK_SKEW_MS = 5 * 60_000;

/** Whether an instant is ahead of this machine's clock by more than the skew; not `<=`, so one that does not parse
 * is named once, by its format check. */
export const inFuture = (instant: string) => Date.parse(instant) > Date.now() + CLOCK_SKEW_MS;

/** An instant of the org's clock, as a state keeps it: never in the future. */
const stateInstant = z.iso
  .datetime({ offset: true })
  .refine((instant) => !inFuture(instant), 'Must not be in the future');

/**
 * A link kept in a state: relative to the org (path and query), or, from states written before, absolute. Its
 * `since`, when it has one (the first System Log query), is never in the future either.
 */
function stateLink(path: RegExp, what: string) {
  const pattern = new RegExp(`^(https?://[^/]+)?${path.source}`);
  return z
    .string()
    .max(4096)
    .refine((link) => pattern.test(link), what)
    .refine((link) => {
      const since = new URL(link, 'http://relative.invalid').searchParams.get('since');
      return since === null || !inFuture(since);
    }, 'Its since must not be in the future');
}

/** A link of the org as a state keeps it: its path and query, so the state outlives a change of the org's address. */
function relativeLink(link: string): string {
  const url = new URL(link, 'http://relative.invalid');
  return `${url.pathname}${url.search}`;
}

/**
 * A state's link as a path on the connection's org. A link absolute to this origin (a state from before cursors were
 * relative) is read as its path; one absolute to another origin is refused: the state was not this org's.
 */
function linkOnOrg(okta: OktaClient, link: string, field: string): string {
  if (link.startsWith('/')) return link;
  const origin = new URL(link).origin;
  if (origin === okta.origin) return relativeLink(link);
  throw new ValidationError(
    `Invalid state: ${field} is a link on ${origin}, not on the connection's org (${okta.origin}). Poll without a ` +
      'state to start again.',
    [{ path: field, message: `A link on another origin (${origin})` }],
  );
}

/** uuids remembered across polls to drop an event read twice at a page boundary. */
const LOG_SEEN_WINDOW = 200;
const LOG_PAGE = 1000;
const USER_PAGE = 200;

export const SystemLogState = z
  .strictObject({
    next: stateLink(/\/api\/v1\/logs\?/, 'A System Log query').meta({
      description: 'The `next` link of the last page read (or the first polling query), as path and query on the org.',
    }),
    seen: z.array(z.string()).max(LOG_SEEN_WINDOW).meta({ description: 'The last event uuids emitted.' }),
  })
  .meta({ description: 'Where the next poll resumes in the System Log.' });
export type SystemLogState = z.infer<typeof SystemLogState>;

export interface SystemLogQuery {
  filter?: string | undefined;
  q?: string | undefined;
  /** Where the first poll starts; without it the first poll only sets the baseline. */
  since?: string | undefined;
}

/** The org's clock, from a response's `Date` header (whole seconds, rounded down). */
function orgTime(response: OktaResponse<unknown>): string {
  const date = response.headers.date;
  const parsed = Date.parse(Array.isArray(date) ? (date[0] ?? '') : (date ?? ''));
  if (!Number.isFinite(parsed)) {
    throw new TransientError('INVALID_RESPONSE', 'Okta answered without a Date header, which polling relies on.');
  }
  return new Date(parsed).toISOString();
}

function logQuery(query: SystemLogQuery, since: string): string {
  const params = new URLSearchParams({ since, sortOrder: 'ASCENDING', limit: String(LOG_PAGE) });
  if (query.filter) params.set('filter', query.filter);
  if (query.q) params.set('q', query.q);
  return `/api/v1/logs?${params}`;
}

/**
 * New System Log events since the state. Without state: from `query.since` if given, else a baseline at the org's
 * current time and no events.
 */
export async function pollSystemLog(
  okta: OktaClient,
  options: {
    state: SystemLogState | undefined;
    query: SystemLogQuery;
    maxRecords: number;
    signal: AbortSignal;
    log: Logger;
  },
): Promise<{ events: LogEvent[]; state: SystemLogState }> {
  const { query, signal } = options;
  let state = options.state;
  if (!state) {
    if (!query.since) {
      // The baseline: read on from the org's current second (its Date header) to the end, emitting nothing, so
      // that the first real poll starts right after the last event stored before the trigger was switched on.
      const response = await okta.request({
        path: '/api/v1/logs',
        query: { limit: 1, sortOrder: 'DESCENDING' },
        signal,
      });
      const start = { next: logQuery(query, orgTime(response)), seen: [] };
      const caughtUp = await pollSystemLog(okta, { ...options, state: start, maxRecords: Number.POSITIVE_INFINITY });
      return { events: [], state: caughtUp.state };
    }
    state = { next: logQuery(query, query.since), seen: [] };
  }
  const seen = new Set(state.seen);
  const events: LogEvent[] = [];
  let link = linkOnOrg(okta, state.next, 'next');
  // Whole pages only: a page cut short could not be resumed from its `next` link.
  while (events.length < options.maxRecords) {
    const page = await okta.page<LogEvent>({ path: link, signal });
    for (const event of page.items) {
      if (seen.has(event.uuid)) continue;
      seen.add(event.uuid);
      events.push(event);
    }
    // A polling query always has `next`; it equals the page itself once caught up (§3.2).
    if (page.nextUrl) link = relativeLink(page.nextUrl);
    if (page.items.length === 0 || !page.nextUrl) break;
  }
  return { events, state: { next: link, seen: [...seen].slice(-LOG_SEEN_WINDOW) } };
}

export const RecordState = z
  .strictObject({
    since: stateInstant.meta({ description: 'Records changed at or after this instant are read.' }),
    seen: z
      .array(z.string())
      .meta({ description: 'Keys (timestamp|id) already emitted at or after `since`, dropped when read again.' }),
    scan: z
      .strictObject({
        startedAt: stateInstant,
        next: stateLink(/\/api\/v1\/users\?/, 'A users query'),
        seen: z.array(z.string()),
      })
      .optional()
      .meta({ description: 'A scan that stopped at maxRecords, resumed by the next poll.' }),
  })
  .meta({ description: 'Where the next poll resumes reading users.' });
export type RecordState = z.infer<typeof RecordState>;

/** Which users a trigger emits, and under which key one change is recognised. */
export interface UserSelection {
  /** The timestamp a change is known by: `created` (new users) or `lastUpdated` (updates). */
  field: 'created' | 'lastUpdated';
  /** Whether this user, as read now, is a change to emit. */
  wanted(user: User, since: string): boolean;
}

const keyOf = (user: User, field: UserSelection['field']) => `${user[field]}|${user.id}`;
const instantOf = (key: string) => key.slice(0, key.lastIndexOf('|'));

/**
 * New changes to users since the state. Without state: from `start` if given, else a baseline at the org's
 * current time and no records.
 */
export async function pollUsers(
  okta: OktaClient,
  options: {
    state: RecordState | undefined;
    selection: UserSelection;
    start?: string | undefined;
    maxRecords: number;
    signal: AbortSignal;
  },
): Promise<{ users: User[]; state: RecordState }> {
  const { selection, signal } = options;
  let state = options.state;
  if (!state) {
    if (!options.start) {
      // The baseline: what changed in the org's current second (its Date header) is read and marked seen, not
      // emitted, so that the next poll emits exactly what comes after the trigger was switched on.
      const response = await okta.request({ path: '/api/v1/users', query: { limit: 1 }, signal });
      const start = { since: orgTime(response), seen: [] };
      const caughtUp = await pollUsers(okta, { ...options, state: start, maxRecords: Number.POSITIVE_INFINITY });
      return { users: [], state: caughtUp.state };
    }
    state = { since: new Date(options.start).toISOString(), seen: [] };
  }
  const seen = new Set(state.seen);
  const scanSeen = new Set(state.scan?.seen ?? []);
  let startedAt = state.scan?.startedAt;
  let link: string | undefined =
    (state.scan && linkOnOrg(okta, state.scan.next, 'scan.next')) ??
    `/api/v1/users?${new URLSearchParams({ filter: `lastUpdated ge ${scimString(state.since)}`, limit: String(USER_PAGE) })}`;
  const users: User[] = [];
  while (link && users.length < options.maxRecords) {
    const page: Page<User> = await okta.page<User>({ path: link, signal });
    startedAt ??= orgTime(page.response);
    for (const user of page.items) {
      const key = keyOf(user, selection.field);
      if (seen.has(key) || scanSeen.has(key) || !selection.wanted(user, state.since)) continue;
      scanSeen.add(key);
      users.push(user);
    }
    link = page.nextUrl;
  }
  if (link) {
    // Stopped at maxRecords: the next poll resumes this scan where it stands.
    return {
      users,
      state: {
        since: state.since,
        seen: state.seen,
        scan: { startedAt: startedAt as string, next: relativeLink(link), seen: [...scanSeen] },
      },
    };
  }
  // Never backwards: the scan's start is rounded down to the second and may fall before the instant it resumed from.
  const since = (startedAt as string) > state.since ? (startedAt as string) : state.since;
  const keep = (key: string) => instantOf(key) >= since;
  return { users, state: { since, seen: [...new Set([...state.seen, ...scanSeen])].filter(keep) } };
}
