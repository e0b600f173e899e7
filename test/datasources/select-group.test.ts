/**
 * The `selectGroup` picklist over real HTTP against the sandbox: Okta's `search` (not `q`, which stops at 300 groups
 * and cannot be paged, docs/okta.md §2.4), every page reachable through the cursor, and a search string that can only
 * ever be a name prefix.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 10, seed: 21 });
const connector = createConnector({ outputCheck: 'throw' });
/** Ids of the groups this suite creates, by name. */
const squad = new Map<string, string>();

beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
  for (let i = 1; i <= 60; i++) {
    const name = `Mutation Squad ${String(i).padStart(2, '0')}`;
    squad.set(name, sandbox.org.groups.create({ name, description: `Squad ${i}` }).id);
  }
  sandbox.org.groups.create({ name: 'Mutation "Quoted" Team', description: 'Has quotes' });
});
beforeEach(() => sandbox.stats.reset());

const list = (call: { search?: string; cursor?: string } = {}) =>
  connector.listOptions('selectGroup', { connection: sandbox.connection, ...call });

describe('selectGroup', () => {
  it('searches names on Okta and pages through every match with the cursor', async () => {
    const first = await list({ search: '  Mutation Squad ' });
    expect(first.options).toHaveLength(50);
    expect(first.nextCursor).toBeTruthy();
    const second = await list({ search: 'Mutation Squad', cursor: first.nextCursor as string });
    expect(second.options).toHaveLength(10);
    // Past the last match there is nothing more: no cursor, or one that leads to an empty page.
    if (second.nextCursor) {
      expect((await list({ search: 'Mutation Squad', cursor: second.nextCursor })).options).toEqual([]);
    }

    // Labels carry the member count Okta gives in the same call: "Mutation Squad 07 (0 members)".
    const nameOf = (label: string) => label.replace(/ \(\d+ members?\)$/, '');
    const seen = [...first.options, ...second.options].map((o) => ({ ...o, label: nameOf(o.label) }));
    expect(new Set(seen.map((o) => o.value))).toEqual(new Set(squad.values()));
    for (const option of seen) expect(option.value).toBe(squad.get(option.label));
    expect(seen.find((o) => o.label === 'Mutation Squad 07')?.description).toBe('Squad 7 · OKTA_GROUP');

    // One request per page, each a `search` on the trimmed name with the page size, the second with the cursor.
    const queries = sandbox.stats.requestLog
      .filter((r) => r.path === '/api/v1/groups')
      .map((r) => new URLSearchParams(r.query));
    expect(queries.length).toBeGreaterThanOrEqual(2);
    for (const query of queries) {
      expect(query.get('search')).toBe('profile.name sw "Mutation Squad"');
      expect(query.get('limit')).toBe('50');
      expect(query.has('q')).toBe(false);
    }
    expect(queries[0]?.has('after')).toBe(false);
    expect(queries[1]?.get('after')).toBe(first.nextCursor);
  });

  it('lists every group, of every type, when nothing is searched', async () => {
    const first = await list();
    expect(first.options).toHaveLength(50);
    const labels = [];
    let cursor: string | undefined = first.nextCursor;
    labels.push(...first.options.map((o) => o.label.replace(/ \(\d+ members?\)$/, '')));
    // At most 10 pages, so a cursor that is lost or never ends fails the test rather than hanging it.
    for (let pages = 1; cursor && pages < 10; pages++) {
      const page = await list({ cursor });
      labels.push(...page.options.map((o) => o.label.replace(/ \(\d+ members?\)$/, '')));
      cursor = page.nextCursor;
    }
    expect(labels).toHaveLength(sandbox.org.listGroups().length);
    expect(labels).toContain('Everyone');
    const query = new URLSearchParams(sandbox.stats.requestLog[0]?.query);
    expect(query.has('search')).toBe(false);
  });

  it('keeps a search string with quotes inside the name prefix', async () => {
    const found = await list({ search: 'Mutation "Quoted' });
    expect(found.options.map((o) => o.label)).toEqual(['Mutation "Quoted" Team (0 members)']);
    // A string that tries to close the quote and add a clause finds nothing instead of every group.
    const injected = await list({ search: 'x" or profile.name sw "' });
    expect(injected.options).toEqual([]);
  });
});
