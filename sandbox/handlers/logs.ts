/**
 * @module `GET /api/v1/logs`, the System Log (docs/okta.md §3): polling queries (no `until`, ascending) follow
 * persistence order and always have a `next` link, even from an empty page; bounded queries follow `published` and
 * end without one.
 */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail } from '../filter.ts';
import { ApiError, guard, oktaErrorBody, pageResponse, readLimit, validationFailed } from '../responses.ts';
import type { Org, StoredEvent } from '../state.ts';

const DAY = 86_400_000;

/** Every SCIM operator and `not`; `published` is refused by the handler (§3.1). */
const FILTER_RULES: FilterRules = {
  operators: () => ['eq', 'ne', 'sw', 'ew', 'co', 'gt', 'ge', 'lt', 'le', 'pr'],
  allowNot: true,
  caseInsensitive: false,
};

function time(url: URL, name: string): number | undefined {
  const value = url.searchParams.get(name);
  if (value === null || value === '') return undefined;
  const parsed = Date.parse(value);
  if (!Number.isFinite(parsed)) throw new ApiError('E0000030');
  return parsed;
}

/** Cursors look like Okta's (`1627500044869_1`): a time and a sequence number. */
function parseCursor(value: string | null): { at: number; seq: number } | undefined {
  if (value === null || value === '') return undefined;
  const match = /^(\d+)_(\d+)$/.exec(value);
  if (!match) throw new ApiError('E0000054');
  return { at: Number(match[1]), seq: Number(match[2]) };
}

function matcher(url: URL): (stored: StoredEvent) => boolean {
  const filter = url.searchParams.get('filter');
  const q = url.searchParams.get('q');
  // An invalid filter, `published` included, is 400 E0000053 (§3.1).
  const test = filter
    ? filterOrFail<unknown>(
        filter,
        { ...FILTER_RULES, attributes: (attribute) => attribute !== 'published' },
        'E0000053',
      )
    : undefined;
  const keywords = q ? q.trim().toLowerCase().split(/\s+/).filter(Boolean) : [];
  if (keywords.length > 10 || keywords.some((k) => k.length > 40)) {
    throw validationFailed('q: at most 10 keywords of at most 40 characters each');
  }
  return (stored) => {
    if (test && !test(stored.event)) return false;
    if (keywords.length === 0) return true;
    const text = JSON.stringify(stored.event).toLowerCase();
    return keywords.every((keyword) => text.includes(keyword));
  };
}

export function logHandlers(org: Org) {
  return [
    http.get(
      '*/api/v1/logs',
      guard(({ request }) => {
        const url = new URL(request.url);
        const limit = readLimit(url, 100, 1000, 0);
        const since = time(url, 'since');
        const until = time(url, 'until');
        const after = parseCursor(url.searchParams.get('after'));
        // A polling query resumes from its cursor alone; a bounded one keeps its range in every `next` link, as
        // Okta's own example link shows ([DOCS] system-log-query, "Next link response header").
        if (since !== undefined && after && until === undefined) {
          throw validationFailed('since and after cannot be used together');
        }
        const now = org.now();
        if (since !== undefined && since < now - 180 * DAY) {
          // Okta's documented answer, word for word ([DOCS] system-log-query, "Errors"; docs/okta.md §3.1).
          return HttpResponse.json(
            {
              ...oktaErrorBody('E0000053'),
              errorSummary: 'Invalid parameter: The since parameter is over 180 days prior to the current day.',
            },
            { status: 400 },
          );
        }
        const match = matcher(url);
        const descending = url.searchParams.get('sortOrder')?.toUpperCase() === 'DESCENDING';
        const events = org.systemLog.list();
        const json = (items: StoredEvent[]) => items.map((stored) => stored.event);

        if (until === undefined && !descending) {
          // Polling: persistence order, from `since` (default 7 days back) or after the cursor, with no end.
          const from = since ?? now - 7 * DAY;
          let index = after ? after.seq : events.findIndex((e) => e.persistedAt >= from);
          if (index === -1) index = events.length;
          const items: StoredEvent[] = [];
          for (; index < events.length && items.length < limit; index += 1) {
            const stored = events[index] as StoredEvent;
            if (match(stored)) items.push(stored);
          }
          // A full page resumes after its last record; otherwise everything persisted so far has been read.
          const position = items.length === limit && items.length > 0 ? (items.at(-1) as StoredEvent) : events.at(-1);
          const next = position ? `${position.persistedAt}_${position.seq}` : `${now}_0`;
          return pageResponse(request, { items: json(items), after: next });
        }

        // Bounded: `published` order within [since, until), finite pages.
        const end = until ?? now;
        const start = since ?? end - 7 * DAY;
        const key = (e: StoredEvent) => [e.publishedAt, e.seq] as const;
        const before = (a: readonly [number, number], b: readonly [number, number]) =>
          a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);
        let inRange = events.filter((e) => e.publishedAt >= start && e.publishedAt < end && match(e));
        inRange.sort((a, b) => (before(key(a), key(b)) ? -1 : 1));
        if (descending) inRange.reverse();
        if (after) {
          const cursorKey = [after.at, after.seq] as const;
          inRange = inRange.filter((e) => (descending ? before(key(e), cursorKey) : before(cursorKey, key(e))));
        }
        const items = inRange.slice(0, limit);
        const last = items.at(-1);
        const more = inRange.length > items.length && last;
        return pageResponse(request, {
          items: json(items),
          after: more ? `${last.publishedAt}_${last.seq}` : undefined,
        });
      }),
    ),
  ];
}
