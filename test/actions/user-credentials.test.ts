/**
 * The rest of the user actions over real HTTP against the sandbox: lookup, replace, the remaining lifecycle
 * operations, passwords, sessions, and what a user is linked to (groups, apps, app links, types). Each checks its
 * result and the Okta error a flow meets first.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { keyPair, serviceConnection } from '../connections/harness.ts';
import { failure, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 40, seed: 22 });

interface User {
  id: string;
  status: string;
  passwordChanged?: string | null;
  type?: { id: string };
  profile: Record<string, unknown> & { login: string };
}
interface Lifecycle {
  userId: string;
  login: string;
  status: string;
  passwordChanged?: string;
}

const PASSWORD = 'Tr0ub4dor&3-horse-Battery';

function newUser(extra: Record<string, unknown> = {}) {
  return t.run<User>('createUser', { firstName: 'Ada', lastName: 'Lovelace', email: uniqueLogin('ada'), ...extra });
}

/** Puts a sandbox user in a status no API call leads to (LOCKED_OUT comes from failed sign-ins). */
function setStatus(id: string, status: 'LOCKED_OUT') {
  const user = t.sandbox.org.users.get(id);
  user.status = status;
}

describe('lookupUser', () => {
  it('finds a user by id, by login and by email, and answers found: false for nobody', async () => {
    const login = uniqueLogin('look');
    const email = uniqueLogin('mail');
    const created = await newUser({ login, email });
    for (const [value, matchedBy] of [
      [created.id, 'idOrLogin'],
      [login, 'idOrLogin'],
      [email, 'email'],
    ] as const) {
      const result = await t.run<{ found: boolean; user: User; matchedBy: string }>('lookupUser', { userId: value });
      expect(result).toMatchObject({ found: true, matchedBy });
      expect(result.user.id).toBe(created.id);
    }
    expect(await t.run('lookupUser', { userId: 'nobody.here@example.com' })).toEqual({ found: false });
    expect(await t.run('lookupUser', { userId: '00u0000000000000none' })).toEqual({ found: false });
  });

  it('matches an email literally: quotes and operators change nothing', async () => {
    const result = await t.run('lookupUser', { userId: 'x@example.com" or status eq "ACTIVE' });
    expect(result).toEqual({ found: false });
  });

  it('still fails on errors other than not found', async () => {
    t.sandbox.faults.inject({ kind: '5xx', status: 500, count: 5, match: { method: 'GET' } });
    const error = await failure(t.run('lookupUser', { userId: 'someone@example.com' }));
    expect(error.kind).toBe('transient');
  });
});

describe('replaceUser', () => {
  it('replaces the whole profile: attributes left out are cleared; moves the user to another type', async () => {
    const type = t.sandbox.org.userTypes.create({ name: `contractor_${Date.now()}`, displayName: 'Contractor' });
    const created = await newUser({ mobilePhone: '+1 415 555 0100', profile: { department: 'Research' } });
    const login = created.profile.login;
    const replaced = await t.run<User>('replaceUser', {
      userId: login,
      firstName: 'Augusta',
      lastName: 'King',
      email: login,
      login,
      typeId: type.id,
    });
    expect(replaced.profile).toMatchObject({ firstName: 'Augusta', lastName: 'King' });
    expect(replaced.profile.department).toBeUndefined();
    expect(replaced.profile.mobilePhone).toBeUndefined();
    expect(replaced.type?.id).toBe(type.id);
  });

  it('surfaces a login taken by another user as E0000001', async () => {
    const a = await newUser();
    const b = await newUser();
    const error = await failure(
      t.run('replaceUser', {
        userId: b.id,
        firstName: 'B',
        lastName: 'B',
        email: b.profile.login,
        login: a.profile.login,
      }),
    );
    expect(error.errorCode).toBe('E0000001');
  });
});

describe('reactivateUser', () => {
  it('returns a new activation link for a user who never finished activation', async () => {
    const created = await newUser();
    expect(created.status).toBe('PROVISIONED');
    const result = await t.run<Lifecycle & { activationUrl?: string }>('reactivateUser', { userId: created.id });
    expect(result.status).toBe('PROVISIONED');
    expect(result.activationUrl).toMatch(/\/tokens\/.+\/verify$/);
  });

  it('refuses an active user with E0000038', async () => {
    const created = await newUser({ password: PASSWORD });
    const error = await failure(t.run('reactivateUser', { userId: created.id }));
    expect(error.errorCode).toBe('E0000038');
  });
});

describe('unlockUser', () => {
  it('unlocks a locked-out user', async () => {
    const created = await newUser({ password: PASSWORD });
    setStatus(created.id, 'LOCKED_OUT');
    const result = await t.run<Lifecycle>('unlockUser', { userId: created.profile.login });
    expect(result).toMatchObject({ userId: created.id, status: 'ACTIVE' });
  });

  it('refuses a user who is not locked out with E0000032', async () => {
    const created = await newUser({ password: PASSWORD });
    const error = await failure(t.run('unlockUser', { userId: created.id }));
    expect(error.status).toBe(403);
    expect(error.errorCode).toBe('E0000032');
  });
});

describe('resetPassword', () => {
  it('puts the user in RECOVERY and returns the link when no email is sent', async () => {
    const created = await newUser({ password: PASSWORD });
    const result = await t.run<Lifecycle & { resetPasswordUrl?: string }>('resetPassword', {
      userId: created.id,
      sendEmail: false,
    });
    expect(result.status).toBe('RECOVERY');
    expect(result.resetPasswordUrl).toMatch(/^https?:\/\//);
  });

  it('refuses a staged user with E0000038', async () => {
    const created = await newUser({ activate: false });
    const error = await failure(t.run('resetPassword', { userId: created.id }));
    expect(error.errorCode).toBe('E0000038');
  });
});

describe('expirePassword', () => {
  it('leaves the user PASSWORD_EXPIRED', async () => {
    const created = await newUser({ password: PASSWORD });
    const result = await t.run<Lifecycle & { tempPassword?: string }>('expirePassword', { userId: created.id });
    expect(result.status).toBe('PASSWORD_EXPIRED');
    expect(result.tempPassword).toBeUndefined();
  });

  it('sets and returns a temporary password that then changes the password', async () => {
    const created = await newUser({ password: PASSWORD });
    const result = await t.run<Lifecycle & { tempPassword: string }>('expirePassword', {
      userId: created.profile.login,
      tempPassword: true,
    });
    expect(result.status).toBe('PASSWORD_EXPIRED');
    expect(result.tempPassword.length).toBeGreaterThan(5);
    // The temporary password is now the current one: changing it with the temporary one succeeds.
    const changed = await t.run<Lifecycle>('changePassword', {
      userId: created.id,
      oldPassword: result.tempPassword,
      newPassword: 'A-brand-new-Passw0rd',
    });
    expect(changed.status).toBe('ACTIVE');
  });

  it('refuses a user without a password with E0000038', async () => {
    const created = await newUser();
    const error = await failure(t.run('expirePassword', { userId: created.id }));
    expect(error.errorCode).toBe('E0000038');
  });
});

describe('changePassword', () => {
  it('changes the password and moves passwordChanged', async () => {
    const created = await newUser({ password: PASSWORD });
    await t.run('expirePassword', { userId: created.id });
    const result = await t.run<Lifecycle>('changePassword', {
      userId: created.profile.login,
      oldPassword: PASSWORD,
      newPassword: 'correct-horse-Battery-9',
    });
    expect(result.status).toBe('ACTIVE');
    expect(Date.parse(result.passwordChanged as string)).toBeGreaterThanOrEqual(
      Date.parse(created.passwordChanged as string),
    );
    expect(result.passwordChanged).not.toBe(created.passwordChanged);
  });

  it('refuses a wrong current password with E0000014, naming oldPassword', async () => {
    const created = await newUser({ password: PASSWORD });
    const error = await failure(
      t.run('changePassword', { userId: created.id, oldPassword: 'wrong-one', newPassword: 'correct-horse-9' }),
    );
    expect(error.status).toBe(403);
    expect(error.errorCode).toBe('E0000014');
    expect(JSON.stringify(error.errorCauses)).toMatch(/oldPassword/);
    expect(error.message).not.toContain('correct-horse-9');
  });
});

describe('setPassword', () => {
  it('sets a password without the old one; the status stays', async () => {
    const created = await newUser({ password: PASSWORD });
    const result = await t.run<Lifecycle>('setPassword', { userId: created.id, password: 'Set-by-the-admin-1' });
    expect(result).toMatchObject({ userId: created.id, status: 'ACTIVE' });
    expect(result.passwordChanged).toBeTruthy();
    expect(t.sandbox.org.users.get(created.id).password).toBe('Set-by-the-admin-1');
  });

  it('refuses both a password and a hash before sending anything', async () => {
    const error = await failure(
      t.run('setPassword', {
        userId: 'ada@example.com',
        password: 'x-Password-1',
        passwordHash: { algorithm: 'BCRYPT', value: 'abc', workFactor: 10, salt: 'salt' },
      }),
    );
    expect(error.kind).toBe('validation');
    expect(t.sandbox.stats.requests).toBe(0);
  });

  it('answers an unknown user with E0000007', async () => {
    const error = await failure(t.run('setPassword', { userId: 'nobody.set@example.com', password: 'x-Password-1' }));
    expect(error.errorCode).toBe('E0000007');
  });
});

describe('clearUserSessions', () => {
  it('signs the user out everywhere and logs it', async () => {
    const created = await newUser({ password: PASSWORD });
    const result = await t.run('clearUserSessions', { userId: created.profile.login, oauthTokens: true });
    expect(result).toEqual({ userId: created.id });
    const cleared = t.sandbox.org.systemLog
      .list()
      .filter((e) => e.event.eventType === 'user.session.clear' && e.event.target[0]?.id === created.id);
    expect(cleared).toHaveLength(1);
    const sent = t.sandbox.stats.requestLog.find((r) => r.method === 'DELETE');
    expect(sent?.query).toContain('oauthTokens=true');
  });

  it('answers an unknown user with E0000007', async () => {
    const error = await failure(t.run('clearUserSessions', { userId: '00u0000000000000none' }));
    expect(error.errorCode).toBe('E0000007');
  });
});

describe('listUserGroups, listUserApps, listAppLinks', () => {
  it('list what one call made: a membership, an app assignment', async () => {
    const created = await newUser({ password: PASSWORD });
    const group = await t.run<{ id: string }>('createGroup', { name: `Engines ${uniqueLogin()}` });
    await t.run('addUserToGroup', { groupId: group.id, userId: created.id });
    const app = t.sandbox.org.listApps()[0] as { id: string; label: string };
    t.sandbox.org.apps.assign(app.id, created.id);

    const groups = await t.run<{ items: { id: string; profile: { name: string } }[] }>('listUserGroups', {
      userId: created.profile.login,
    });
    expect(groups.items.map((g) => g.id)).toContain(group.id);
    expect(groups.items.map((g) => g.profile.name)).toContain('Everyone');

    const apps = await t.run<{ items: { id: string }[] }>('listUserApps', { userId: created.profile.login });
    expect(apps.items.map((a) => a.id)).toEqual([app.id]);

    const links = await t.run<{ items: { appInstanceId: string; label: string }[] }>('listAppLinks', {
      userId: created.id,
    });
    expect(links.items).toEqual([expect.objectContaining({ appInstanceId: app.id, label: app.label })]);
  });

  it('answer an unknown user with E0000007', async () => {
    for (const key of ['listUserGroups', 'listUserApps', 'listAppLinks']) {
      const error = await failure(t.run(key, { userId: 'nobody.lists@example.com' }));
      expect(error.errorCode).toBe('E0000007');
    }
  });
});

describe('listUserTypes', () => {
  it('lists the default type and the custom ones', async () => {
    const type = t.sandbox.org.userTypes.create({ name: `partner_${Date.now()}`, displayName: 'Partner' });
    const result = await t.run<{ items: { id: string; name: string; default: boolean }[] }>('listUserTypes', {});
    expect(result.items.find((i) => i.default)?.name).toBe('user');
    expect(result.items.map((i) => i.id)).toContain(type.id);
  });

  it('is refused 403 E0000006 to a service app not granted okta.userTypes.read', async () => {
    const key = await keyPair('ES256');
    const { connection } = serviceConnection(t.sandbox, key, { scopes: ['okta.users.read'], dpopRequired: false });
    const connector = createConnector();
    const error = await failure(connector.runAction('listUserTypes', { connection, input: {} }));
    expect(error.status).toBe(403);
    expect(error.errorCode).toBe('E0000006');
  });
});
