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
    expect(error.errorCode).toBe('E0000007');
  });
});

describe('getGroup and lookupGroup', () => {
  it('reads a group by id, and finds one by id or exact name without an error when absent', async () => {
    const name = `Lookup "quoted" \\ ${uniqueLogin()}`;
    const created = await t.run<Group>('createGroup', { name });
    expect(await t.run<Group>('getGroup', { groupId: created.id })).toMatchObject({
      id: created.id,
      profile: { name },
    });

    const byId = await t.run<{ found: boolean; group: Group | null }>('lookupGroup', { groupId: created.id });
    expect(byId).toMatchObject({ found: true, group: { id: created.id } });
    const byName = await t.run<{ found: boolean; group: Group | null; matches: number }>('lookupGroup', {
      groupId: name,
    });
    expect(byName).toMatchObject({ found: true, group: { id: created.id }, matches: 1 });
    // The name is matched exactly: another case, or a prefix, is not the group.
    expect(await t.run('lookupGroup', { groupId: name.toUpperCase() })).toEqual({
      found: false,
      group: null,
      matches: 0,
    });
    expect(await t.run('lookupGroup', { groupId: name.slice(0, 10) })).toEqual({
      found: false,
      group: null,
      matches: 0,
    });
    expect(await t.run('lookupGroup', { groupId: '00gDoesNotExist000000' })).toEqual({
      found: false,
      group: null,
      matches: 0,
    });
  });

  it('answers getGroup for an unknown id with 404 E0000007', async () => {
    const error = await failure(t.run('getGroup', { groupId: '00gDoesNotExist000000' }));
    expect([error.kind, error.errorCode, error.status]).toEqual(['okta', 'E0000007', 404]);
  });
});

describe('updateGroup and deleteGroup', () => {
  it('replaces the profile of an OKTA_GROUP, then deletes it', async () => {
    const group = await t.run<Group>('createGroup', { name: `Before ${uniqueLogin()}`, description: 'old' });
    const name = `After ${uniqueLogin()}`;
    const updated = await t.run<Group>('updateGroup', { groupId: group.id, name, profile: { costCenter: 'CC-9' } });
    // PUT replaces the whole profile: the description left out is gone.
    expect(updated.profile).toEqual({ name, costCenter: 'CC-9' });
    expect(t.sandbox.org.groups.get(group.id).profile).toEqual({ name, costCenter: 'CC-9' });

    expect(await t.run('deleteGroup', { groupId: group.id })).toEqual({ groupId: group.id });
    expect(t.sandbox.org.groups.find(group.id)).toBeUndefined();
    const again = await failure(t.run('deleteGroup', { groupId: group.id }));
    expect([again.errorCode, again.status]).toEqual(['E0000007', 404]);
  });

  it('refuses to change an app group or to delete the Everyone group with 403 E0000006', async () => {
    const appGroup = t.sandbox.org.listGroups().find((g) => g.type === 'APP_GROUP')!;
    const everyone = t.sandbox.org.listGroups().find((g) => g.type === 'BUILT_IN')!;
    const update = await failure(t.run('updateGroup', { groupId: appGroup.id, name: 'Renamed' }));
    expect([update.errorCode, update.status]).toEqual(['E0000006', 403]);
    const remove = await failure(t.run('deleteGroup', { groupId: everyone.id }));
    expect([remove.errorCode, remove.status]).toEqual(['E0000006', 403]);
    expect(t.sandbox.org.groups.find(everyone.id)).toBeDefined();
  });
});

describe('listGroupMembers and listGroupApps', () => {
  it('pages through every member once', async () => {
    const group = await t.run<Group>('createGroup', { name: `Crowd ${uniqueLogin()}` });
    const users = t.sandbox.org.listUsers().slice(0, 7);
    for (const user of users) await t.run('addUserToGroup', { groupId: group.id, userId: user.id });
    const page = await t.run<{ items: { id: string }[]; nextCursor?: string }>('listGroupMembers', {
      groupId: group.id,
      limit: 3,
    });
    expect(page.items).toHaveLength(3);
    expect(page.nextCursor).toBeDefined();
    const all = await t.run<{ items: { id: string }[] }>('listGroupMembers', {
      groupId: group.id,
      limit: 3,
      fetchAll: true,
    });
    expect(all.items.map((u) => u.id).sort()).toEqual(users.map((u) => u.id).sort());
  });

  it('lists the apps a group is assigned to, page by page, and 404 for an unknown group', async () => {
    const group = await t.run<Group>('createGroup', { name: `Apps ${uniqueLogin()}` });
    const apps = t.sandbox.org.listApps().slice(0, 3);
    for (const app of apps) t.sandbox.org.apps.assignGroup(app.id, group.id, {});
    const page = await t.run<{ items: { id: string }[]; nextCursor?: string }>('listGroupApps', {
      groupId: group.id,
      limit: 2,
    });
    expect(page.items).toHaveLength(2);
    expect(page.nextCursor).toBeDefined();
    const all = await t.run<{ items: { id: string }[] }>('listGroupApps', { groupId: group.id, fetchAll: true });
    expect(all.items.map((a) => a.id).sort()).toEqual(apps.map((a) => a.id).sort());
    const error = await failure(t.run('listGroupMembers', { groupId: '00gDoesNotExist000000' }));
    expect([error.errorCode, error.status]).toEqual(['E0000007', 404]);
    const appsError = await failure(t.run('listGroupApps', { groupId: '00gDoesNotExist000000' }));
    expect([appsError.errorCode, appsError.status]).toEqual(['E0000007', 404]);
  });
});
