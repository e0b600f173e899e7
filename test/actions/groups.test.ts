/** Group actions over real HTTP against the sandbox: create, list and membership by user id or login. */
import { describe, expect, it } from 'vitest';
import { failure, issuePaths, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 30, seed: 8 });

interface Group {
  id: string;
  type: string;
  profile: { name: string; description?: string | null };
  _embedded?: { stats?: { usersCount?: number } };
}
type Listed = { items: Group[]; nextCursor?: string };

async function memberIds(groupId: string): Promise<string[]> {
  const { body } = await t.run<{ body: { id: string }[] }>('rawRequest', { path: `/api/v1/groups/${groupId}/users` });
  return body.map((user) => user.id);
}

describe('createGroup', () => {
  it('creates an OKTA_GROUP with its profile', async () => {
    const name = `Analysts ${uniqueLogin()}`;
    const group = await t.run<Group>('createGroup', { name, description: 'Engines', profile: { costCenter: 'CC-1' } });
    expect(group.type).toBe('OKTA_GROUP');
    expect(group.profile).toMatchObject({ name, description: 'Engines' });
  });

  it('refuses a group without a name, without a request', async () => {
    const error = await failure(t.run('createGroup', { name: '  ', description: 7 }));
    expect(issuePaths(error)).toEqual(expect.arrayContaining(['name', 'description']));
    expect(t.sandbox.stats.requests).toBe(0);
  });
});

describe('listGroups', () => {
  it('pages through every group once, and finds one by name', async () => {
    for (let i = 0; i < 5; i += 1) await t.run('createGroup', { name: `Pager ${i} ${uniqueLogin()}` });
    const all = await t.run<Listed>('listGroups', { limit: 2, fetchAll: true });
    const ids = all.items.map((g) => g.id);
    expect(ids.length).toBeGreaterThanOrEqual(5);
    expect(new Set(ids).size).toBe(ids.length);
    expect(all.nextCursor).toBeUndefined();

    const target = all.items.find((g) => g.profile.name.startsWith('Pager 3'))!;
    const searched = await t.run<Listed>('listGroups', { search: `profile.name sw "Pager 3"`, expand: 'stats' });
    expect(searched.items.map((g) => g.id)).toEqual([target.id]);
    expect(t.sandbox.stats.requestLog.some((r) => /expand=stats/.test(r.query ?? ''))).toBe(true);

    const quick = await t.run<Listed>('listGroups', { q: 'Pager 3' });
    expect(quick.items.map((g) => g.id)).toContain(target.id);
    expect(quick.nextCursor).toBeUndefined();
  });

  it('refuses Search with Filter before any request', async () => {
    const error = await failure(
      t.run('listGroups', { search: 'type eq "OKTA_GROUP"', filter: 'type eq "OKTA_GROUP"' }),
    );
    expect(issuePaths(error)).toEqual(['filter']);
    expect(t.sandbox.stats.requests).toBe(0);
  });
});

describe('group membership', () => {
  it('adds and removes a user given by login or by id', async () => {
    const group = await t.run<Group>('createGroup', { name: `Members ${uniqueLogin()}` });
    const user = await t.run<{ id: string; profile: { login: string } }>('createUser', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: uniqueLogin('member'),
    });

    const added = await t.run('addUserToGroup', { groupId: group.id, userId: user.profile.login });
    expect(added).toEqual({ groupId: group.id, userId: user.id });
    expect(await memberIds(group.id)).toContain(user.id);
    // Adding again changes nothing.
    await t.run('addUserToGroup', { groupId: group.id, userId: user.id });

    const removed = await t.run('removeUserFromGroup', { groupId: group.id, userId: user.id });
    expect(removed).toEqual({ groupId: group.id, userId: user.id });
    expect(await memberIds(group.id)).not.toContain(user.id);
  });

  it('answers an unknown group with E0000007', async () => {
    const user = t.sandbox.org.listUsers()[0]!;
    const error = await failure(t.run('addUserToGroup', { groupId: '00gDoesNotExist000000', userId: user.id }));
    expect(error.kind).toBe('okta');
    expect(error.code).toBe('E0000007');
  });
});
