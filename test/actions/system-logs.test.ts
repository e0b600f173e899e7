/**
 * getSystemLogs over real HTTP against the sandbox: bounded and polling queries, the filter it builds, Okta's keyword
 * and filter limits checked before a request, and the 10,000 cap.
 */
import { describe, expect, it } from 'vitest';
import { failure, issuePaths, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 20, seed: 3 });

interface LogEvent {
  uuid: string;
  published: string;
  eventType: string;
  target?: { id?: string | null }[] | null;
}
type Listed = { items: LogEvent[]; nextCursor?: string };

const logRequests = () => t.sandbox.stats.requestLog.filter((r) => r.path === '/api/v1/logs');

describe('getSystemLogs', () => {
  it('finds the events of a change by event type and target, bounded by since and until', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const user = await t.run<{ id: string }>('createUser', {
      firstName: 'Log',
      lastName: 'Reader',
      email: uniqueLogin('log'),
      activate: false,
    });
    const until = new Date(Date.now() + 60_000).toISOString();
    const { items } = await t.run<Listed>('getSystemLogs', {
      since,
      until,
      eventType: 'user.lifecycle.create',
      targetId: user.id,
      fetchAll: true,
    });
    expect(items.length).toBeGreaterThanOrEqual(1);
    expect(items.every((e) => e.eventType === 'user.lifecycle.create')).toBe(true);
    expect(items.some((e) => e.target?.some((target) => target.id === user.id))).toBe(true);
    const filter = new URLSearchParams(logRequests()[0]?.query ?? '').get('filter');
    expect(filter).toBe(`eventType eq "user.lifecycle.create" and target.id eq "${user.id}"`);
  });

  it('ends a fetch-all polling query at the first empty page, though Okta’s next never ends', async () => {
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    const { items, nextCursor } = await t.run<Listed>('getSystemLogs', { since, limit: 5, fetchAll: true });
    expect(nextCursor).toBeUndefined();
    expect(new Set(items.map((e) => e.uuid)).size).toBe(items.length);
    const last = logRequests().at(-1);
    expect(last).toBeDefined();
  });

  it('pages a bounded query and stops at maxRecords with a cursor', async () => {
    for (let i = 0; i < 4; i += 1) {
      await t.run('createGroup', { name: `Logged ${i} ${uniqueLogin()}` });
    }
    const since = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const until = new Date(Date.now() + 60_000).toISOString();
    const all = await t.run<Listed>('getSystemLogs', { since, until, fetchAll: true, limit: 1000, maxRecords: 10_000 });
    expect(all.items.length).toBeGreaterThan(6);

    const capped = await t.run<Listed>('getSystemLogs', { since, until, fetchAll: true, limit: 4, maxRecords: 6 });
    expect(capped.items.map((e) => e.uuid)).toEqual(all.items.slice(0, 6).map((e) => e.uuid));
    expect(capped.nextCursor).toBeTruthy();

    // A bounded query keeps its range beside the cursor, as Okta's own next links do.
    t.sandbox.stats.reset();
    const next = await t.run<Listed>('getSystemLogs', { since, until, after: capped.nextCursor, limit: 3 });
    expect(next.items.map((e) => e.uuid)).toEqual(all.items.slice(6, 9).map((e) => e.uuid));
    expect(new URLSearchParams(logRequests()[0]?.query ?? '').has('since')).toBe(true);

    // A polling query (no until) resumes from the cursor alone: Okta refuses `since` with `after` there.
    const polled = await t.run<Listed>('getSystemLogs', { since, limit: 4 });
    t.sandbox.stats.reset();
    await t.run<Listed>('getSystemLogs', { since, after: polled.nextCursor, limit: 4 });
    expect(new URLSearchParams(logRequests()[0]?.query ?? '').has('since')).toBe(false);
  });

  it('refuses what Okta would refuse, before any request', async () => {
    const error = await failure(
      t.run('getSystemLogs', {
        q: `${'a'.repeat(41)} b c d e f g h i j k`,
        filter: 'published gt "2026-01-01T00:00:00Z"',
        since: 'yesterday',
        maxRecords: 10_001,
      }),
    );
    expect(issuePaths(error)).toEqual(expect.arrayContaining(['q', 'filter', 'since', 'maxRecords']));
    expect(error.message).toMatch(/at most 10 keywords/);
    expect(error.message).toMatch(/40 characters/);
    expect(error.message).toMatch(/published/);
    expect(t.sandbox.stats.requests).toBe(0);
  });

  it('accepts "published" inside a quoted value', async () => {
    const result = await t.run<Listed>('getSystemLogs', {
      until: new Date().toISOString(),
      filter: 'displayMessage eq "published"',
    });
    expect(result.items).toEqual([]);
  });
});
