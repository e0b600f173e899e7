/**
 * Declarative requests (lib/declarative.ts) over real HTTP against the sandbox, one feature at a time: nested bodies,
 * list actions on the shared pager, extraQuery, id resolution, the read-back and the output mapping, idempotent POSTs,
 * and every id checked before the first request. Mostly through the catalogue's own declarative actions; a few
 * definitions made here for what no catalogue action declares yet.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { manifest, registry } from '../../connector.ts';
import { bodyOf } from '../../lib/declarative.ts';
import { defineAction } from '../../lib/define.ts';
import { placeholders } from '../../lib/http/path.ts';
import { createRuntime } from '../../lib/runtime.ts';
import { listFields, listOutput } from '../../lib/schemas/list.ts';
import { userRef } from '../../lib/schemas/refs.ts';
import { failure, issuePaths, uniqueLogin, useSandbox } from '../actions/harness.ts';

const t = useSandbox({ users: 25, seed: 13 });

interface User {
  id: string;
  status: string;
  profile: Record<string, unknown> & { login: string };
}
interface Group {
  id: string;
  profile: Record<string, unknown>;
}
type Listed = { items: { id: string }[]; nextCursor?: string };

const sent = () => t.sandbox.stats.requestLog.map((r) => `${r.method} ${r.path}${r.query ? `?${r.query}` : ''}`);

const PASSWORD = 'Tr0ub4dor&3-horse-Battery';

/** An ACTIVE user. */
function newUser(login = uniqueLogin('decl')) {
  const email = uniqueLogin('mail');
  return t.run<User>('createUser', { firstName: 'Ada', lastName: 'Lovelace', email, login, password: PASSWORD });
}

/** Definitions no catalogue action declares yet, run by a runtime of their own against the same sandbox. */
const custom = createRuntime(
  {
    actions: [
      defineAction({
        key: 'userSummary',
        label: 'User summary',
        description: 'Output mapped from the response.',
        area: 'users',
        scopes: ['okta.users.read'],
        hints: { readOnly: true, destructive: false, idempotent: true },
        input: z.object({ userId: userRef }),
        output: z.object({ id: z.string(), login: z.string(), lastLogin: z.string().optional() }),
        request: {
          method: 'GET',
          path: '/api/v1/users/{userId}',
          resolve: { userId: 'userPath' },
          output: { id: 'response.id', login: 'response.profile.login', lastLogin: 'response.lastLogin' },
        },
      }),
      defineAction({
        key: 'pollLogs',
        label: 'Poll logs',
        description: 'A list that ends on an empty page.',
        area: 'logs',
        scopes: ['okta.logs.read'],
        hints: { readOnly: true, destructive: false, idempotent: true },
        input: z.object({ since: z.string().optional(), ...listFields({ defaultLimit: 100, maxLimit: 1000 }) }),
        output: listOutput(z.looseObject({ uuid: z.string() })),
        request: { method: 'GET', path: '/api/v1/logs', query: ['since'], list: { stopOnEmptyPage: true } },
      }),
    ] as never[],
    triggers: [],
    dataSources: [],
    connections: registry.connections,
  },
  { outputCheck: 'throw' },
);
const runCustom = (key: string, input: unknown) =>
  custom.runAction(key, { connection: t.sandbox.connection, input }) as Promise<Record<string, unknown>>;

describe('body', () => {
  it('nests dotted fields, and flat fields listed after a record win over its keys (createGroup)', async () => {
    const name = `Nested ${uniqueLogin()}`;
    const group = await t.run<Group>('createGroup', { name, profile: { name: 'loses', costCenter: 'CC-7' } });
    expect(t.sandbox.org.groups.get(group.id).profile).toEqual({ name, costCenter: 'CC-7' });
  });

  it('sends null, which clears an attribute, and leaves absent inputs out (updateUser)', async () => {
    const user = await newUser();
    await t.run('updateUser', { userId: user.id, mobilePhone: '+1 415 555 0100' });
    const updated = await t.run<User>('updateUser', { userId: user.id, mobilePhone: null });
    expect(updated.profile.mobilePhone ?? null).toBeNull();
    expect(updated.profile.firstName).toBe('Ada');
  });

  it('merges an object input into what is there, entries applying in order', () => {
    const mapping = { 'profile.name': 'name', 'profile.title': 'title', profile: 'profile' };
    const body = bodyOf(mapping, { name: 'n', title: 't', profile: { name: 'p', a: 1 } });
    expect(body).toEqual({ profile: { name: 'p', title: 't', a: 1 } });
  });

  it('never changes an input object in place', () => {
    const profile = { name: 'kept', nested: { a: 1 } };
    const body = bodyOf(
      { profile: 'profile', 'profile.name': 'name', 'profile.nested.b': 'b' },
      { profile, name: 'n', b: 2 },
    );
    expect(body).toEqual({ profile: { name: 'n', nested: { a: 1, b: 2 } } });
    expect(profile).toEqual({ name: 'kept', nested: { a: 1 } });
  });
});

describe('list', () => {
  it('reads one page with its cursor, continues from it, and pages every record up to maxRecords (listGroups)', async () => {
    for (let i = 0; i < 4; i += 1) await t.run('createGroup', { name: `Lister ${i} ${uniqueLogin()}` });
    const first = await t.run<Listed>('listGroups', { limit: 2 });
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).toBeTruthy();
    const second = await t.run<Listed>('listGroups', { limit: 2, after: first.nextCursor });
    expect(second.items.map((g) => g.id)).not.toEqual(expect.arrayContaining(first.items.map((g) => g.id)));

    t.sandbox.stats.reset();
    const capped = await t.run<Listed>('listGroups', { limit: 2, fetchAll: true, maxRecords: 3 });
    expect(capped.items).toHaveLength(3);
    expect(capped.nextCursor).toBeTruthy();
    // The last request asks only for the record still wanted.
    expect(sent()).toHaveLength(2);
    expect(sent()[1]).toMatch(/limit=1\b/);
  });

  it('sends one request while the unpaged input is set, with no cursor back (q)', async () => {
    const result = await t.run<Listed>('listGroups', { q: 'Lister', fetchAll: true, maxRecords: 5000 });
    expect(result.items.length).toBeGreaterThan(0);
    expect(result.nextCursor).toBeUndefined();
    expect(sent()).toEqual([expect.stringMatching(/^GET \/api\/v1\/groups\?q=Lister&limit=300$/)]);
  });

  it('ends on an empty page when declared (stopOnEmptyPage): no cursor back from a caught-up poll', async () => {
    // System Log polling queries answer `next` even from an empty page (docs/okta.md §3.2).
    const since = new Date(t.sandbox.org.now() + 60_000).toISOString();
    const result = await runCustom('pollLogs', { since });
    expect(result).toEqual({ items: [] });
    expect(sent()).toHaveLength(1);
  });
});

describe('extraQuery', () => {
  it('sends further query parameters, after the declared ones', async () => {
    await t.run('listGroups', { search: 'type eq "OKTA_GROUP"', limit: 1, extraQuery: { custom: 'x y' } });
    expect(sent()[0]).toMatch(/custom=x\+y/);
  });

  it('reserves every input field, derived from the schema, before any request', async () => {
    const groups = await failure(t.run('listGroups', { extraQuery: { expand: 'stats', limit: '5', q: 'a' } }));
    expect(issuePaths(groups).sort()).toEqual(['extraQuery.expand', 'extraQuery.limit', 'extraQuery.q']);
    const logs = await failure(t.run('getSystemLogs', { extraQuery: { eventType: 'x', fetchAll: 'true' } }));
    expect(issuePaths(logs).sort()).toEqual(['extraQuery.eventType', 'extraQuery.fetchAll']);
    expect(sent()).toEqual([]);
  });
});

describe('resolve', () => {
  it('user: a login becomes the id the membership endpoint takes; an id costs no lookup (addUserToGroup)', async () => {
    const user = await newUser();
    const group = await t.run<Group>('createGroup', { name: `Resolve ${uniqueLogin()}` });
    t.sandbox.stats.reset();
    const byLogin = await t.run('addUserToGroup', { groupId: group.id, userId: user.profile.login });
    expect(byLogin).toEqual({ groupId: group.id, userId: user.id });
    expect(sent()).toEqual([
      `GET /api/v1/users/${encodeURIComponent(user.profile.login)}`,
      `PUT /api/v1/groups/${group.id}/users/${user.id}`,
    ]);
    t.sandbox.stats.reset();
    await t.run('removeUserFromGroup', { groupId: group.id, userId: user.id });
    expect(sent()).toEqual([`DELETE /api/v1/groups/${group.id}/users/${user.id}`]);
  });

  it('userPath: a login is kept in the path, one Okta cannot route is looked up by an exact filter', async () => {
    const plain = await newUser();
    t.sandbox.stats.reset();
    await t.run('suspendUser', { userId: plain.profile.login });
    expect(sent()[0]).toBe(`POST /api/v1/users/${encodeURIComponent(plain.profile.login)}/lifecycle/suspend`);

    const slashed = await newUser(`ada/${uniqueLogin('slash')}`);
    t.sandbox.stats.reset();
    const read = await t.run<User>('getUser', { userId: slashed.profile.login });
    expect(read.id).toBe(slashed.id);
    expect(sent()).toEqual([
      expect.stringMatching(/^GET \/api\/v1\/users\?filter=profile\.login/),
      `GET /api/v1/users/${slashed.id}`,
    ]);
  });

  it('checks every id before the first lookup: nothing is sent for a bad group id with a login', async () => {
    const user = await newUser();
    t.sandbox.stats.reset();
    const error = await failure(t.run('addUserToGroup', { groupId: '..', userId: user.profile.login }));
    expect(issuePaths(error)).toEqual(['groupId']);
    expect(sent()).toEqual([]);
  });
});

describe('readBack and output', () => {
  it('reads the user back after a lifecycle call and maps it (suspendUser)', async () => {
    const user = await newUser();
    t.sandbox.stats.reset();
    const result = await t.run('suspendUser', { userId: user.id });
    expect(result).toEqual({ userId: user.id, login: user.profile.login, status: 'SUSPENDED' });
    expect(sent()).toEqual([`POST /api/v1/users/${user.id}/lifecycle/suspend`, `GET /api/v1/users/${user.id}`]);
  });

  it('maps the call’s response too, and leaves out what is absent or null (activateUser, a custom summary)', async () => {
    const user = await t.run<User>('createUser', {
      firstName: 'Ada',
      lastName: 'Lovelace',
      email: uniqueLogin('staged'),
      activate: false,
    });
    const activated = await t.run<Record<string, unknown>>('activateUser', { userId: user.id, sendEmail: false });
    expect(activated).toMatchObject({ userId: user.id, activationToken: expect.any(String) });
    expect(activated.activationUrl).toMatch(/^http/);

    const summary = await runCustom('userSummary', { userId: user.profile.login });
    // lastLogin is null for a user who never signed in: left out, not sent as null.
    expect(summary).toEqual({ id: user.id, login: user.profile.login });
  });
});

describe('idempotent', () => {
  it('retries a POST declared idempotent after a 5xx (updateUser), and no other POST (activateUser)', async () => {
    const user = await newUser();
    t.sandbox.stats.reset();
    t.sandbox.faults.inject({ kind: '5xx', status: 500, count: 1, match: { method: 'POST' } });
    const updated = await t.run<User>('updateUser', { userId: user.id, firstName: 'Retried' });
    expect(updated.profile.firstName).toBe('Retried');
    expect(sent().filter((r) => r.startsWith('POST'))).toHaveLength(2);

    const staged = await t.run<User>('createUser', {
      firstName: 'Once',
      lastName: 'Only',
      email: uniqueLogin('once'),
      activate: false,
    });
    t.sandbox.stats.reset();
    t.sandbox.faults.inject({ kind: '5xx', status: 500, count: 1, match: { method: 'POST' } });
    const error = await failure(t.run('activateUser', { userId: staged.id, sendEmail: false }));
    expect(error.kind).toBe('transient');
    expect(sent().filter((r) => r.startsWith('POST'))).toHaveLength(1);
  });
});

describe('every declarative action of the registry', () => {
  it('refers only to inputs it has: placeholders, query, body, resolve, list and output sources', () => {
    for (const action of manifest().actions) {
      const request = action.request;
      if (!request) continue;
      const inputs = new Set(Object.keys((action.inputSchema.properties ?? {}) as object));
      const used = [
        ...placeholders(request.path),
        ...placeholders(request.readBack?.path ?? ''),
        ...(request.query ?? []),
        ...Object.values(request.body ?? {}),
        ...Object.keys(request.resolve ?? {}),
        ...(typeof request.list === 'object' && request.list.unpaged ? [request.list.unpaged.when] : []),
        ...Object.values(request.output ?? {})
          .filter((source) => source.startsWith('input.'))
          .map((source) => source.split('.')[1] as string),
      ];
      expect(
        used.filter((name) => !inputs.has(name)),
        `${action.key}: inputs the request names but the schema lacks`,
      ).toEqual([]);
      expect(inputs.has('extraQuery'), `${action.key}: extraQuery input ⇔ request.extraQuery`).toBe(
        request.extraQuery === true,
      );
      if (request.list) {
        expect([...inputs], `${action.key}: list inputs`).toEqual(
          expect.arrayContaining(['limit', 'after', 'fetchAll', 'maxRecords']),
        );
      }
      const readsBack = Object.values(request.output ?? {}).some((source) => source.startsWith('readBack.'));
      if (readsBack) expect(request.readBack, `${action.key}: output reads a read-back it does not make`).toBeDefined();
    }
  });
});
