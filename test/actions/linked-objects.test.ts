/**
 * Linked-object actions over real HTTP against the sandbox: set, read both ways and delete a manager link, with the
 * Okta errors a flow meets first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { failure, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 20, seed: 24 });

interface User {
  id: string;
  profile: { login: string };
}

let manager: User;
let employee: User;
let colleague: User;

const newUser = (name: string) =>
  t.run<User>('createUser', { firstName: name, lastName: 'Test', email: uniqueLogin(name.toLowerCase()) });

beforeAll(async () => {
  t.sandbox.org.linkedObjects.create({
    primary: { name: 'manager', title: 'Manager' },
    associated: { name: 'subordinate', title: 'Subordinate' },
  });
  manager = await newUser('Grace');
  employee = await newUser('Ada');
  colleague = await newUser('Alan');
});

describe('setLinkedObjectValue and the reads', () => {
  it('links employees to their manager, by login, and reads the link both ways', async () => {
    const set = await t.run('setLinkedObjectValue', {
      userId: employee.profile.login,
      primaryName: 'manager',
      primaryUserId: manager.profile.login,
    });
    expect(set).toEqual({ userId: employee.profile.login, primaryName: 'manager', primaryUserId: manager.id });
    await t.run('setLinkedObjectValue', { userId: colleague.id, primaryName: 'manager', primaryUserId: manager.id });

    expect(await t.run('getPrimaryLinkedObjectValue', { userId: employee.id, primaryName: 'manager' })).toEqual({
      found: true,
      primaryUserId: manager.id,
    });
    const byPrimaryName = await t.run<{ items: { userId: string }[] }>('getAssociatedLinkedObjectValues', {
      userId: manager.profile.login,
      relationshipName: 'manager',
    });
    const byAssociatedName = await t.run<{ items: { userId: string }[] }>('getAssociatedLinkedObjectValues', {
      userId: manager.id,
      relationshipName: 'subordinate',
    });
    for (const result of [byPrimaryName, byAssociatedName]) {
      expect(result.items.map((i) => i.userId).sort()).toEqual([employee.id, colleague.id].sort());
    }
  });

  it('refuses an unknown relationship with 404 E0000007', async () => {
    const error = await failure(
      t.run('setLinkedObjectValue', { userId: employee.id, primaryName: 'mentor', primaryUserId: manager.id }),
    );
    expect(error.status).toBe(404);
    expect(error.errorCode).toBe('E0000007');
  });

  it('refuses a link by the associated name with 400 E0000001', async () => {
    const error = await failure(
      t.run('setLinkedObjectValue', { userId: employee.id, primaryName: 'subordinate', primaryUserId: manager.id }),
    );
    expect(error.errorCode).toBe('E0000001');
  });
});

describe('deleteLinkedObjectValue', () => {
  it('removes the user’s manager; reading then finds none; a second delete changes nothing', async () => {
    await t.run('setLinkedObjectValue', { userId: employee.id, primaryName: 'manager', primaryUserId: manager.id });
    expect(await t.run('deleteLinkedObjectValue', { userId: employee.id, primaryName: 'manager' })).toEqual({
      userId: employee.id,
      primaryName: 'manager',
    });
    expect(await t.run('getPrimaryLinkedObjectValue', { userId: employee.id, primaryName: 'manager' })).toEqual({
      found: false,
    });
    await t.run('deleteLinkedObjectValue', { userId: employee.id, primaryName: 'manager' });
  });

  it('answers an unknown user with E0000007', async () => {
    const error = await failure(
      t.run('deleteLinkedObjectValue', { userId: 'nobody.links@example.com', primaryName: 'manager' }),
    );
    expect(error.errorCode).toBe('E0000007');
  });

  it('drops the links of a deleted user', async () => {
    const temp = await newUser('Temp');
    await t.run('setLinkedObjectValue', { userId: temp.id, primaryName: 'manager', primaryUserId: colleague.id });
    await t.run('deleteUser', { userId: temp.id });
    const result = await t.run<{ items: unknown[] }>('getAssociatedLinkedObjectValues', {
      userId: colleague.id,
      relationshipName: 'subordinate',
    });
    expect(result.items).toEqual([]);
  });
});

describe('getPrimaryLinkedObjectValue and getAssociatedLinkedObjectValues', () => {
  it('answer an unknown relationship with 404 E0000007', async () => {
    for (const [key, input] of [
      ['getPrimaryLinkedObjectValue', { userId: employee.id, primaryName: 'mentor' }],
      ['getAssociatedLinkedObjectValues', { userId: employee.id, relationshipName: 'mentee' }],
    ] as const) {
      const error = await failure(t.run(key, input));
      expect(error.errorCode).toBe('E0000007');
    }
  });
});
