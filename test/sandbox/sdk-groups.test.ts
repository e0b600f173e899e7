/**
 * Groups and group rules driven through Okta's own Node SDK, as a script drives a real org, checked against what Okta
 * documents (docs/okta.md §2.4, §7.3; spec Group and GroupRule tags; Okta help on group rules). Written here: Okta's
 * integration tests are a source of facts, not of code.
 */
import okta from '@okta/okta-sdk-nodejs';
import { beforeAll, describe, expect, it } from 'vitest';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 60, seed: 12 });
let client: okta.Client;

beforeAll(async () => {
  sandbox.setRateLimits?.({ enabled: false });
  client = new okta.Client({ orgUrl: sandbox.url, token: sandbox.apiToken, cacheMiddleware: null });
});

/** The HTTP status and Okta error code an SDK call was refused with. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; errorCode: string }> {
  const error = (await call.then(
    () => undefined,
    (e: unknown) => e,
  )) as { status?: number; errorCode?: string } | undefined;
  if (!error) throw new Error('expected Okta to refuse the call');
  return { status: error.status ?? 0, errorCode: error.errorCode ?? '' };
}

async function all<T>(collection: Promise<okta.Collection<T>>): Promise<T[]> {
  const items: T[] = [];
  await (await collection).each((item) => {
    items.push(item);
  });
  return items;
}

let counter = 0;
const unique = (prefix: string) => {
  counter += 1;
  return `${prefix} ${Date.now().toString(36)}${counter}`;
};

describe('groups through the SDK', () => {
  it('creates, reads, replaces and deletes an OKTA_GROUP; a deleted group answers 404 E0000007', async () => {
    const name = unique('SDK group');
    const group = await client.groupApi.createGroup({ group: { profile: { name, description: 'first' } } });
    expect(group).toMatchObject({ type: 'OKTA_GROUP', profile: { name, description: 'first' } });
    expect(group.objectClass).toEqual(['okta:user_group']);
    expect(group._links?.users?.href).toBe(`${sandbox.url}/api/v1/groups/${group.id}/users`);

    const replaced = await client.groupApi.replaceGroup({
      groupId: group.id!,
      group: { profile: { name: `${name}!` } },
    });
    expect(replaced.profile).toEqual({ name: `${name}!` });
    expect(new Date(replaced.lastUpdated!).getTime()).toBeGreaterThanOrEqual(new Date(group.lastUpdated!).getTime());

    await client.groupApi.deleteGroup({ groupId: group.id! });
    expect(await refusal(client.groupApi.getGroup({ groupId: group.id! }))).toEqual({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('keeps app groups and the Everyone group read-only, but lets an app group be deleted', async () => {
    const groups = await all(client.groupApi.listGroups({ filter: 'type eq "APP_GROUP" or type eq "BUILT_IN"' }));
    const appGroup = groups.find((g) => g.type === 'APP_GROUP')!;
    const everyone = groups.find((g) => g.type === 'BUILT_IN')!;
    const user = sandbox.org.listUsers()[0]!;
    expect(appGroup._links?.source?.href).toMatch(/\/api\/v1\/apps\/0oa/);
    for (const call of [
      client.groupApi.replaceGroup({ groupId: appGroup.id!, group: { profile: { name: 'x' } } }),
      client.groupApi.assignUserToGroup({ groupId: appGroup.id!, userId: user.id }),
      client.groupApi.assignUserToGroup({ groupId: everyone.id!, userId: user.id }),
      client.groupApi.deleteGroup({ groupId: everyone.id! }),
    ]) {
      expect(await refusal(call)).toEqual({ status: 403, errorCode: 'E0000006' });
    }
    await client.groupApi.deleteGroup({ groupId: appGroup.id! });
    expect(sandbox.org.groups.find(appGroup.id!)).toBeUndefined();
  });

  it('searches, filters and quick-finds with Okta’s semantics, and counts members with expand=stats', async () => {
    const prefix = unique('Finder');
    const [a, b] = [
      await client.groupApi.createGroup({
        group: { profile: { name: `${prefix} Alpha`, description: 'north office' } },
      }),
      await client.groupApi.createGroup({ group: { profile: { name: `${prefix} Beta` } } }),
    ];
    const names = (groups: okta.Group[]) => groups.map((g) => g.profile?.name).sort();
    // search: sw and co on the name, case-insensitive values; co on the description.
    expect(
      names(await all(client.groupApi.listGroups({ search: `profile.name sw "${prefix.toUpperCase()}"` }))),
    ).toEqual([`${prefix} Alpha`, `${prefix} Beta`]);
    expect(names(await all(client.groupApi.listGroups({ search: 'profile.description co "north"' })))).toEqual([
      `${prefix} Alpha`,
    ]);
    // filter: only id, type and the two dates; anything else is 400 E0000031.
    expect(names(await all(client.groupApi.listGroups({ filter: `id eq "${b.id}"` })))).toEqual([`${prefix} Beta`]);
    expect(await refusal(all(client.groupApi.listGroups({ filter: `profile.name eq "${prefix} Beta"` })))).toEqual({
      status: 400,
      errorCode: 'E0000031',
    });
    // search with filter: 400 E0000033.
    expect(
      await refusal(
        all(client.groupApi.listGroups({ search: 'type eq "OKTA_GROUP"', filter: 'type eq "OKTA_GROUP"' })),
      ),
    ).toEqual({
      status: 400,
      errorCode: 'E0000033',
    });
    // lastMembershipUpdated moves with memberships, and search compares it as a date.
    const before = new Date().toISOString();
    await client.groupApi.assignUserToGroup({ groupId: a.id!, userId: sandbox.org.listUsers()[1]!.id });
    const moved = await all(
      client.groupApi.listGroups({ search: `lastMembershipUpdated ge "${before}" and profile.name sw "${prefix}"` }),
    );
    expect(names(moved)).toEqual([`${prefix} Alpha`]);
    // q: a starts-with match on the name, not paged.
    expect(names(await all(client.groupApi.listGroups({ q: prefix })))).toEqual([`${prefix} Alpha`, `${prefix} Beta`]);

    const stats = await all(client.groupApi.listGroups({ search: `profile.name sw "${prefix}"`, expand: 'stats' }));
    expect(
      stats.map((g) => [g.profile?.name, (g._embedded as { stats: { usersCount: number } }).stats.usersCount]),
    ).toEqual([
      [`${prefix} Alpha`, 1],
      [`${prefix} Beta`, 0],
    ]);
  });

  it('pages through every group once with Link headers, and sorts search results by name', async () => {
    const seen = await all(client.groupApi.listGroups({ limit: 3 }));
    const ids = seen.map((g) => g.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(sandbox.org.listGroups().length);
    const sorted = await all(
      client.groupApi.listGroups({
        search: 'type eq "OKTA_GROUP"',
        sortBy: 'profile.name',
        sortOrder: 'desc',
        limit: 4,
      }),
    );
    const sortedNames = sorted.map((g) => g.profile?.name ?? '');
    expect(sortedNames).toEqual([...sortedNames].sort().reverse());
  });

  it('adds and removes members, and forgets a deleted user', async () => {
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('Members') } } });
    const user = await client.userApi.createUser({
      body: {
        profile: {
          login: `${unique('m').replace(/\W/g, '')}@example.com`,
          email: 'm@example.com',
          firstName: 'M',
          lastName: 'N',
        },
      },
      activate: false,
    });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! });
    await client.groupApi.assignUserToGroup({ groupId: group.id!, userId: user.id! });
    expect((await all(client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.id)).toEqual([user.id]);
    await client.userApi.deleteUser({ userId: user.id! });
    await client.userApi.deleteUser({ userId: user.id! });
    expect(await all(client.groupApi.listGroupUsers({ groupId: group.id! }))).toEqual([]);
  });
});

describe('group rules through the SDK', () => {
  it('creates INACTIVE, activates to assign, refuses changes while ACTIVE, keeps members when deactivated', async () => {
    const group = await client.groupApi.createGroup({ group: { profile: { name: unique('Ruled') } } });
    const title = unique('Navigator').replace(/\W/g, '');
    const user = await client.userApi.createUser({
      body: {
        profile: { login: `${title}@example.com`, email: `${title}@example.com`, firstName: 'N', lastName: 'V', title },
        credentials: { password: { value: 'Abcd1234#@' } },
      },
      activate: true,
    });
    const rule = await client.groupApi.createGroupRule({
      groupRule: {
        type: 'group_rule',
        name: unique('Titles'),
        conditions: {
          people: { users: { exclude: [] }, groups: { exclude: [] } },
          expression: { value: `user.title=="${title}"`, type: 'urn:okta:expression:1.0' },
        },
        actions: { assignUserToGroups: { groupIds: [group.id!] } },
      },
    });
    expect(rule.status).toBe('INACTIVE');
    expect(sandbox.org.groups.memberIds(group.id!).has(user.id!)).toBe(false);

    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    expect((await all(client.groupApi.listGroupUsers({ groupId: group.id! }))).map((u) => u.id)).toEqual([user.id]);

    const changed = { ...rule, name: unique('Renamed') };
    expect(await refusal(client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: changed }))).toEqual({
      status: 400,
      errorCode: 'E0000001',
    });
    expect(await refusal(client.groupApi.deleteGroupRule({ ruleId: rule.id! }))).toEqual({
      status: 400,
      errorCode: 'E0000001',
    });

    await client.groupApi.deactivateGroupRule({ ruleId: rule.id! });
    expect(sandbox.org.groups.memberIds(group.id!).has(user.id!)).toBe(true);
    // actions cannot change, even while INACTIVE.
    const otherGroup = await client.groupApi.createGroup({ group: { profile: { name: unique('Other') } } });
    const retargeted = { ...changed, actions: { assignUserToGroups: { groupIds: [otherGroup.id!] } } };
    expect(await refusal(client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: retargeted }))).toEqual({
      status: 400,
      errorCode: 'E0000001',
    });
    const replaced = await client.groupApi.replaceGroupRule({ ruleId: rule.id!, groupRule: changed });
    expect(replaced).toMatchObject({ name: changed.name, status: 'INACTIVE' });

    const listed = await all(client.groupApi.listGroupRules({ search: changed.name }));
    expect(listed.map((r) => r.id)).toEqual([rule.id]);
    // The SDK's GroupRule model drops `_embedded`: the expansion is read as JSON.
    const expanded = await fetch(`${sandbox.url}/api/v1/groups/rules/${rule.id}?expand=groupIdToGroupNameMap`, {
      headers: { authorization: `SSWS ${sandbox.apiToken}`, accept: 'application/json' },
    });
    expect((await expanded.json())._embedded).toEqual({ groupIdToGroupNameMap: { [group.id!]: group.profile?.name } });

    await client.groupApi.deleteGroupRule({ ruleId: rule.id!, removeUsers: true });
    expect(sandbox.org.groups.memberIds(group.id!).has(user.id!)).toBe(false);
    expect(await refusal(client.groupApi.getGroupRule({ ruleId: rule.id! }))).toEqual({
      status: 404,
      errorCode: 'E0000007',
    });
  });

  it('evaluates group functions and logs the rule’s lifecycle as policy rule events', async () => {
    const source = await client.groupApi.createGroup({ group: { profile: { name: unique('Source') } } });
    const target = await client.groupApi.createGroup({ group: { profile: { name: unique('Target') } } });
    const member = sandbox.org.listUsers().find((u) => u.status === 'ACTIVE')!;
    const rule = await client.groupApi.createGroupRule({
      groupRule: {
        type: 'group_rule',
        name: unique('Members of source'),
        conditions: { expression: { value: `isMemberOfAnyGroup("${source.id}")`, type: 'urn:okta:expression:1.0' } },
        actions: { assignUserToGroups: { groupIds: [target.id!] } },
      },
    });
    await client.groupApi.activateGroupRule({ ruleId: rule.id! });
    expect(sandbox.org.groups.memberIds(target.id!).size).toBe(0);
    // A membership change re-evaluates the user.
    await client.groupApi.assignUserToGroup({ groupId: source.id!, userId: member.id });
    expect(sandbox.org.groups.memberIds(target.id!).has(member.id)).toBe(true);
    await client.groupApi.unassignUserFromGroup({ groupId: source.id!, userId: member.id });
    expect(sandbox.org.groups.memberIds(target.id!).has(member.id)).toBe(false);

    const events = await all(
      client.systemLogApi.listLogEvents({
        filter: `target.id eq "${rule.id}"`,
        since: new Date(Date.now() - 60_000).toISOString(),
      }),
    );
    expect(events.map((e) => e.eventType)).toEqual(['policy.rule.add', 'policy.rule.activate']);
  });
});
