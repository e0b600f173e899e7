/**
 * The shared budget opens each new window on time across hosts (issue 27): the window's phase, learnt by the host
 * whose request opened it (lib/http/rate-limiter.ts), is kept in the Lua budget, so hosts that never saw the opener
 * release their calls at the learnt end, or send one probe at the earliest end, rather than at the reset header's
 * second. Three hosts are three connections to one real redis-server, each with its own SharedBudget; a grant is an
 * event awaited, never a sleep. The reports are what a host sends for Okta's answers (docs/okta.md §1.1); the
 * reset header's bound is ten minutes away, so only the learnt end can open a window within the test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedBudget } from '../../lib/http/shared-budget.ts';
import { connectRedisStore, type RedisStore } from '../../lib/store/redis.ts';
import type { BudgetReport } from '../../lib/store/types.ts';
import { redisMissing, startRedis, type TestRedis } from './redis-server.ts';

const missing = redisMissing();
if (missing) console.warn(missing);

const HEADER_MS = 600_000;
/** The end the opener learnt: late enough that the window is spent before it, whatever the machine's load. */
const LEARNT_MS = 1_000;
const BUCKET = 'users/{id} get';

describe.skipIf(missing)('the shared budget across hosts', () => {
  let redis: TestRedis;
  let stores: RedisStore[];
  let scopes = 0;

  beforeAll(async () => {
    redis = await startRedis();
    stores = await Promise.all([1, 2, 3].map(() => connectRedisStore(redis.url)));
  });
  afterAll(async () => {
    await Promise.all(stores?.map((store) => store.close()) ?? []);
    await redis?.close();
  });

  /** Three hosts on one org's bucket, and the budget's hash as Redis holds it. */
  function hosts() {
    const scope = `window-${++scopes}`;
    const [a, b, c] = stores.map((store) => new SharedBudget(store, scope)) as [
      SharedBudget,
      SharedBudget,
      SharedBudget,
    ];
    const state = (field: string) => stores[0]?.redis.hget(`okc:budget:${scope}|${BUCKET}`, field);
    const ask = (host: number, id: string, mayProbe = false) =>
      (stores[host] as RedisStore).takeBudget(`${scope}|${BUCKET}`, id, { share: 1, reservationMs: 60_000, mayProbe });
    return { a, b, c, state, ask };
  }

  /** An answer in window `window` of `limit`; `opened` the ends its host learnt when its request opened the window. */
  const answer = (limit: number, remaining: number, window: number, opened?: { ends: number; mayEnd: number }) =>
    ({
      limit,
      remaining,
      window,
      resetInMs: HEADER_MS,
      ...(opened ? { endsInMs: opened.ends, mayEndInMs: opened.mayEnd } : {}),
    }) satisfies BudgetReport;

  it('ends a window at the end the opening host learnt, for the hosts that never saw its answer', async () => {
    const { a, b, c, state, ask } = hosts();
    const opener = await a.take(BUCKET);
    await a.report(opener, answer(3, 2, 1000, { ends: LEARNT_MS, mayEnd: LEARNT_MS }));
    await b.report(await b.take(BUCKET), answer(3, 1, 1000));
    await c.report(await c.take(BUCKET), answer(3, 0, 1000));
    // Spent: another host is told to wait for the learnt end, not the header's ten minutes.
    const refused = await ask(1, 'early');
    expect(refused.granted).toBe(false);
    expect(refused.granted ? 0 : refused.waitMs).toBeLessThanOrEqual(LEARNT_MS);
    // Every host then opens the next window with the whole budget.
    const next = await Promise.all([b.take(BUCKET), c.take(BUCKET), a.take(BUCKET)]);
    expect(next.every((ticket) => !ticket.local)).toBe(true);
    expect(await state('open')).toBe('0');
    expect((await ask(2, 'over')).granted).toBe(false);
  });

  it('grants one probe across hosts at the earliest end; a new window in its answer releases every host', async () => {
    const { a, b, c, state, ask } = hosts();
    // The opener's second may have begun while it was in flight: it may end in 30 ms, or at the header's bound.
    await a.report(await a.take(BUCKET), answer(3, 2, 2000, { ends: HEADER_MS, mayEnd: 30 }));
    await b.report(await b.take(BUCKET), answer(3, 1, 2000));
    await c.report(await c.take(BUCKET), answer(3, 0, 2000));
    const waiting = [
      b.take(BUCKET, undefined, true).then((ticket) => ({ host: 'b', ticket })),
      c.take(BUCKET, undefined, true).then((ticket) => ({ host: 'c', ticket })),
    ];
    // A caller that would not wait out a 429 is never the probe.
    const cautious = a.take(BUCKET);
    const probe = await Promise.race(waiting);
    expect(await state('probe')).toBe(probe.ticket.id);
    // While the probe is in flight nobody else is sent, probe or not, and each is told to ask again soon.
    for (const mayProbe of [true, false]) {
      const refused = await ask(0, `meanwhile-${mayProbe}`, mayProbe);
      expect(refused.granted).toBe(false);
      expect(refused.granted ? 0 : refused.waitMs).toBeLessThanOrEqual(20);
    }
    // Answered in a new window (the probe opened it): the other hosts go at once, up to the new window's budget.
    const host = probe.host === 'b' ? b : c;
    await host.report(probe.ticket, answer(3, 2, 2030, { ends: HEADER_MS, mayEnd: HEADER_MS }));
    const others = (await Promise.all(waiting)).filter(({ ticket }) => ticket !== probe.ticket);
    expect([...others.map(({ ticket }) => ticket.local), (await cautious).local]).toEqual([false, false]);
    expect(await state('window')).toBe('2030');
  });

  it('keeps to the header’s bound for good once a request sent after a learnt end was counted in the old window', async () => {
    const { a, b, state, ask } = hosts();
    await a.report(await a.take(BUCKET), answer(1, 0, 3000, { ends: 20, mayEnd: 20 }));
    // At the learnt end another host sends, and Okta still counts its request in the old window (a 429).
    const late = await b.take(BUCKET);
    await b.report(late, answer(1, 0, 3000));
    expect(await state('unreliable')).toBe('1');
    const refused = await ask(2, 'after-429');
    expect(refused.granted ? 0 : refused.waitMs).toBeGreaterThan(HEADER_MS / 2);
    // Nor is a later window's learnt phase trusted: its header's bound stands, and no probe is granted.
    await b.report({ bucket: BUCKET, id: '', local: false }, answer(1, 0, 3060, { ends: 20, mayEnd: 10 }));
    for (const mayProbe of [false, true]) {
      const later = await ask(0, `later-${mayProbe}`, mayProbe);
      expect(later.granted ? 0 : later.waitMs).toBeGreaterThan(HEADER_MS / 2);
    }
  });
});
