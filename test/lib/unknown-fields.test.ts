/**
 * Unknown input is an error, not a silent no-op (issue 13): a field the schema does not know is refused before any
 * request, naming it and the closest known field; nested objects Okta keeps open (a profile's custom attributes) and
 * the declared `extraQuery` still pass.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { closestField, editDistance } from '../../lib/unknown-fields.ts';
import { failure, uniqueLogin, useSandbox } from '../actions/harness.ts';

const t = useSandbox({ users: 8, seed: 13 });

describe('an input field the schema does not know', () => {
  it('is refused on getSystemLogs: `keyword` instead of `q` sends nothing and names `q`', async () => {
    const error = await failure(t.run('getSystemLogs', { keyword: 'alice', limit: 5 }));
    expect(error).toMatchObject({ kind: 'validation', code: 'UNKNOWN_INPUT_FIELD' });
    expect(error.details).toEqual({ issues: [{ path: 'keyword', message: 'Unknown field; did you mean "q"?' }] });
    expect(error.message).toMatch(/keyword.*did you mean "q"/);
    expect(t.sandbox.stats.requestLog).toEqual([]);
  });

  it('names each stray field, by case, by a typo, or the known fields when none is close', async () => {
    const error = await failure(t.run('getUser', { UserID: 'x', usreId: 'y', zzzzzzzz: 1 }));
    const issues = (error.details as { issues: { path: string; message: string }[] }).issues;
    expect(issues.filter((i) => i.message.startsWith('Unknown')).map((i) => [i.path, i.message])).toEqual([
      ['UserID', 'Unknown field; did you mean "userId"?'],
      ['usreId', 'Unknown field; did you mean "userId"?'],
      ['zzzzzzzz', 'Unknown field; the known fields are "userId"'],
    ]);
    expect(error.code).toBe('UNKNOWN_INPUT_FIELD');
    expect(t.sandbox.stats.requestLog).toEqual([]);
  });

  it('is refused by data sources and triggers too, on every path (runtime)', async () => {
    const connector = createConnector();
    const connection = t.sandbox.connection;
    const picklist = await failure(connector.listOptions('selectUserFactor', { connection, input: { user: 'x' } }));
    expect(picklist).toMatchObject({ code: 'UNKNOWN_INPUT_FIELD' });
    expect(picklist.message).toMatch(/did you mean "userId"/);
    const poll = await failure(connector.poll('newSystemLogs', { connection, input: { keywords: 'x' } }));
    expect(poll).toMatchObject({ code: 'UNKNOWN_INPUT_FIELD' });
    expect(poll.message).toMatch(/did you mean "q"/);
    expect(t.sandbox.stats.requestLog).toEqual([]);
  });

  it('leaves open what Okta keeps open: profile attributes by their Okta names, and extraQuery', async () => {
    const login = uniqueLogin('custom');
    const created = await t.run<{ id: string; profile: Record<string, unknown> }>('createUser', {
      login,
      email: login,
      firstName: 'Cus',
      lastName: 'Tom',
      profile: { department: 'Research', employeeNumber: '42' },
      activate: false,
    });
    expect(created.profile).toMatchObject({ department: 'Research', employeeNumber: '42' });
    t.sandbox.stats.reset();
    await t.run('getSystemLogs', { limit: 1, extraQuery: { debugFlag: 'x' } });
    expect(t.sandbox.stats.requestLog.map((r) => r.query)[0]).toMatch(/debugFlag=x/);
  });
});

describe('a "__proto__" key', () => {
  // JSON.parse makes `__proto__` an own key; zod drops it from a record or a loose object rather than refuse it.
  it.each([
    ['updateUser', '{"userId":"00u1","profile":{"__proto__":{"x":1},"nickName":"a"}}', 'profile.__proto__'],
    ['listUsers', '{"extraQuery":{"__proto__":"x"}}', 'extraQuery.__proto__'],
    ['getUser', '{"userId":"00u1","__proto__":{}}', '__proto__'],
  ])('is refused on %s at any depth, named by its path, with nothing sent', async (key, json, path) => {
    const error = await failure(t.run(key, JSON.parse(json)));
    expect(error).toMatchObject({ kind: 'validation', code: 'UNKNOWN_INPUT_FIELD' });
    const paths = (error.details as { issues: { path: string }[] }).issues.map((issue) => issue.path);
    expect(paths.filter((p) => p === path)).toEqual([path]);
    expect(t.sandbox.stats.requestLog).toEqual([]);
  });
});

describe('the closest known field', () => {
  it('is found by case, synonym or edit distance, and not forced when nothing is close', () => {
    expect(editDistance('usreId', 'userId')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(closestField('LIMIT', ['limit', 'after'])).toBe('limit');
    expect(closestField('user_id', ['userId'])).toBe('userId');
    expect(closestField('search', ['q', 'filter'])).toBe('q');
    expect(closestField('cursor', ['limit', 'after'])).toBe('after');
    expect(closestField('colour', ['groupId', 'userId'])).toBeUndefined();
    expect(closestField('x'.repeat(100_000), ['userId'])).toBeUndefined();
  });
});
