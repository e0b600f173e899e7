/** App actions over real HTTP against the sandbox: apps, their lifecycle, user and group assignments. */
import { describe, expect, it } from 'vitest';
import { failure, issuePaths, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 30, seed: 12 });

interface App {
  id: string;
  name: string;
  label: string;
  status: string;
  signOnMode: string;
  settings: { app: Record<string, unknown> };
}
interface AppUser {
  id: string;
  scope: string;
  credentials?: { userName?: string; password?: unknown };
  profile?: Record<string, unknown>;
  _embedded?: { user?: { id: string } };
}
interface AppGroup {
  id: string;
  priority: number;
  profile?: Record<string, unknown>;
  _embedded?: { group?: { id: string } };
}
type Listed<T> = { items: T[]; nextCursor?: string };

/** A bookmark app made through Okta's API, as a script would. */
async function newApp(label = `Handbook ${uniqueLogin()}`): Promise<App> {
  const { body } = await t.run<{ body: App }>('rawRequest', {
    method: 'POST',
    path: '/api/v1/apps',
    body: { name: 'bookmark', label, signOnMode: 'BOOKMARK', settings: { app: { url: 'https://example.com/h' } } },
  });
  return body;
}

async function newUser(): Promise<{ id: string; profile: { login: string } }> {
  return t.run('createUser', {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: uniqueLogin('app'),
    password: 'Pw-12345678!x',
  });
}

async function newGroup(): Promise<{ id: string }> {
  return t.run('createGroup', { name: `App group ${uniqueLogin()}` });
}

describe('listApps and getApp', () => {
  it('finds an app by the start of its label, by filter, and reads it back', async () => {
    const app = await newApp('Zebra Handbook');
    const quick = await t.run<Listed<App>>('listApps', { q: 'zebra' });
    expect(quick.items.map((a) => a.id)).toEqual([app.id]);
    const inactive = await t.run<Listed<App>>('listApps', { filter: `id eq "${app.id}" and status eq "INACTIVE"` });
    expect(inactive.items).toEqual([]);

    const got = await t.run<App>('getApp', { appId: app.id });
    expect(got).toMatchObject({ id: app.id, name: 'bookmark', signOnMode: 'BOOKMARK', status: 'ACTIVE' });
    expect(got.settings.app.url).toBe('https://example.com/h');
  });

  it('pages through every app once', async () => {
    for (let i = 0; i < 3; i += 1) await newApp();
    const all = await t.run<Listed<App>>('listApps', { limit: 2, fetchAll: true });
    const ids = all.items.map((a) => a.id);
    expect(ids.length).toBe(t.sandbox.org.listApps().length);
    expect(new Set(ids).size).toBe(ids.length);
    const first = await t.run<Listed<App>>('listApps', { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
  });

  it('lists the apps a user is assigned to with the user.id filter', async () => {
    const app = await newApp();
    const user = await newUser();
    await t.run('assignUserToApp', { appId: app.id, userId: user.id });
    const assigned = await t.run<Listed<App>>('listApps', {
      filter: `user.id eq "${user.id}"`,
      expand: `user/${user.id}`,
    });
    expect(assigned.items.map((a) => a.id)).toEqual([app.id]);
  });

  it('answers 404 E0000007 for an unknown app, and 400 E0000031 for a filter Okta refuses', async () => {
    const missing = await failure(t.run('getApp', { appId: '0oaMissing0000000000' }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
    const bad = await failure(t.run('listApps', { filter: 'label sw "x"' }));
    expect([bad.status, bad.errorCode]).toEqual([400, 'E0000031']);
  });
});

describe('app lifecycle', () => {
  it('deactivates and activates, reading the status back', async () => {
    const app = await newApp();
    expect(await t.run('deactivateApp', { appId: app.id })).toEqual({
      appId: app.id,
      label: app.label,
      status: 'INACTIVE',
    });
    expect(await t.run('activateApp', { appId: app.id })).toMatchObject({ status: 'ACTIVE' });
  });

  it('deletes an active app by deactivating it first, then answers 404', async () => {
    const app = await newApp();
    t.sandbox.stats.reset();
    const deleted = await t.run('deleteApp', { appId: app.id });
    expect(deleted).toEqual({ appId: app.id, label: app.label, previousStatus: 'ACTIVE', deactivated: true });
    const methods = t.sandbox.stats.requestLog.map((r) => `${r.method} ${r.path}`);
    expect(methods).toEqual([
      `GET /api/v1/apps/${app.id}`,
      `POST /api/v1/apps/${app.id}/lifecycle/deactivate`,
      `DELETE /api/v1/apps/${app.id}`,
    ]);
    const gone = await failure(t.run('getApp', { appId: app.id }));
    expect(gone.errorCode).toBe('E0000007');
  });

  it('deletes an inactive app in one call; Okta refuses to delete an active one (403 E0000056)', async () => {
    const app = await newApp();
    const refused = await failure(t.run('rawRequest', { method: 'DELETE', path: `/api/v1/apps/${app.id}` }));
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000056']);
    await t.run('deactivateApp', { appId: app.id });
    t.sandbox.stats.reset();
    expect(await t.run('deleteApp', { appId: app.id })).toMatchObject({
      previousStatus: 'INACTIVE',
      deactivated: false,
    });
    expect(t.sandbox.stats.requests).toBe(2);
  });
});

describe('app users', () => {
  it('assigns a user given by login, with a username and profile, once (409 E0000062 the second time)', async () => {
    const app = await newApp();
    const user = await newUser();
    const assigned = await t.run<AppUser>('assignUserToApp', {
      appId: app.id,
      userId: user.profile.login,
      userName: 'ada.l',
      profile: { role: 'Developer' },
    });
    expect(assigned).toMatchObject({ id: user.id, scope: 'USER', credentials: { userName: 'ada.l' } });
    expect(assigned.profile).toEqual({ role: 'Developer' });

    const twice = await failure(t.run('assignUserToApp', { appId: app.id, userId: user.id }));
    expect([twice.status, twice.errorCode]).toEqual([409, 'E0000062']);
  });

  it('keeps an SWA app password secret, and refuses a deactivated user (403 E0000117)', async () => {
    const { body: swa } = await t.run<{ body: App }>('rawRequest', {
      method: 'POST',
      path: '/api/v1/apps',
      body: {
        name: 'template_basic_auth',
        label: `Basic ${uniqueLogin()}`,
        signOnMode: 'BASIC_AUTH',
        settings: { app: { url: 'https://example.com/', authURL: 'https://example.com/auth' } },
      },
    });
    const user = await newUser();
    const assigned = await t.run<AppUser>('assignUserToApp', {
      appId: swa.id,
      userId: user.id,
      password: 'Se-cret-77',
    });
    expect(assigned.credentials?.password).toEqual({});
    expect(JSON.stringify(assigned)).not.toContain('Se-cret-77');

    const gone = await newUser();
    await t.run('deactivateUser', { userId: gone.id });
    const refused = await failure(t.run('assignUserToApp', { appId: swa.id, userId: gone.id }));
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000117']);
  });

  it('reads, updates, lists and removes an app user', async () => {
    const app = await newApp();
    const user = await newUser();
    await t.run('assignUserToApp', { appId: app.id, userId: user.id, profile: { role: 'Dev', team: 'A' } });

    const got = await t.run<AppUser>('getAppUser', { appId: app.id, userId: user.profile.login, expand: 'user' });
    expect(got._embedded?.user?.id).toBe(user.id);

    const updated = await t.run<AppUser>('updateAppUser', {
      appId: app.id,
      userId: user.id,
      userName: 'lovelace',
      profile: { role: 'Lead', team: null },
    });
    expect(updated.credentials?.userName).toBe('lovelace');
    expect(updated.profile).toEqual({ role: 'Lead' });

    const listed = await t.run<Listed<AppUser>>('listAppUsers', { appId: app.id, q: 'lovel' });
    expect(listed.items.map((u) => u.id)).toEqual([user.id]);

    expect(await t.run('removeUserFromApp', { appId: app.id, userId: user.profile.login })).toEqual({
      appId: app.id,
      userId: user.id,
    });
    const missing = await failure(t.run('getAppUser', { appId: app.id, userId: user.id }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
    const again = await failure(t.run('removeUserFromApp', { appId: app.id, userId: user.id }));
    expect(again.errorCode).toBe('E0000007');
  });

  it('refuses an update with nothing to change, before any request', async () => {
    const error = await failure(t.run('updateAppUser', { appId: '0oa1', userId: 'ada@example.com' }));
    expect(issuePaths(error)).toEqual(['profile']);
    expect(t.sandbox.stats.requests).toBe(0);
  });
});

describe('app groups', () => {
  it('assigns a group: members become app users with scope GROUP, joiners too, and leave with the group', async () => {
    const app = await newApp();
    const group = await newGroup();
    const [first, second] = [await newUser(), await newUser()];
    await t.run('addUserToGroup', { groupId: group.id, userId: first.id });

    const assignment = await t.run<AppGroup>('assignGroupToApp', {
      appId: app.id,
      groupId: group.id,
      priority: 0,
      profile: { role: 'Member' },
    });
    expect(assignment).toMatchObject({ id: group.id, priority: 0, profile: { role: 'Member' } });
    await t.run('addUserToGroup', { groupId: group.id, userId: second.id });

    const users = await t.run<Listed<AppUser>>('listAppUsers', { appId: app.id });
    expect(users.items.map((u) => [u.id, u.scope]).sort()).toEqual(
      [
        [first.id, 'GROUP'],
        [second.id, 'GROUP'],
      ].sort(),
    );
    // Okta will not unassign a user a group grants the app (403 E0000046).
    const refused = await failure(t.run('removeUserFromApp', { appId: app.id, userId: first.id }));
    expect([refused.status, refused.errorCode]).toEqual([403, 'E0000046']);

    const got = await t.run<AppGroup>('getAppGroup', { appId: app.id, groupId: group.id, expand: 'group' });
    expect(got._embedded?.group?.id).toBe(group.id);
    const groups = await t.run<Listed<AppGroup>>('listAppGroups', { appId: app.id, q: 'app group' });
    expect(groups.items.map((g) => g.id)).toEqual([group.id]);

    expect(await t.run('removeGroupFromApp', { appId: app.id, groupId: group.id })).toEqual({
      appId: app.id,
      groupId: group.id,
    });
    expect((await t.run<Listed<AppUser>>('listAppUsers', { appId: app.id })).items).toEqual([]);
    const missing = await failure(t.run('getAppGroup', { appId: app.id, groupId: group.id }));
    expect([missing.status, missing.errorCode]).toEqual([404, 'E0000007']);
  });

  it('answers 404 E0000007 for an unknown group', async () => {
    const app = await newApp();
    const error = await failure(t.run('assignGroupToApp', { appId: app.id, groupId: '00gMissing0000000000' }));
    expect([error.status, error.errorCode]).toEqual([404, 'E0000007']);
  });
});
