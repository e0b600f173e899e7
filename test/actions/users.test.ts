/**
 * User actions over real HTTP against the sandbox: create, read, update, delete and the lifecycle, each with the
 * failure a flow builder will meet first.
 */
import { describe, expect, it } from 'vitest';
import { failure, issuePaths, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 40, seed: 21 });

interface User {
  id: string;
  status: string;
  profile: Record<string, unknown> & { login: string };
}
interface Lifecycle {
  userId: string;
  login: string;
  status: string;
  activationUrl?: string;
  activationToken?: string;
}

const PASSWORD = 'Tr0ub4dor&3-horse-Battery';

function newUser(extra: Record<string, unknown> = {}) {
  const email = uniqueLogin('ada');
  return t.run<User>('createUser', { firstName: 'Ada', lastName: 'Lovelace', email, ...extra });
}

function requests(method: string, pathPattern: RegExp) {
  return t.sandbox.stats.requestLog.filter((r) => r.method === method && pathPattern.test(r.path));
}

describe('createUser', () => {
  it('creates an active user with a password, login defaulting to the email, in the given groups', async () => {
    const group = await t.run<{ id: string }>('createGroup', { name: `Engineers ${uniqueLogin()}` });
    const email = uniqueLogin('grace');
    const user = await t.run<User>('createUser', {
      firstName: 'Grace',
      lastName: 'Hopper',
      email,
      mobilePhone: '+1 415 555 0100',
      profile: { department: 'Engineering' },
      password: PASSWORD,
      groupIds: [group.id],
    });
    expect(user.status).toBe('ACTIVE');
    expect(user.profile).toMatchObject({
      login: email,
      email,
      department: 'Engineering',
      mobilePhone: '+1 415 555 0100',
    });
    const members = await t.run<{ body: { id: string }[] }>('rawRequest', { path: `/api/v1/groups/${group.id}/users` });
    expect(members.body.map((m) => m.id)).toContain(user.id);
  });

  it('creates a STAGED user when not activated', async () => {
    const user = await newUser({ activate: false });
    expect(user.status).toBe('STAGED');
  });

  it('surfaces a duplicate login as Okta’s E0000001 with its causes', async () => {
    const existing = await newUser();
    const error = await failure(
      t.run('createUser', { firstName: 'A', lastName: 'B', email: existing.profile.login as string }),
    );
    expect(error.kind).toBe('okta');
    expect(error.errorCode).toBe('E0000001');
    expect(error.errorCode).toBe('E0000001');
    const causes = error.errorCauses as { errorSummary: string }[];
    expect(causes[0]?.errorSummary).toMatch(/login/);
  });

  it('refuses a bad input before sending anything, naming every bad field', async () => {
    const error = await failure(
      t.run('createUser', {
        firstName: '',
        email: 'not-an-email',
        groupIds: Array.from({ length: 21 }, (_, i) => `00g${i}`),
        activate: false,
        nextLogin: 'changePassword',
        recoveryQuestion: 'Favourite engine?',
      }),
    );
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)).toEqual(
      expect.arrayContaining(['firstName', 'lastName', 'email', 'groupIds', 'nextLogin', 'password', 'recoveryAnswer']),
    );
    expect(error.message).toMatch(/requires Activate/);
    expect(t.sandbox.stats.requests).toBe(0);
  });

  it('resends a create after a 5xx or a connection reset only once a lookup shows Okta did not make it', async () => {
    for (const fault of [{ kind: '5xx', status: 502 }, { kind: 'reset' }] as const) {
      t.sandbox.stats.reset();
      t.sandbox.faults.inject({ ...fault, count: 1, match: { method: 'POST' } });
      const email = uniqueLogin('once');
      const user = await t.run<User>('createUser', { firstName: 'Once', lastName: 'Only', email });
      const calls = t.sandbox.stats.requestLog.map((r) => `${r.method} ${r.path}`);
      expect(calls).toEqual(['POST /api/v1/users', 'GET /api/v1/users', 'POST /api/v1/users']);
      expect(
        t.sandbox.org
          .listUsers()
          .filter((u) => u.profile.login === email)
          .map((u) => u.id),
      ).toEqual([user.id]);
    }
  });
});

describe('getUser', () => {
  it('reads a user by id and by login', async () => {
    const created = await newUser();
    const byId = await t.run<User>('getUser', { userId: created.id });
    const byLogin = await t.run<User>('getUser', { userId: created.profile.login });
    expect(byId.id).toBe(created.id);
    expect(byLogin.id).toBe(created.id);
  });

  it('retries a read after 5xx answers', async () => {
    const created = await newUser();
    t.sandbox.stats.reset();
    t.sandbox.faults.inject({ kind: '5xx', status: 503, count: 2, match: { method: 'GET' } });
    const user = await t.run<User>('getUser', { userId: created.id });
    expect(user.id).toBe(created.id);
    expect(requests('GET', /^\/api\/v1\/users\//)).toHaveLength(3);
  });

  it('answers an unknown user with E0000007', async () => {
    const error = await failure(t.run('getUser', { userId: 'nobody.at.all@example.com' }));
    expect(error.kind).toBe('okta');
    expect(error.errorCode).toBe('E0000007');
  });
});

describe('updateUser', () => {
  it('changes only what is given and clears with null', async () => {
    const created = await newUser({ mobilePhone: '+1 415 555 0100', profile: { department: 'Research' } });
    const updated = await t.run<User>('updateUser', {
      userId: created.profile.login,
      mobilePhone: null,
      profile: { department: 'Analytical Engines' },
    });
    expect(updated.profile).toMatchObject({ firstName: 'Ada', lastName: 'Lovelace', department: 'Analytical Engines' });
    expect(updated.profile.mobilePhone ?? null).toBeNull();
  });

  it('refuses an update that changes nothing, without a request', async () => {
    const error = await failure(t.run('updateUser', { userId: 'ada@example.com' }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/at least one attribute/);
    expect(t.sandbox.stats.requests).toBe(0);
  });
});

describe('deleteUser', () => {
  it('deactivates an active user, then deletes them', async () => {
    const created = await newUser({ password: PASSWORD });
    t.sandbox.stats.reset();
    const result = await t.run('deleteUser', { userId: created.profile.login });
    expect(result).toEqual({
      userId: created.id,
      login: created.profile.login,
      previousStatus: 'ACTIVE',
      deactivated: true,
    });
    expect(requests('DELETE', new RegExp(`^/api/v1/users/${created.id}$`))).toHaveLength(2);
    expect(t.sandbox.org.listUsers().some((u) => u.id === created.id)).toBe(false);
    const gone = await failure(t.run('getUser', { userId: created.id }));
    expect(gone.errorCode).toBe('E0000007');
  });

  it('deletes a deactivated user with one DELETE', async () => {
    const created = await newUser();
    await t.run('deactivateUser', { userId: created.id });
    t.sandbox.stats.reset();
    const result = await t.run<{ deactivated: boolean; previousStatus: string }>('deleteUser', { userId: created.id });
    expect(result).toMatchObject({ previousStatus: 'DEPROVISIONED', deactivated: false });
    expect(requests('DELETE', /^\/api\/v1\/users\//)).toHaveLength(1);
  });

  it('does not resend the first DELETE after a 5xx: a resend would delete instead of deactivate', async () => {
    const created = await newUser({ password: PASSWORD });
    t.sandbox.stats.reset();
    t.sandbox.faults.inject({ kind: '5xx', status: 503, count: 1, match: { method: 'DELETE' } });
    const error = await failure(t.run('deleteUser', { userId: created.id }));
    expect(error.kind).toBe('transient');
    expect(requests('DELETE', /^\/api\/v1\/users\//)).toHaveLength(1);
    expect(t.sandbox.org.listUsers().some((u) => u.id === created.id)).toBe(true);
  });
});

describe('lifecycle', () => {
  it('activates a staged user and returns the activation link when no email is sent', async () => {
    const created = await newUser({ activate: false });
    const result = await t.run<Lifecycle>('activateUser', { userId: created.profile.login, sendEmail: false });
    expect(result.userId).toBe(created.id);
    expect(['PROVISIONED', 'ACTIVE']).toContain(result.status);
    expect(result.activationUrl).toMatch(/^https?:\/\//);
    expect(result.activationToken).toBeTruthy();
  });

  it('refuses to activate an active user with E0000016', async () => {
    const created = await newUser({ password: PASSWORD });
    const error = await failure(t.run('activateUser', { userId: created.id }));
    expect(error.errorCode).toBe('E0000016');
  });

  it('suspends, unsuspends and deactivates, reporting the status Okta holds', async () => {
    const created = await newUser({ password: PASSWORD });
    const suspended = await t.run<Lifecycle>('suspendUser', { userId: created.profile.login });
    expect(suspended).toEqual({ userId: created.id, login: created.profile.login, status: 'SUSPENDED' });

    const again = await failure(t.run('suspendUser', { userId: created.id }));
    expect(again.errorCode).toBe('E0000001');

    const unsuspended = await t.run<Lifecycle>('unsuspendUser', { userId: created.id });
    expect(unsuspended.status).toBe('ACTIVE');

    const deactivated = await t.run<Lifecycle>('deactivateUser', { userId: created.id });
    expect(deactivated.status).toBe('DEPROVISIONED');
  });

  it('refuses to unsuspend a user who is not suspended with E0000001', async () => {
    const created = await newUser({ password: PASSWORD });
    const error = await failure(t.run('unsuspendUser', { userId: created.id }));
    expect(error.kind).toBe('okta');
    expect(error.errorCode).toBe('E0000001');
  });
});
