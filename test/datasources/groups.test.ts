/**
 * The group picklists over real HTTP against the sandbox: selectGroup pages through many groups with Okta's cursor,
 * each group once, labelled with the member count Okta gives in the same call; selectGroupMember needs its group;
 * selectGroupRule searches rules by keyword.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { suiteSandbox } from '../support/org.ts';

const connector = createConnector({ outputCheck: 'throw' });
const sandbox = suiteSandbox({ users: 400, seed: 5 });
const EXTRA_GROUPS = 260;

beforeAll(async () => {
  sandbox.setRateLimits?.({ enabled: false });
  for (let i = 0; i < EXTRA_GROUPS; i += 1) sandbox.org.groups.create({ name: `Team ${String(i).padStart(3, '0')}` });
});
beforeEach(() => sandbox.stats.reset());

const options = (key: string, call: { input?: unknown; search?: string; cursor?: string } = {}) =>
  connector.listOptions(key, { connection: sandbox.connection, ...call });

describe('selectGroup', () => {
  it('visits every group exactly once, one request per page, following nextCursor', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    do {
      const page = await options('selectGroup', cursor ? { cursor } : {});
      seen.push(...page.options.map((option) => option.value));
      cursor = page.nextCursor;
      calls += 1;
    } while (cursor);
    const all = sandbox.org.listGroups().map((group) => group.id);
    expect(seen.length).toBe(all.length);
    expect(new Set(seen)).toEqual(new Set(all));
    expect(calls).toBe(Math.ceil(all.length / 50));
    expect(sandbox.stats.requests).toBe(calls);
  });

  it('labels groups with the member count Okta gives in the same call', async () => {
    const engineering = sandbox.org.listGroups().find((group) => group.profile.name === 'Engineering')!;
    const count = sandbox.org.groups.memberIds(engineering.id).size;
    expect(count).toBeGreaterThan(1);
    const page = await options('selectGroup', { search: 'Engineering' });
    expect(page.options).toContainEqual(
      expect.objectContaining({ value: engineering.id, label: `Engineering (${count} members)` }),
    );
    expect(sandbox.stats.requests).toBe(1);
    expect(sandbox.stats.requestLog[0]?.query).toMatch(/expand=stats/);
  });

  it('matches a search full of quotes, backslashes and operators literally', async () => {
    const name = 'Odd " or profile.name pr \\ "';
    const odd = sandbox.org.groups.create({ name });
    const page = await options('selectGroup', { search: 'Odd " or profile.name pr \\' });
    expect(page.options.map((option) => option.value)).toEqual([odd.id]);
    expect((await options('selectGroup', { search: '" or id pr or "' })).options).toEqual([]);
  });
});

describe('selectGroupMember', () => {
  it('lists the members of the chosen group, and filters a page by the search', async () => {
    const sales = sandbox.org.listGroups().find((group) => group.profile.name === 'Sales')!;
    const ids = [...sandbox.org.groups.memberIds(sales.id)];
    const page = await options('selectGroupMember', { input: { groupId: sales.id } });
    expect(page.options.map((option) => option.value).sort()).toEqual(ids.slice(0, 50).sort());
    const someone = sandbox.org.users.byId(ids[0]!);
    const found = await options('selectGroupMember', { input: { groupId: sales.id }, search: someone.profile.login });
    expect(found.options.map((option) => option.value)).toContain(someone.id);
    expect(
      found.options.every(
        (option) => option.label.includes(someone.profile.login) || option.description?.includes(someone.profile.login),
      ),
    ).toBe(true);
  });

  it('answers a validation error, with no request, without its group', async () => {
    const error = await options('selectGroupMember', { input: {} }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isConnectorError(error) && error.kind).toBe('validation');
    expect(sandbox.stats.requests).toBe(0);
  });
});

describe('selectGroupRule', () => {
  it('finds rules by a keyword of their name, with their status', async () => {
    const page = await options('selectGroupRule', { search: 'engineering' });
    const seeded = sandbox.org.groupRules.list().find((rule) => rule.name === 'Engineering department')!;
    expect(page.options).toEqual([
      { value: seeded.id, label: 'Engineering department (inactive)', description: 'user.department=="Engineering"' },
    ]);
    expect((await options('selectGroupRule', { search: 'no such rule' })).options).toEqual([]);
  });
});
