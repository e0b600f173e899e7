/**
 * listUsers over 1,000 sandbox users: every page read exactly once, a cap that hands back a cursor with nothing
 * dropped or repeated, search, filter and quick find, and the combinations Okta refuses caught before a request.
 */
import { describe, expect, it } from 'vitest';
import { failure, issuePaths, useSandbox } from './harness.ts';

const t = useSandbox({ users: 1000, seed: 5 });

interface User {
  id: string;
  status: string;
  profile: { login: string; firstName?: string | null };
}
type Listed = { items: User[]; nextCursor?: string };

const listRequests = () => t.sandbox.stats.requestLog.filter((r) => r.method === 'GET' && r.path === '/api/v1/users');
const listable = () => t.sandbox.org.listUsers().filter((u) => u.status !== 'DEPROVISIONED');

describe('listUsers', () => {
  it('reads every user exactly once across many pages', async () => {
    const { items, nextCursor } = await t.run<Listed>('listUsers', { limit: 50, fetchAll: true, maxRecords: 100_000 });
    const ids = items.map((u) => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(listable().map((u) => u.id)));
    expect(nextCursor).toBeUndefined();
    expect(listRequests().length).toBeGreaterThanOrEqual(Math.ceil(listable().length / 50));
  });

  it('stops at maxRecords with a cursor that continues exactly where it stopped', async () => {
    const all = (await t.run<Listed>('listUsers', { limit: 200, fetchAll: true, maxRecords: 100_000 })).items;
    t.sandbox.stats.reset();

    const first = await t.run<Listed>('listUsers', { limit: 50, fetchAll: true, maxRecords: 120 });
    expect(first.items).toHaveLength(120);
    expect(first.nextCursor).toBeTruthy();
    // The third request asked for the 20 still wanted, so its cursor points just past the 120th user.
    const queries = listRequests().map((r) => new URLSearchParams(r.query ?? '').get('limit'));
    expect(queries).toEqual(['50', '50', '20']);

    const rest = await t.run<Listed>('listUsers', {
      limit: 50,
      after: first.nextCursor,
      fetchAll: true,
      maxRecords: 100_000,
    });
    expect([...first.items, ...rest.items].map((u) => u.id)).toEqual(all.map((u) => u.id));
  });

  it('returns one page with a cursor to the next', async () => {
    const all = (await t.run<Listed>('listUsers', { limit: 200 })).items;
    const first = await t.run<Listed>('listUsers', { limit: 7 });
    const second = await t.run<Listed>('listUsers', { limit: 7, after: first.nextCursor });
    expect(first.items.map((u) => u.id)).toEqual(all.slice(0, 7).map((u) => u.id));
    expect(second.items.map((u) => u.id)).toEqual(all.slice(7, 14).map((u) => u.id));
  });

  it('searches, filters and quick-finds, sending extra query parameters as they are', async () => {
    const someone = listable()[17]!;
    const filtered = await t.run<Listed>('listUsers', { filter: `profile.login eq "${someone.profile.login}"` });
    expect(filtered.items.map((u) => u.id)).toEqual([someone.id]);

    const active = await t.run<Listed>('listUsers', {
      search: 'status eq "ACTIVE"',
      fetchAll: true,
      extraQuery: { expand: 'classification' },
    });
    expect(active.items.length).toBeGreaterThan(0);
    expect(active.items.every((u) => u.status === 'ACTIVE')).toBe(true);
    expect(listRequests().some((r) => /expand=classification/.test(r.query ?? ''))).toBe(true);

    t.sandbox.stats.reset();
    const prefix = someone.profile.firstName!.slice(0, 3);
    const found = await t.run<Listed>('listUsers', { q: prefix, fetchAll: true, maxRecords: 500 });
    expect(found.items.map((u) => u.id)).toContain(someone.id);
    expect(found.nextCursor).toBeUndefined();
    // q cannot be paged: one request, whatever fetchAll says.
    expect(listRequests()).toHaveLength(1);
  });

  it('refuses what Okta would refuse, naming each field, before any request', async () => {
    const error = await failure(
      t.run('listUsers', {
        search: 'status eq "ACTIVE"',
        filter: 'status eq "ACTIVE"',
        limit: 500,
        extraQuery: { after: 'x' },
      }),
    );
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)).toEqual(expect.arrayContaining(['filter', 'limit', 'extraQuery.after']));
    expect(error.message).toMatch(/cannot combine Search and Filter/);

    const paging = await failure(t.run('listUsers', { q: 'ada', after: 'abc', sortBy: 'profile.lastName' }));
    expect(issuePaths(paging)).toEqual(expect.arrayContaining(['after', 'sortBy']));
    expect(t.sandbox.stats.requests).toBe(0);
  });
});
