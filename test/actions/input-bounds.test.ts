/**
 * Inputs of unbounded length (issue 20, item 14): a 100 KB id, a 10 KB search, 40,000 query parameters went to Okta
 * and came back as its 431 (kind `okta`). Each is now refused as `validation`, naming the field, with nothing sent;
 * and a cursor Okta does not know is the caller's to fix (`validation`, naming it), not Okta's refusal. Over real
 * HTTP against the sandbox: `stats.requests` proves nothing left.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { BOUNDS } from '../../lib/schemas/bounds.ts';
import { failure, issuePaths, useSandbox } from './harness.ts';

const t = useSandbox({ users: 60, seed: 9 });
const connector = createConnector({ outputCheck: 'throw' });
const options = (key: string, call: { search?: string; cursor?: string }) =>
  connector.listOptions(key, { connection: t.sandbox.connection, input: {}, ...call });

const long = (n: number) => 'a'.repeat(n);
const manyParams = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`p${i}`, 'x']));

describe('input bounds, refused before anything is sent', () => {
  it.each([
    ['getUser', 'userId', { userId: long(100_000) }],
    ['getUser', 'userId', { userId: `${long(97)}@x.io` }],
    ['getGroup', 'groupId', { groupId: long(256) }],
    ['addUserToGroup', 'groupId', { groupId: long(100_000), userId: '00ub0oNGTSWTBKOLGLNR' }],
    ['listUsers', 'search', { search: `profile.login eq "${long(10_000)}"` }],
    ['listUsers', 'filter', { filter: `status eq "${long(2048)}"` }],
    ['listGroups', 'q', { q: long(256) }],
    ['listUsers', 'sortBy', { search: 'status eq "ACTIVE"', sortBy: long(BOUNDS.name + 1) }],
    ['getSystemLogs', 'eventType', { eventType: long(BOUNDS.name + 1) }],
    ['listUsers', 'after', { after: long(1025) }],
    ['listUsers', 'after', { after: 'not a cursor!' }],
    ['listUsers', 'extraQuery', { extraQuery: manyParams(40_000) }],
    ['listUsers', 'extraQuery', { extraQuery: manyParams(BOUNDS.queryParameters + 1) }],
    ['listUsers', 'extraQuery.expand', { extraQuery: { expand: long(2049) } }],
    ['rawRequest', 'query', { path: '/api/v1/users', query: manyParams(40_000) }],
    ['rawRequest', 'path', { path: `/api/v1/users/${long(3000)}` }],
  ])('%s: refuses an over-long or malformed %s, naming it', async (key, field, input) => {
    const error = await failure(t.run(key, input));
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)[0]).toBe(field);
    expect(t.sandbox.stats.requests).toBe(0);
  });

  it('keeps the inputs at their bounds working (an id of 20, a login of 100)', async () => {
    const user = t.sandbox.org.listUsers()[0] as { id: string };
    expect(await t.run('getUser', { userId: user.id })).toMatchObject({ id: user.id });
    const error = await failure(t.run('getUser', { userId: `${long(94)}@x.io` }));
    expect(error.code).toBe('OKTA_NOT_FOUND'); // sent: 100 characters is a login Okta takes
  });

  it('refuses a URL longer than the client sends, whatever built it (the last line of defence)', async () => {
    const query = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`p${i}`, long(BOUNDS.queryValue)]));
    const error = await failure(t.run('rawRequest', { path: '/api/v1/users', query }));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/characters/);
    expect(t.sandbox.stats.requests).toBe(0);
  });
});

describe('picklist search and cursor', () => {
  it.each([
    [{ search: long(10_000) }, 'search'],
    [{ cursor: long(2000) }, 'cursor'],
    [{ cursor: '"><script>' }, 'cursor'],
  ])('refuses %# before anything is sent, naming %s', async (call, field) => {
    const error = await failure(options('selectUser', call));
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)).toEqual([field]);
    expect(t.sandbox.stats.requests).toBe(0);
  });

  it('reports a cursor Okta does not know (E0000054) as the caller’s to fix, naming it', async () => {
    const error = await failure(options('selectUser', { cursor: 'bm90LWEtY3Vyc29y' }));
    expect(error).toMatchObject({ kind: 'validation', code: 'INVALID_INPUT' });
    expect(issuePaths(error)).toEqual(['cursor']);
    expect(error.message).toMatch(/E0000054/);
  });

  it('reports a list action’s unknown after cursor the same way, naming after', async () => {
    const error = await failure(t.run('listUsers', { after: 'bm90LWEtY3Vyc29y' }));
    expect(error).toMatchObject({ kind: 'validation' });
    expect(issuePaths(error)).toEqual(['after']);
  });

  it('still pages with the cursor it gave', async () => {
    const first = await options('selectUser', {});
    expect(first.nextCursor).toBeTruthy();
    const second = await options('selectUser', { cursor: first.nextCursor as string });
    expect(second.options.length).toBeGreaterThan(0);
  });
});
