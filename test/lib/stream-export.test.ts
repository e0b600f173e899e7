/**
 * streamAction over real HTTP against a 20,000-user sandbox: the partitioned export (lib/export/partitioned.ts) reads
 * the same users as sequential paging, each once, with users created during the export; at an Okta-like latency it
 * fans out, within a few requests of one a page and with no window that holds nothing; on loopback it reads the same
 * within as few requests, whichever way its measure goes there (timing: test/lib/fan-out.test.ts pins the rule);
 * maxRecords; cancellation stops the requests; list actions that cannot be partitioned stream page by page; other
 * actions refuse to stream.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { parseFilter } from '../../sandbox/filter.ts';
import { SEARCH_RULES } from '../../sandbox/handlers/users.ts';
import { settledRequests } from '../settled-requests.ts';
import { suiteSandbox } from '../support/org.ts';

const connector = createConnector({ outputCheck: 'throw' });
// The sequential baselines: 20,000 users checked against their schema would only slow the suite down.
const unchecked = createConnector({ outputCheck: 'off' });
const sandbox = suiteSandbox({ users: 20_000, seed: 14, rateLimits: { enabled: false } });

type Record_ = { id: string; created: string; status: string };

function stream(key: string, input: unknown, signal?: AbortSignal) {
  return connector.streamAction(key, {
    connection: sandbox.connection,
    input,
    ...(signal ? { signal } : {}),
  }) as AsyncIterable<Record_>;
}

async function ids(iterable: AsyncIterable<Record_>): Promise<string[]> {
  const out: string[] = [];
  for await (const record of iterable) out.push(record.id);
  return out;
}

/** The users the plain list returns: every one but DEPROVISIONED (docs/okta.md §2.3). */
function listedUsers(): string[] {
  return sandbox.org
    .listUsers()
    .filter((u) => u.status !== 'DEPROVISIONED')
    .map((u) => u.id);
}

function searchesSent(): string[] {
  return sandbox.stats.requestLog
    .filter((r) => r.path === '/api/v1/users')
    .map((r) => new URLSearchParams(r.query).get('search') ?? '');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Okta's latency, on the export's requests only: what makes round trips, not the work of a page, bound the export
 * (on loopback the sandbox answers in a few milliseconds). The sequential baselines run without it.
 */
const OKTA_LATENCY_MS = 300;
function withOktaLatency() {
  sandbox.faults.inject({ kind: 'latency', ms: OKTA_LATENCY_MS, match: { method: 'GET', path: '/api/v1/users' } });
}

/** The fewest requests an export of the listed users can make: one a page of 200. */
const minimumRequests = () => Math.ceil(listedUsers().length / 200);

async function failureOf(iterable: AsyncIterable<unknown>) {
  try {
    for await (const _ of iterable) {
      // read to the end
    }
  } catch (error) {
    if (isConnectorError(error)) return error;
    throw error;
  }
  throw new Error('expected the stream to fail');
}

describe('streamAction listUsers: the partitioned export', () => {
  it('reads the same users as sequential paging, each exactly once, with users created during the export', async () => {
    const sequential = (await unchecked.runAction('listUsers', {
      connection: sandbox.connection,
      input: { fetchAll: true, maxRecords: 100_000 },
    })) as { items: Record_[] };
    const before = listedUsers();
    expect(sequential.items.map((u) => u.id).sort()).toEqual([...before].sort());

    sandbox.stats.reset();
    withOktaLatency();
    const created: string[] = [];
    const streamed: string[] = [];
    for await (const record of stream('listUsers', {})) {
      streamed.push(record.id);
      // While the export runs: at its first record (the consumer holding the rest back), and near its end, when the
      // window of the newest users has long been read.
      if (streamed.length === 1 || streamed.length === before.length - 100) {
        for (let i = 0; i < 5; i += 1) {
          const login = `during.export.${streamed.length}.${i}@example.com`;
          const user = sandbox.org.users.create(
            { profile: { login, email: login, firstName: 'During', lastName: `Export${i}` }, password: 'x' },
            { activate: true },
          );
          created.push(user.id);
        }
      }
    }
    sandbox.faults.clear();
    expect(new Set(streamed).size).toBe(streamed.length);
    expect([...streamed].sort()).toEqual([...before, ...created].sort());
    // Really partitioned: many windows of `created`, each also leaving DEPROVISIONED users out, as the list does.
    const windows = searchesSent().filter((s) => s.includes('created ge'));
    expect(windows.length).toBeGreaterThan(8);
    for (const search of searchesSent()) expect(search).toContain('status lt "DEPROVISIONED"');
    // Not in Okta's order: the output order is documented as unspecified.
    expect(streamed.slice(0, before.length)).not.toEqual(sequential.items.map((u) => u.id));
  });

  it('at Okta-like latency, fans out within a few requests of one a page, never asking for an empty window', async () => {
    await settledRequests(sandbox);
    sandbox.stats.reset();
    withOktaLatency();
    const streamed = await ids(stream('listUsers', {}));
    sandbox.faults.clear();
    expect([...streamed].sort()).toEqual([...listedUsers()].sort());
    const searches = searchesSent();
    // Fanned out: many windows.
    const windows = sandbox.stats.requestLog.filter((r) => r.path === '/api/v1/users' && !r.query.includes('after='));
    expect(windows.length).toBeGreaterThan(8);
    // Every bounded window held users; only the newest, read again for users created meanwhile, may hold none.
    const empty = windows
      .map((r) => new URLSearchParams(r.query).get('search') ?? '')
      .filter((search) => {
        const match = parseFilter(search, SEARCH_RULES);
        return !sandbox.org.listUsers().some((u) => match(u));
      });
    expect(empty.filter((search) => search.includes('created lt'))).toEqual([]);
    expect(empty.length).toBeLessThanOrEqual(1);
    // Each window's last page is part full: a few windows, a few requests over the minimum (issue 27: ≤ 1.05×).
    expect(searches.length).toBeLessThanOrEqual(Math.ceil(minimumRequests() * 1.05));
  });

  it('on loopback, reads every user once within a few requests of one a page, however it fans out', async () => {
    await settledRequests(sandbox);
    sandbox.stats.reset();
    const streamed = await ids(stream('listUsers', {}));
    expect([...streamed].sort()).toEqual([...listedUsers()].sort());
    // Paged sequentially (the loopback's work bounds a page): one search read by its cursor, but for the window the
    // measure needs and the newest users read again. Fanned out (a loaded machine can make loopback look round-trip
    // bound: which way is the bench's to measure, fan-out.test.ts pins the rule): the windows' partly full last pages.
    const windows = sandbox.stats.requestLog.filter((r) => r.path === '/api/v1/users' && !r.query.includes('after='));
    // Fanned out on loopback (a loaded machine), its windows' part-full last pages came to 1.06× in one run: 1.1× here;
    // the goal of 1.05× is for Okta's latency, tested above.
    const bound = windows.length <= 4 ? minimumRequests() + 2 : Math.ceil(minimumRequests() * 1.1);
    expect(searchesSent().length).toBeLessThanOrEqual(bound);
  });

  it('combines a search with the windows and matches the sequential search', async () => {
    const search = 'profile.department eq "Engineering"';
    const sequential = (await unchecked.runAction('listUsers', {
      connection: sandbox.connection,
      input: { search, fetchAll: true, maxRecords: 100_000 },
    })) as { items: Record_[] };
    expect(sequential.items.length).toBeGreaterThan(400);
    const streamed = await ids(stream('listUsers', { search, limit: 50 }));
    expect(new Set(streamed).size).toBe(streamed.length);
    expect([...streamed].sort()).toEqual(sequential.items.map((u) => u.id).sort());
  });

  it('stops at maxRecords, with distinct users', async () => {
    const streamed = await ids(stream('listUsers', { maxRecords: 450 }));
    expect(streamed).toHaveLength(450);
    expect(new Set(streamed).size).toBe(450);
    const known = new Set(listedUsers());
    for (const id of streamed) expect(known.has(id)).toBe(true);
  });

  it('stops sending requests when the signal aborts', async () => {
    const controller = new AbortController();
    sandbox.stats.reset();
    let read = 0;
    const error = await failureOf(
      (async function* () {
        for await (const record of stream('listUsers', {}, controller.signal)) {
          read += 1;
          if (read === 300) controller.abort();
          yield record;
        }
      })(),
    );
    expect(error.code).toBe('ABORTED');
    const sent = await settledRequests(sandbox);
    await pause(500);
    expect(sandbox.stats.requests).toBe(sent);
    // Far fewer than the export's 100 pages.
    expect(sent).toBeLessThan(40);
  });

  it('stops sending requests when the consumer stops reading', async () => {
    sandbox.stats.reset();
    let read = 0;
    for await (const _ of stream('listUsers', {})) {
      read += 1;
      if (read === 250) break;
    }
    const sent = await settledRequests(sandbox);
    await pause(500);
    expect(sandbox.stats.requests).toBe(sent);
    expect(sent).toBeLessThan(40);
  });

  it('pages in Okta order when an input rules the windows out (filter)', async () => {
    await settledRequests(sandbox);
    sandbox.stats.reset();
    const filter = 'status eq "SUSPENDED"';
    const streamed = await ids(stream('listUsers', { filter, limit: 100 }));
    const expected = sandbox.org
      .listUsers()
      .filter((u) => u.status === 'SUSPENDED')
      .map((u) => u.id);
    expect(streamed).toEqual(expected);
    expect(searchesSent().every((s) => s === '')).toBe(true);
  });
});

describe('streamAction on other actions', () => {
  it('streams a list that has no windows page by page, in Okta order', async () => {
    const sequential = (await connector.runAction('listGroups', {
      connection: sandbox.connection,
      input: { fetchAll: true, maxRecords: 10_000, limit: 5 },
    })) as { items: Record_[] };
    const streamed = await ids(stream('listGroups', { limit: 5 }));
    expect(streamed).toEqual(sequential.items.map((g) => g.id));
  });

  it('refuses an action that is not a list, before any request', async () => {
    sandbox.stats.reset();
    const error = await failureOf(stream('getUser', { userId: 'someone@example.com' }));
    expect(error.code).toBe('NOT_STREAMABLE');
    expect(error.message).toContain('getUser');
    expect(sandbox.stats.requests).toBe(0);
  });

  it('refuses a bad input before any request', async () => {
    sandbox.stats.reset();
    const error = await failureOf(stream('listUsers', { limit: 0 }));
    expect(error.code).toBe('INVALID_INPUT');
    expect(sandbox.stats.requests).toBe(0);
  });
});
