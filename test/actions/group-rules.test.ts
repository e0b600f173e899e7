/**
 * Group rule actions over real HTTP against the sandbox: created INACTIVE, changed only while INACTIVE, activation
 * assigning the users who match, profile changes followed, deactivation keeping members, delete with removeUsers.
 */
import { describe, expect, it } from 'vitest';
import type { User } from '../../sandbox/state.ts';
import { failure, issuePaths, uniqueLogin, useSandbox } from './harness.ts';

const t = useSandbox({ users: 20, seed: 21 });

interface Rule {
  id: string;
  name: string;
  status: string;
  conditions: { expression: { value: string }; people: { users: { exclude: string[] } } };
  actions: { assignUserToGroups: { groupIds: string[] } };
  _embedded?: { groupIdToGroupNameMap: Record<string, string> };
}

let unique = 0;
/** A rule name no other test uses, within Okta's 50 characters. */
function ruleName(prefix: string): string {
  unique += 1;
  return `${prefix} ${Date.now().toString(36)}${unique}`;
}

function person(department: string, status: 'ACTIVE' | 'STAGED' = 'ACTIVE'): User {
  const login = uniqueLogin('rule');
  return t.sandbox.org.users.create(
    { profile: { login, email: login, firstName: 'Rule', lastName: 'Subject', department }, password: 'Abcd1234#@' },
    { activate: status === 'ACTIVE' },
  );
}

const members = (groupId: string) => t.sandbox.org.groups.memberIds(groupId);

async function newGroup(): Promise<string> {
  return (await t.run<{ id: string }>('createGroup', { name: `Rule target ${uniqueLogin()}` })).id;
}

describe('group rule lifecycle', () => {
  it('creates INACTIVE, activates, follows profile changes, deactivates keeping members, updates, deletes', async () => {
    const department = `Dept${uniqueLogin().replace(/\W/g, '')}`;
    const groupId = await newGroup();
    const [ada, staged, other] = [person(department), person(department, 'STAGED'), person('Elsewhere')];

    const created = await t.run<Rule>('createGroupRule', {
      name: ruleName('Dept rule'),
      expression: `user.department=="${department}"`,
      groupIds: [groupId],
    });
    expect(created).toMatchObject({ status: 'INACTIVE', actions: { assignUserToGroups: { groupIds: [groupId] } } });
    expect(members(groupId).size).toBe(0);

    const active = await t.run<Rule>('activateGroupRule', { ruleId: created.id });
    expect(active.status).toBe('ACTIVE');
    // Matching users join; STAGED users are not moved by rules; others stay out.
    expect([...members(groupId)]).toEqual([ada.id]);
    expect(members(groupId).has(staged.id)).toBe(false);
    expect(members(groupId).has(other.id)).toBe(false);

    // A profile change is followed while the rule is active, both ways.
    await t.run('rawRequest', { method: 'POST', path: `/api/v1/users/${other.id}`, body: { profile: { department } } });
    expect(members(groupId).has(other.id)).toBe(true);
    await t.run('rawRequest', {
      method: 'POST',
      path: `/api/v1/users/${other.id}`,
      body: { profile: { department: 'X' } },
    });
    expect(members(groupId).has(other.id)).toBe(false);

    // Okta changes only inactive rules.
    const refused = await failure(t.run('updateGroupRule', { ruleId: created.id, expression: 'user.department=="X"' }));
    expect([refused.errorCode, refused.status]).toEqual(['E0000001', 400]);

    const inactive = await t.run<Rule>('deactivateGroupRule', { ruleId: created.id });
    expect(inactive.status).toBe('INACTIVE');
    expect(members(groupId).has(ada.id)).toBe(true);

    const renamed = ruleName('Renamed');
    const updated = await t.run<Rule>('updateGroupRule', {
      ruleId: created.id,
      name: renamed,
      expression: 'user.department=="nobody"',
    });
    expect(updated).toMatchObject({
      name: renamed,
      status: 'INACTIVE',
      conditions: { expression: { value: 'user.department=="nobody"' } },
    });
    expect(updated.actions.assignUserToGroups.groupIds).toEqual([groupId]);

    // Activated again, the rule lets go of the members that no longer match.
    await t.run('activateGroupRule', { ruleId: created.id });
    expect(members(groupId).has(ada.id)).toBe(false);

    const deleted = await t.run('deleteGroupRule', { ruleId: created.id });
    expect(deleted).toEqual({ ruleId: created.id, name: renamed, previousStatus: 'ACTIVE', deactivated: true });
    const gone = await failure(t.run('getGroupRule', { ruleId: created.id }));
    expect([gone.errorCode, gone.status]).toEqual(['E0000007', 404]);
  });

  it('deletes with removeUsers taking the rule’s members out, and excludes a member removed by hand', async () => {
    const department = `Ops${uniqueLogin().replace(/\W/g, '')}`;
    const groupId = await newGroup();
    const [first, second] = [person(department), person(department)];
    const rule = await t.run<Rule>('createGroupRule', {
      name: ruleName('Ops rule'),
      expression: `user.department=="${department}" AND isMemberOfAnyGroup("${t.sandbox.org.listGroups()[0]!.id}")`,
      groupIds: [groupId],
      activate: true,
    });
    expect(rule.status).toBe('ACTIVE');
    expect([...members(groupId)].sort()).toEqual([first.id, second.id].sort());

    await t.run('removeUserFromGroup', { groupId, userId: second.id });
    const excluded = await t.run<Rule>('getGroupRule', { ruleId: rule.id });
    expect(excluded.conditions.people.users.exclude).toEqual([second.id]);

    await t.run('deleteGroupRule', { ruleId: rule.id, removeUsers: true });
    expect(members(groupId).size).toBe(0);
  });

  it('makes a rule INVALID when its group is deleted: it can then only be read or deleted', async () => {
    const groupId = await newGroup();
    const rule = await t.run<Rule>('createGroupRule', {
      name: ruleName('Orphan'),
      expression: 'user.department=="Nobody"',
      groupIds: [groupId],
    });
    await t.run('deleteGroup', { groupId });
    expect((await t.run<Rule>('getGroupRule', { ruleId: rule.id })).status).toBe('INVALID');
    const refused = await failure(t.run('activateGroupRule', { ruleId: rule.id }));
    expect([refused.errorCode, refused.status]).toEqual(['E0000001', 400]);
    expect(await t.run('deleteGroupRule', { ruleId: rule.id })).toMatchObject({ previousStatus: 'INVALID' });
  });
});

describe('group rule reads', () => {
  it('lists rules by keyword, page by page, with group names on request', async () => {
    const groupId = await newGroup();
    const tag = `KW${Date.now().toString(36)}`;
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const rule = await t.run<Rule>('createGroupRule', {
        name: ruleName(`${tag} ${i}`),
        expression: 'user.title=="Pilot"',
        groupIds: [groupId],
      });
      ids.push(rule.id);
    }
    const first = await t.run<{ items: Rule[]; nextCursor?: string }>('listGroupRules', {
      search: tag.toLowerCase(),
      limit: 2,
    });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeDefined();
    const all = await t.run<{ items: Rule[] }>('listGroupRules', {
      search: tag,
      limit: 1,
      fetchAll: true,
      expand: 'groupIdToGroupNameMap',
    });
    expect(all.items.map((rule) => rule.id)).toEqual(ids);
    expect(Object.keys(all.items[0]!._embedded!.groupIdToGroupNameMap)).toEqual([groupId]);
  });
});

describe('group rule validation', () => {
  it('refuses bad inputs before any request', async () => {
    const error = await failure(
      t.run('createGroupRule', { name: 'x'.repeat(51), expression: ' ', groupIds: [], excludedUserIds: ['ada'] }),
    );
    expect(issuePaths(error).sort()).toEqual(['excludedUserIds.0', 'expression', 'groupIds', 'name']);
    expect(t.sandbox.stats.requests).toBe(0);
  });

  it.each([
    ['user.status=="ACTIVE"', 'user.status cannot be used'],
    ['Convert.toInt(user.employeeNumber) > 5', 'Convert and Time'],
    ['user.favouriteColour=="blue"', 'Invalid property favouriteColour'],
    ['user.department==', 'Unexpected end'],
  ])('answers 400 E0000001 for the expression %s', async (expression, reason) => {
    const groupId = await newGroup();
    const error = await failure(t.run('createGroupRule', { name: ruleName('Bad'), expression, groupIds: [groupId] }));
    expect([error.errorCode, error.status]).toEqual(['E0000001', 400]);
    expect(JSON.stringify(error.details)).toContain(reason);
  });

  it('refuses a second rule of the same name, and an app group as a target', async () => {
    const groupId = await newGroup();
    const name = ruleName('Twice');
    await t.run('createGroupRule', { name, expression: 'user.title=="A"', groupIds: [groupId] });
    const duplicate = await failure(
      t.run('createGroupRule', { name, expression: 'user.title=="B"', groupIds: [groupId] }),
    );
    expect([duplicate.errorCode, duplicate.status]).toEqual(['E0000001', 400]);
    const appGroup = t.sandbox.org.listGroups().find((g) => g.type === 'APP_GROUP')!;
    const target = await failure(
      t.run('createGroupRule', { name: ruleName('App'), expression: 'user.title=="A"', groupIds: [appGroup.id] }),
    );
    expect([target.errorCode, target.status]).toEqual(['E0000001', 400]);
  });

  it('answers unknown rules with 404 E0000007 on every operation', async () => {
    for (const key of [
      'getGroupRule',
      'activateGroupRule',
      'deactivateGroupRule',
      'updateGroupRule',
      'deleteGroupRule',
    ]) {
      const error = await failure(t.run(key, { ruleId: '0prDoesNotExist000000' }));
      expect([key, error.errorCode, error.status]).toEqual([key, 'E0000007', 404]);
    }
  });
});
