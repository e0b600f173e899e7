/**
 * The polling triggers against the sandbox over loopback HTTP: none skips or repeats a change, through thousands of
 * changes made while polls run, hosts that restart (a new runtime, the state through JSON), hosts that crash
 * after a poll and before saving its state (the same records again, with the same ids), and faults (issue 13): 5xx
 * answers, connections reset before and after the org answered, answers slower than the timeout, 429s by time and by
 * concurrency, and polls that fail outright (the host polls again from the state it has).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import type { Runtime } from '../../lib/runtime.ts';
import { mulberry32 } from '../../sandbox/seed.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 30, seed: 21 });
beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
});
afterAll(() => {
  const injected = Object.entries(sandbox.faults.injected).sort(([a], [b]) => a.localeCompare(b));
  const total = injected.reduce((sum, [, n]) => sum + n, 0);
  console.log(`polling: faults injected ${total} (${injected.map(([k, n]) => `${k} ${n}`).join(', ')})`);
});
afterEach(() => sandbox.faults.clear());

/** Per attempt; few retries, so that some polls fail outright under faults and the host must poll again. */
const TIMEOUT_MS = 300;
const newRuntime = () =>
  createConnector({
    outputCheck: 'throw',
    client: { timeoutMs: TIMEOUT_MS, retry: { maxRetries: 1, baseDelayMs: 5, maxDelayMs: 40 } },
  });

/**
 * What goes wrong with the org's answers while the pollers run, each fault from its own seeded PRNG. An answer is
 * slower than the timeout by more than a second, as undici checks its headers timeout on a half-second tick. 429s
 * by time or by concurrency, not both on one bucket: a concurrency 429 on the first request of a new window stalls
 * the bucket for good (lib/http/rate-limiter.ts, see test/reliability/faults.test.ts).
 */
function injectFaults(seed: number, limit: 'time' | 'concurrency'): void {
  const faults = sandbox.faults;
  faults.inject({ kind: '5xx', status: 503, rate: 0.1, seed });
  faults.inject({ kind: 'reset', rate: 0.05, seed: seed + 1 });
  faults.inject({ kind: 'reset', when: 'after', rate: 0.05, seed: seed + 2 });
  faults.inject({ kind: '5xx', when: 'after', rate: 0.03, seed: seed + 3 });
  if (limit === 'time') faults.inject({ kind: '429', resetInSeconds: 0, count: 2, rate: 0.05, seed: seed + 4 });
  else faults.inject({ kind: '429', concurrency: true, rate: 0.05, seed: seed + 4 });
  faults.inject({ kind: 'latency', ms: TIMEOUT_MS + 1_500, when: 'after', count: 2, rate: 0.05, seed: seed + 6 });
}

/** Polls that failed with a transient error (the host keeps its state and polls again later). */
async function orFailed<T>(poll: Promise<T>, stats: { failed: number }): Promise<T | undefined> {
  try {
    return await poll;
  } catch (error) {
    if (!isConnectorError(error) || error.kind !== 'transient') throw error;
    stats.failed += 1;
    return undefined;
  }
}

interface Polled {
  records: { id: string; [field: string]: unknown }[];
  state: unknown;
}

/** A poller that restarts at random (a new runtime, its state read back from JSON) and crashes now and then. */
function poller(key: string, input: Record<string, unknown>, random: () => number) {
  let runtime: Runtime = newRuntime();
  let saved: string | undefined;
  const stats = { restarts: 0, crashes: 0, polls: 0, failed: 0 };
  const poll = async (extra: Record<string, unknown> = {}): Promise<Polled['records']> => {
    if (random() < 0.3) {
      runtime = newRuntime();
      stats.restarts += 1;
    }
    const call = {
      connection: sandbox.connection,
      input: { ...input, ...extra },
      state: saved === undefined ? undefined : JSON.parse(saved),
    };
    // A poll that fails leaves the saved state as it was: the host polls again from it.
    const result = (await orFailed(runtime.poll(key, call), stats)) as Polled | undefined;
    if (!result) return [];
    stats.polls += 1;
    saved = JSON.stringify(result.state);
    return result.records;
  };
  return { poll, stats, runtime: () => runtime, state: () => (saved === undefined ? undefined : JSON.parse(saved)) };
}

/** Changes of every kind the sandbox logs, `count` of them. */
function change(random: () => number, count: number, tag: string): void {
  const { org } = sandbox;
  for (let i = 0; i < count; i += 1) {
    const users = org.users.list();
    const groups = org.groups.list().filter((g) => g.type === 'OKTA_GROUP');
    const user = users[Math.floor(random() * users.length)];
    const group = groups[Math.floor(random() * groups.length)];
    const r = random();
    if (r < 0.3 || !user || !group) {
      const login = `${tag}.${org.ids.next('x')}@example.com`;
      org.users.create({ profile: { login, email: login, firstName: 'Poll', lastName: 'Ing' } }, { activate: false });
    } else if (r < 0.6) {
      org.users.update(user.id, { profile: { title: `T${i}` } }, false);
    } else if (r < 0.75) {
      org.groups.addMember(group.id, user.id);
    } else if (r < 0.9) {
      org.groups.removeMember(group.id, user.id);
    } else {
      org.groups.create({ name: `${tag} group ${org.ids.next('g')}` });
    }
  }
}

/** Changes made across turns of the event loop, so that they land while a poll's requests are in flight. */
async function changeMeanwhile(random: () => number, count: number, tag: string): Promise<void> {
  for (let done = 0; done < count; done += 25) {
    await new Promise((resolve) => setImmediate(resolve));
    change(random, Math.min(25, count - done), tag);
  }
}

describe('newSystemLogs', () => {
  it('sets a baseline on the first poll, then emits what comes after it', async () => {
    const p = poller('newSystemLogs', {}, () => 1);
    expect(await p.poll()).toEqual([]);
    expect(p.state().next).toMatch(/\/api\/v1\/logs\?/);
    const login = 'after.baseline@example.com';
    sandbox.org.users.create({ profile: { login, email: login, firstName: 'A', lastName: 'B' } }, { activate: false });
    const records = await p.poll();
    expect(records.map((r) => r.eventType)).toEqual(['user.lifecycle.create']);
    const event = records[0]?.event as { uuid: string };
    expect(records[0]).toMatchObject({ id: event.uuid, userId: expect.any(String) });
    expect(await p.poll()).toEqual([]);
  });

  it('filters, and starts from a given time', async () => {
    const since = new Date(sandbox.org.now() - 60_000).toISOString();
    const p = poller('newSystemLogs', { filter: 'eventType eq "group.lifecycle.create"', since }, () => 1);
    sandbox.org.groups.create({ name: 'Polled group' });
    const records = await p.poll();
    expect(records.length).toBeGreaterThan(0);
    expect(new Set(records.map((r) => r.eventType))).toEqual(new Set(['group.lifecycle.create']));
    expect(records.at(-1)?.event).toMatchObject({ target: [{ displayName: 'Polled group' }] });
  });

  it('gives a host that crashed before saving the state the same records, with the same ids', async () => {
    const runtime = createConnector();
    const first = (await runtime.poll('newSystemLogs', { connection: sandbox.connection, input: {} })) as Polled;
    const before = sandbox.org.systemLog.list().length;
    change(mulberry32(5), 40, 'crash');
    const logged = sandbox.org.systemLog.list().length - before;
    const call = { connection: sandbox.connection, input: {}, state: first.state };
    const lost = (await runtime.poll('newSystemLogs', call)) as Polled;
    const again = (await createConnector().poll('newSystemLogs', call)) as Polled;
    expect(lost.records).toHaveLength(logged);
    expect(again.records.map((r) => r.id)).toEqual(lost.records.map((r) => r.id));
    expect(again.state).toEqual(lost.state);
  });

  it('emits each of 10,000 changes exactly once, through restarts, crashes, faults and changes made during polls', async () => {
    const random = mulberry32(10_000);
    const p = poller('newSystemLogs', { maxRecords: 1500 }, random);
    await p.poll();
    injectFaults(10_000, 'concurrency');
    const start = sandbox.org.systemLog.list().length;
    const emitted: string[] = [];
    // A change that changes nothing (adding a member twice) logs nothing: count what the log holds.
    const made = () => sandbox.org.systemLog.list().length - start;
    while (made() < 10_000) {
      const count = Math.min(10_000 - made(), 100 + Math.floor(random() * 1200));
      if (random() < 0.5) {
        // While the poll runs.
        const [records] = await Promise.all([p.poll(), changeMeanwhile(random, count, 'log')]);
        emitted.push(...records.map((r) => r.id));
      } else {
        change(random, count, 'log');
        if (random() < 0.2) {
          // A crash: this poll's records are lost with its state, and the host polls again from the old state.
          const state = p.state();
          const lost = (await orFailed(
            newRuntime().poll('newSystemLogs', { connection: sandbox.connection, input: { maxRecords: 1500 }, state }),
            p.stats,
          )) as Polled | undefined;
          if (lost) expect(lost.records.length).toBeGreaterThan(0);
          p.stats.crashes += 1;
        }
        emitted.push(...(await p.poll()).map((r) => r.id));
      }
    }
    sandbox.faults.clear();
    for (let records = await p.poll(); records.length > 0; records = await p.poll()) {
      emitted.push(...records.map((r) => r.id));
    }
    const expected = sandbox.org.systemLog
      .list()
      .slice(start)
      .map((stored) => stored.event.uuid);
    expect(expected).toHaveLength(10_000);
    expect(emitted.length).toBe(new Set(emitted).size);
    expect(emitted).toEqual(expected);
    expect(p.stats.restarts).toBeGreaterThan(0);
    expect(p.stats.crashes).toBeGreaterThan(0);
    expect(p.stats.failed).toBeGreaterThan(0);
  });
});

describe('newUsers and updatedUsers', () => {
  it('set a baseline on the first poll unless given a start time', async () => {
    const p = poller('newUsers', {}, () => 1);
    expect(await p.poll()).toEqual([]);
    const login = 'new.after.baseline@example.com';
    const user = sandbox.org.users.create(
      { profile: { login, email: login, firstName: 'N', lastName: 'U' } },
      { activate: false },
    );
    expect(await p.poll()).toEqual([expect.objectContaining({ id: user.id, userId: user.id })]);
    expect(await p.poll()).toEqual([]);
    const started = poller('newUsers', { since: user.created }, () => 1);
    expect((await started.poll()).map((r) => r.userId)).toContain(user.id);
  });

  it('emit every new user once and each user’s latest change, while users are written during polls and faults hit', async () => {
    const random = mulberry32(77);
    injectFaults(77, 'time');
    const since = new Date(sandbox.org.now()).toISOString();
    const created = poller('newUsers', { since, maxRecords: 40 }, random);
    const updated = poller('updatedUsers', { since, maxRecords: 40 }, random);
    const newIds: string[] = [];
    const updateIds: string[] = [];
    for (let round = 0; round < 30; round += 1) {
      const [fresh, changed] = await Promise.all([
        created.poll({ maxRecords: 5 + Math.floor(random() * 60) }),
        updated.poll({ maxRecords: 5 + Math.floor(random() * 60) }),
        changeMeanwhile(random, 60, 'users'),
      ]);
      newIds.push(...fresh.map((r) => r.id));
      updateIds.push(...changed.map((r) => r.id));
    }
    // Until both have caught up: a poll with nothing new and no scan left half done.
    sandbox.faults.clear();
    for (let quiet = 0; quiet < 2; ) {
      const [fresh, changed] = await Promise.all([created.poll(), updated.poll()]);
      newIds.push(...fresh.map((r) => r.id));
      updateIds.push(...changed.map((r) => r.id));
      const done = !created.state().scan && !updated.state().scan && fresh.length + changed.length === 0;
      quiet = done ? quiet + 1 : 0;
    }
    const users = sandbox.org.users.list();
    const expectedNew = users.filter((u) => u.created >= since).map((u) => u.id);
    expect(expectedNew.length).toBeGreaterThan(200);
    expect(newIds.length).toBe(new Set(newIds).size);
    expect(new Set(newIds)).toEqual(new Set(expectedNew));
    expect(updateIds.length).toBe(new Set(updateIds).size);
    const latest = users.filter((u) => u.lastUpdated >= since && u.lastUpdated !== u.created);
    expect(latest.length).toBeGreaterThan(100);
    expect(updateIds).toEqual(expect.arrayContaining(latest.map((u) => `${u.id}@${u.lastUpdated}`)));
    expect(created.stats.restarts + updated.stats.restarts).toBeGreaterThan(0);
    expect(created.stats.failed + updated.stats.failed).toBeGreaterThan(0);
  });

  it('refuses a state that is not one it gave', async () => {
    const runtime = createConnector();
    const error = await runtime
      .poll('newUsers', {
        connection: sandbox.connection,
        input: {},
        state: { since: 'yesterday', seen: [], scan: { startedAt: 'x', next: 'https://evil.example.com/', seen: [] } },
      })
      .then(
        () => undefined,
        (e: unknown) => e as { code: string; details: { issues: { path: string }[] } },
      );
    expect(error?.code).toBe('INVALID_INPUT');
    expect(error?.details.issues.map((i) => i.path)).toEqual(['since', 'scan.startedAt', 'scan.next']);
  });
});
