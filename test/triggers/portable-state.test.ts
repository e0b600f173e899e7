/**
 * A polling state is portable across a change of the org's address (issue 20, item 5): its links are kept as path
 * and query, resolved against the connection's origin at each poll. Over real HTTP against the sandbox, reached at
 * two addresses (127.0.0.1 and localhost: two origins, one org). A state is still only one a poll gave: a link on
 * another origin, a `since` in the future or a field it does not have is a validation error, with nothing sent.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { type ConnectorError, isConnectorError } from '../../lib/errors.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5, seed: 20 });
beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
});

const runtime = createConnector({ outputCheck: 'throw' });
/** The same org at its other address. */
const moved = () => ({
  type: 'apiToken',
  fields: { domain: sandbox.url.replace('127.0.0.1', 'localhost'), apiToken: sandbox.apiToken },
});

type Polled = { records: Record<string, unknown>[]; state: Record<string, unknown> };
const poll = (key: string, state: unknown, connection: unknown = sandbox.connection, input: unknown = {}) =>
  runtime.poll(key, { connection: connection as never, input, state }) as Promise<Polled>;

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}
const paths = (error: ConnectorError) => (error.details as { issues: { path: string }[] }).issues.map((i) => i.path);

describe('a polling state', () => {
  it('keeps the System Log cursor relative to the org, and resumes on the org at another address', async () => {
    const filter = 'eventType eq "group.lifecycle.create"';
    const first = await poll('newSystemLogs', undefined, sandbox.connection, { filter });
    expect(first.state.next).toMatch(/^\/api\/v1\/logs\?/);
    const group = sandbox.org.groups.create({ name: 'Created while the org moved' });
    const second = await poll('newSystemLogs', first.state, moved(), { filter });
    expect(second.records).toEqual([expect.objectContaining({ groupId: group.id })]);
    expect(second.state.next).toMatch(/^\/api\/v1\/logs\?/);
  });

  it('keeps a users scan cursor relative too, and resumes it at another address', async () => {
    const since = new Date(sandbox.org.now() - 1000).toISOString();
    // More than one page (200 users), so that the first poll stops inside a scan.
    const created = Array.from({ length: 205 }, (_, n) =>
      sandbox.org.users.create(
        {
          profile: { login: `moved.${n}@example.com`, email: `moved.${n}@example.com`, firstName: 'M', lastName: 'O' },
        },
        { activate: false },
      ),
    );
    const first = await poll('newUsers', undefined, sandbox.connection, { since, maxRecords: 1 });
    const scan = first.state.scan as { next: string };
    expect(scan.next).toMatch(/^\/api\/v1\/users\?/);
    const rest = await poll('newUsers', first.state, moved(), { since, maxRecords: 1000 });
    const ids = [...first.records, ...rest.records].map((r) => r.userId);
    expect(ids.sort()).toEqual(created.map((u) => u.id).sort());
  });

  it('still reads a state written before, whose link is absolute on the same origin', async () => {
    const filter = 'eventType eq "group.lifecycle.create"';
    const first = await poll('newSystemLogs', undefined, sandbox.connection, { filter });
    const old = { ...first.state, next: `${sandbox.url}${first.state.next}` };
    const group = sandbox.org.groups.create({ name: 'Read from an old state' });
    const second = await poll('newSystemLogs', old, sandbox.connection, { filter });
    expect(second.records).toEqual([expect.objectContaining({ groupId: group.id })]);
  });

  it.each([
    ['a link on another origin', { next: 'https://evil.example.com/api/v1/logs?since=x', seen: [] }, ['next']],
    ['a field it does not have', { next: '/api/v1/logs?since=x', seen: [], extra: 1 }, ['extra']],
    [
      'a since in the future',
      { next: `/api/v1/logs?since=${encodeURIComponent(new Date(Date.now() + 864e5).toISOString())}`, seen: [] },
      ['next'],
    ],
  ])('refuses a System Log state with %s, sending nothing', async (_, state, issues) => {
    const before = sandbox.stats.requests;
    const error = await failure(poll('newSystemLogs', state));
    expect(error.kind).toBe('validation');
    expect(paths(error)).toEqual(issues);
    expect(sandbox.stats.requests).toBe(before);
  });

  const future = new Date(Date.now() + 24 * 3600_000).toISOString();
  const scan = { startedAt: new Date().toISOString(), next: '/api/v1/users?after=x', seen: [] };
  it.each([
    ['a since in the future', { since: future, seen: [] }, ['since']],
    [
      'a scan started in the future',
      { since: new Date().toISOString(), seen: [], scan: { ...scan, startedAt: future } },
      ['scan.startedAt'],
    ],
    ['a field it does not have', { since: new Date().toISOString(), seen: [], cursor: 'x' }, ['cursor']],
    [
      'a scan field it does not have',
      { since: new Date().toISOString(), seen: [], scan: { ...scan, limit: 5 } },
      ['scan'],
    ],
    [
      'a scan link on another origin',
      { since: new Date().toISOString(), seen: [], scan: { ...scan, next: 'http://127.0.0.2:1/api/v1/users?after=x' } },
      ['scan.next'],
    ],
  ])('refuses a users state with %s, sending nothing', async (_, state, issues) => {
    const before = sandbox.stats.requests;
    const error = await failure(poll('newUsers', state));
    expect(error.kind).toBe('validation');
    expect(paths(error)).toEqual(issues);
    expect(sandbox.stats.requests).toBe(before);
  });

  it('refuses a start time in the future, whose state the next poll would refuse', async () => {
    const before = sandbox.stats.requests;
    const since = new Date(Date.now() + 864e5).toISOString();
    for (const key of ['newUsers', 'newSystemLogs', 'userCreated']) {
      const error = await failure(poll(key, undefined, sandbox.connection, { since }));
      expect(error.kind).toBe('validation');
      expect(paths(error)).toEqual(['since']);
    }
    expect(sandbox.stats.requests).toBe(before);
  });
});
