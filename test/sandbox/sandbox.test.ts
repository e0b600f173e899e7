/**
 * The sandbox against Okta's documented behaviour (docs/okta.md §9), with plain undici requests rather than our
 * client, so that the client's own rules cannot hide a sandbox that is wrong.
 */
import { connect } from 'node:net';
import { request } from 'undici';
import { beforeEach, describe, expect, it } from 'vitest';
import { seedOrg } from '../../sandbox/seed.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 250, seed: 5 });

beforeEach(() => {
  sandbox.faults.clear();
  sandbox.setRateLimits({ enabled: true, windowMs: 60_000, defaultLimit: undefined, limits: {}, perTokenShare: 1 });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON Okta would answer
  body: any;
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const response = await request(`${sandbox.url}${path}`, {
    method: method as 'GET',
    headers: {
      authorization: `SSWS ${sandbox.apiToken}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? (method === 'POST' || method === 'PUT' ? '' : undefined) : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}

const links = (answer: Answer) => {
  const value = answer.headers.link;
  return Array.isArray(value) ? value : value ? [value] : [];
};
const nextOf = (answer: Answer) => {
  const next = links(answer).find((l) => l.endsWith('rel="next"'));
  return next ? (/<([^>]+)>/.exec(next)?.[1] as string) : undefined;
};

async function createUser(activate: boolean, password?: string) {
  const login = `sandbox.${Math.random().toString(36).slice(2)}@example.com`;
  const answer = await call('POST', `/api/v1/users?activate=${activate}`, {
    profile: { firstName: 'Test', lastName: 'User', email: login, login },
    ...(password ? { credentials: { password: { value: password } } } : {}),
  });
  expect(answer.status).toBe(200);
  return answer.body as { id: string; status: string; profile: { login: string } };
}

describe('seed', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = seedOrg({ users: 50, seed: 9 }).listUsers();
    const b = seedOrg({ users: 50, seed: 9 }).listUsers();
    const c = seedOrg({ users: 50, seed: 10 }).listUsers();
    expect(a.map((u) => [u.id, u.profile.login, u.status])).toEqual(b.map((u) => [u.id, u.profile.login, u.status]));
    expect(a.map((u) => u.profile.login)).not.toEqual(c.map((u) => u.profile.login));
    expect(new Set(a.map((u) => u.profile.login)).size).toBe(50);
  });
});

describe('headers and transport', () => {
  it('sends rate-limit headers, a request id and a Date on every answer', async () => {
    const answer = await call('GET', '/api/v1/users?limit=1');
    expect(answer.headers['x-rate-limit-limit']).toBe('600');
    expect(Number(answer.headers['x-rate-limit-remaining'])).toBeLessThan(600);
    expect(Number(answer.headers['x-rate-limit-reset'])).toBeGreaterThan(Date.now() / 1000);
    expect(answer.headers['x-okta-request-id']).toBeTruthy();
    expect(Date.parse(answer.headers.date as string)).toBeGreaterThan(0);
  });

  it('answers a bodiless POST without Content-Length with 411', async () => {
    const user = await createUser(false);
    // undici and fetch always send a length, so the request is written by hand, as a careless client would.
    const { port } = new URL(sandbox.url);
    const socket = connect(Number(port), '127.0.0.1');
    socket.write(
      `POST /api/v1/users/${user.id}/lifecycle/activate HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
        `Authorization: SSWS ${sandbox.apiToken}\r\nConnection: close\r\n\r\n`,
    );
    const raw = await new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => {
        text += chunk;
      });
      socket.on('end', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.1 411 /);
    const withLength = await call('POST', `/api/v1/users/${user.id}/lifecycle/activate?sendEmail=false`);
    expect(withLength.status).toBe(200);
  });

  it('refuses a wrong token with 401 E0000011', async () => {
    const answer = await call('GET', '/api/v1/users', undefined, { authorization: 'SSWS wrong' });
    expect(answer.status).toBe(401);
    expect(answer.body.errorCode).toBe('E0000011');
  });
});

describe('rate limits', () => {
  it('answers 429 E0000047 once a bucket is spent, per bucket', async () => {
    sandbox.setRateLimits({ limits: { 'users/{id} get': 3 } });
    const id = sandbox.org.listUsers()[0]?.id as string;
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call('GET', `/api/v1/users/${id}`)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await call('GET', `/api/v1/users/${id}`);
    expect(limited.body).toMatchObject({ errorCode: 'E0000047', errorCauses: [] });
    expect(limited.headers['x-rate-limit-remaining']).toBe('0');
    // Another bucket is untouched.
    expect((await call('GET', '/api/v1/users?limit=1')).status).toBe(200);
  });

  it('gives one token half of a bucket when the per-token share is on', async () => {
    sandbox.setRateLimits({ limits: { logs: 4 }, perTokenShare: 0.5 });
    const first = await call('GET', '/api/v1/logs?limit=1');
    expect(first.headers['x-rate-limit-limit']).toBe('2');
    expect((await call('GET', '/api/v1/logs?limit=1')).status).toBe(200);
    expect((await call('GET', '/api/v1/logs?limit=1')).status).toBe(429);
  });

  it('reports a concurrency 429 with Limit and Remaining both 0', async () => {
    sandbox.setRateLimits({ concurrency: 1 });
    sandbox.faults.inject({ kind: 'latency', ms: 300, count: 1 });
    const [slow, second] = await Promise.all([
      call('GET', '/api/v1/users?limit=1'),
      new Promise((r) => setTimeout(r, 100)).then(() => call('GET', '/api/v1/groups?limit=1')),
    ]);
    expect(slow.status).toBe(200);
    expect(second.status).toBe(429);
    expect(second.headers['x-rate-limit-limit']).toBe('0');
    expect(second.headers['x-rate-limit-remaining']).toBe('0');
  });
});

describe('users', () => {
  it('pages with one Link header per relation and an opaque cursor, excluding DEPROVISIONED by default', async () => {
    const seen: string[] = [];
    let answer = await call('GET', '/api/v1/users?limit=40');
    expect(links(answer)).toHaveLength(2);
    expect(links(answer)[0]).toMatch(/rel="self"$/);
    for (;;) {
      seen.push(...answer.body.map((u: { id: string }) => u.id));
      const next = nextOf(answer);
      if (!next) break;
      expect(new URL(next).searchParams.get('after')).not.toMatch(/^00u/);
      answer = await call('GET', new URL(next).pathname + new URL(next).search);
    }
    const expected = sandbox.org.listUsers().filter((u) => u.status !== 'DEPROVISIONED');
    expect(seen).toEqual(expected.map((u) => u.id));
    expect(sandbox.org.listUsers().some((u) => u.status === 'DEPROVISIONED')).toBe(true);
  });

  it('includes DEPROVISIONED users in search and filter, refuses both together, and clamps limit to 200', async () => {
    const search = await call('GET', `/api/v1/users?search=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect(search.body.length).toBeGreaterThan(0);
    const filter = await call('GET', `/api/v1/users?filter=${encodeURIComponent('status eq "DEPROVISIONED"')}`);
    expect(filter.body.map((u: { id: string }) => u.id)).toEqual(search.body.map((u: { id: string }) => u.id));
    const both = await call('GET', '/api/v1/users?search=id%20pr&filter=id%20eq%20%22x%22');
    expect(both.body.errorCode).toBe('E0000033');
    expect((await call('GET', '/api/v1/users?limit=1000')).body).toHaveLength(200);
    const ne = await call('GET', `/api/v1/users?search=${encodeURIComponent('status ne "ACTIVE"')}`);
    expect(ne.body.errorCode).toBe('E0000031');
  });

  it('answers q with one unpaged page of prefix matches', async () => {
    const answer = await call('GET', '/api/v1/users?q=a');
    expect(answer.body.length).toBeLessThanOrEqual(10);
    expect(nextOf(answer)).toBeUndefined();
  });

  it('follows the lifecycle state machine with Okta’s codes', async () => {
    const user = await createUser(false);
    expect(user.status).toBe('STAGED');
    const path = `/api/v1/users/${user.id}`;
    expect((await call('POST', `${path}/lifecycle/suspend`)).body.errorCode).toBe('E0000001');
    const activated = await call('POST', `${path}/lifecycle/activate?sendEmail=false`);
    expect(activated.body.activationToken).toBeTruthy();
    expect((await call('GET', path)).body.status).toBe('PROVISIONED');
    expect((await call('POST', `${path}/lifecycle/activate`)).body.errorCode).toBe('E0000016');

    const active = await createUser(true, 'Sandbox!Pass123');
    const activePath = `/api/v1/users/${active.id}`;
    expect(active.status).toBe('ACTIVE');
    expect((await call('POST', `${activePath}/lifecycle/reactivate`)).body.errorCode).toBe('E0000038');
    expect((await call('POST', `${activePath}/lifecycle/unsuspend`)).body.errorCode).toBe('E0000001');
    await call('POST', `${activePath}/lifecycle/suspend`);
    const suspended = await call('GET', activePath);
    expect(suspended.body.status).toBe('SUSPENDED');
    expect(Object.keys(suspended.body._links)).toContain('unsuspend');
    // Every state can be deactivated; a deactivated user comes back PROVISIONED, to finish activation again.
    await call('POST', `${activePath}/lifecycle/deactivate`);
    await call('POST', `${activePath}/lifecycle/activate?sendEmail=false`);
    expect((await call('GET', activePath)).body.status).toBe('PROVISIONED');
  });

  it('deactivates on the first DELETE and removes on the second', async () => {
    const user = await createUser(true, 'Sandbox!Pass123');
    const path = `/api/v1/users/${user.id}`;
    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('GET', path)).body.status).toBe('DEPROVISIONED');
    expect((await call('DELETE', path)).status).toBe(204);
    expect((await call('GET', path)).body.errorCode).toBe('E0000007');
  });

  it('refuses a duplicate login with E0000001 and its cause', async () => {
    const login = sandbox.org.listUsers()[0]?.profile.login;
    const answer = await call('POST', '/api/v1/users', {
      profile: { firstName: 'A', lastName: 'B', email: login, login },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errorCode).toBe('E0000001');
    expect(answer.body.errorCauses[0].errorSummary).toMatch(/^login: An object with this field already exists/);
  });
});

describe('System Log', () => {
  it('logs every change and always links next on a polling query, even from an empty page', async () => {
    const since = new Date(Date.now() - 1000).toISOString();
    const user = await createUser(false);
    const first = await call('GET', `/api/v1/logs?since=${encodeURIComponent(since)}`);
    expect(first.body.map((e: { eventType: string }) => e.eventType)).toContain('user.lifecycle.create');
    expect(first.body.some((e: { target: { id: string }[] }) => e.target.some((t) => t.id === user.id))).toBe(true);
    const next = nextOf(first) as string;
    expect(new URL(next).searchParams.has('since')).toBe(false);
    const empty = await call('GET', new URL(next).pathname + new URL(next).search);
    expect(empty.body).toEqual([]);
    expect(nextOf(empty)).toBeTruthy();

    // A later change shows up on the same cursor.
    await call('POST', `/api/v1/users/${user.id}/lifecycle/activate?sendEmail=false`);
    const later = await call(
      'GET',
      new URL(nextOf(empty) as string).pathname + new URL(nextOf(empty) as string).search,
    );
    expect(later.body.map((e: { eventType: string }) => e.eventType)).toEqual(['user.lifecycle.activate']);
  });

  it('ends a bounded query without next, and refuses since with after, published in a filter and long keywords', async () => {
    const until = new Date(Date.now() + 1000).toISOString();
    const since = new Date(Date.now() - 40 * 86_400_000).toISOString();
    let answer = await call('GET', `/api/v1/logs?since=${since}&until=${until}&limit=1000`);
    let pages = 1;
    while (nextOf(answer)) {
      const next = new URL(nextOf(answer) as string);
      answer = await call('GET', next.pathname + next.search);
      pages += 1;
    }
    expect(pages).toBeGreaterThanOrEqual(1);
    expect((await call('GET', `/api/v1/logs?since=${since}&after=1_1`)).body.errorCode).toBe('E0000001');
    const published = await call('GET', `/api/v1/logs?filter=${encodeURIComponent('published gt "2026-01-01"')}`);
    expect(published.body.errorCode).toBe('E0000053');
    const longWord = await call('GET', `/api/v1/logs?q=${'x'.repeat(41)}`);
    expect(longWord.body.errorCode).toBe('E0000001');
  });
});

describe('groups and apps', () => {
  it('changes memberships of Okta groups only, and counts members with expand=stats', async () => {
    const user = await createUser(true, 'Sandbox!Pass123');
    const group = (await call('POST', '/api/v1/groups', { profile: { name: `Sandbox ${user.id}` } })).body;
    expect(group.type).toBe('OKTA_GROUP');
    expect((await call('PUT', `/api/v1/groups/${group.id}/users/${user.id}`)).status).toBe(204);
    const stats = await call('GET', `/api/v1/groups?search=${encodeURIComponent(`id eq "${group.id}"`)}&expand=stats`);
    expect(stats.body[0]._embedded.stats.usersCount).toBe(1);
    const appGroup = sandbox.org.listGroups().find((g) => g.type === 'APP_GROUP');
    expect((await call('PUT', `/api/v1/groups/${appGroup?.id}/users/${user.id}`)).body.errorCode).toBe('E0000006');
    expect((await call('PUT', `/api/v1/groups/00gMissing/users/${user.id}`)).body.errorCode).toBe('E0000007');
  });

  it('assigns a user to an app once, and never an inactive user', async () => {
    const app = sandbox.org.listApps()[0] as { id: string };
    const user = await createUser(true, 'Sandbox!Pass123');
    const assigned = await call('POST', `/api/v1/apps/${app.id}/users`, { id: user.id, scope: 'USER' });
    expect(assigned.body).toMatchObject({ id: user.id, scope: 'USER' });
    const twice = await call('POST', `/api/v1/apps/${app.id}/users`, { id: user.id, scope: 'USER' });
    expect([twice.status, twice.body.errorCode]).toEqual([409, 'E0000062']);
    const staged = await createUser(false);
    await call('POST', `/api/v1/users/${staged.id}/lifecycle/deactivate`);
    const inactive = await call('POST', `/api/v1/apps/${app.id}/users`, { id: staged.id, scope: 'USER' });
    expect([inactive.status, inactive.body.errorCode]).toEqual([403, 'E0000117']);
    const members: string[] = [];
    let page = await call('GET', `/api/v1/apps/${app.id}/users?limit=20`);
    for (;;) {
      members.push(...page.body.map((a: { id: string }) => a.id));
      const next = nextOf(page);
      if (!next) break;
      page = await call('GET', new URL(next).pathname + new URL(next).search);
    }
    expect(members).toContain(user.id);
    expect(new Set(members).size).toBe(members.length);
  });
});

describe('endpoints the sandbox does not model', () => {
  it('answers the spec’s example, marked as one, and Okta’s codes for unknown paths and methods', async () => {
    const brands = await call('GET', '/api/v1/brands');
    expect(brands.status).toBe(200);
    expect(brands.headers['x-sandbox-example']).toBe('true');
    expect(Array.isArray(brands.body)).toBe(true);
    expect((await call('GET', '/api/v1/nothing/here')).body.errorCode).toBe('E0000008');
    expect((await call('DELETE', '/api/v1/logs')).body.errorCode).toBe('E0000022');
  });
});

describe('faults', () => {
  it('injects 5xx, resets and 429s on matching requests only, then stops', async () => {
    sandbox.faults.inject({ kind: '5xx', status: 503, count: 1, match: { method: 'GET', path: '/api/v1/groups' } });
    expect((await call('GET', '/api/v1/users?limit=1')).status).toBe(200);
    expect((await call('GET', '/api/v1/groups?limit=1')).status).toBe(503);
    expect((await call('GET', '/api/v1/groups?limit=1')).status).toBe(200);

    sandbox.faults.inject({ kind: 'reset', count: 1 });
    await expect(call('GET', '/api/v1/users?limit=1')).rejects.toThrow();
    expect((await call('GET', '/api/v1/users?limit=1')).status).toBe(200);

    sandbox.faults.inject({ kind: '429', count: 1, resetInSeconds: 5, duplicateResetHeader: true });
    const limited = await call('GET', '/api/v1/users?limit=1');
    expect(limited.status).toBe(429);
    expect(String(limited.headers['x-rate-limit-reset'])).toMatch(/^\d+, ?\d+$|^\d+,\d+$/);
  });
});
