/**
 * The Redis state store against a real redis-server on loopback: the budget's Lua scripts (two hosts never spend the
 * same request; the smallest remaining of a window wins; a new window gives the budget back), dedupe keys, locks,
 * and the local fallback budget while Redis is away.
 */
import { describe, expect, it } from 'vitest';
import { TokenSource } from '../../lib/auth/token-source.ts';
import { SharedBudget } from '../../lib/http/shared-budget.ts';
import { connectRedisStore, type RedisStore } from '../../lib/store/redis.ts';
import { suiteResource } from '../support/suite.ts';
import { Changes, guarded, watchedSignal } from '../support/wait.ts';
import { redisMissing, suiteRedis, whenConnected, whenExpired } from './redis-server.ts';

describe.skipIf(redisMissing())('RedisStore', () => {
  const redis = suiteRedis();
  const store = () =>
    suiteResource(
      'Redis store',
      () => connectRedisStore(redis.url),
      (opened) => opened.close(),
    );
  const a = store();
  const b = store();
  const options = { share: 1, reservationMs: 10_000 };

  it('learns the budget one request at a time, then grants exactly what is left across hosts', async () => {
    const key = 'org1|users-get';
    expect(await a.takeBudget(key, 'r1', options)).toEqual({ granted: true, id: 'r1' });
    // The budget is not known yet and one request is on its way to learn it.
    expect((await b.takeBudget(key, 'r2', options)).granted).toBe(false);
    await a.reportBudget(key, 'r1', { limit: 5, remaining: 4, window: 1000, resetInMs: 10_000 });
    const grants: boolean[] = [];
    for (let i = 0; i < 8; i++) {
      const store = i % 2 ? a : b;
      grants.push((await store.takeBudget(key, `g${i}`, options)).granted);
    }
    expect(grants.filter(Boolean)).toHaveLength(4);
    const refused = await a.takeBudget(key, 'late', options);
    expect(refused.granted).toBe(false);
    if (!refused.granted) expect(refused.waitMs).toBeGreaterThan(5_000);
  });

  it('keeps the smallest remaining of a window, ignores a late answer of a window over, resets on a new one', async () => {
    const key = 'org2|users-get';
    // A window that ends as it is reported (Okta's reset is now): over at the next take, with no wait.
    await a.reportBudget(key, '', { limit: 10, remaining: 3, window: 2000, resetInMs: 0 });
    await b.reportBudget(key, '', { limit: 10, remaining: 7, window: 2000, resetInMs: 0 });
    expect(await a.redis.hget('okc:budget:org2|users-get', 'remaining')).toBe('3');
    // The window is over: the whole budget again.
    for (let i = 0; i < 10; i++) expect((await a.takeBudget(key, `n${i}`, options)).granted).toBe(true);
    expect((await a.takeBudget(key, 'n10', options)).granted).toBe(false);
    // An answer from the window that ended changes nothing; one from the new window is learnt.
    await a.reportBudget(key, 'n0', { limit: 10, remaining: 0, window: 2000, resetInMs: 0 });
    expect(await a.redis.hget('okc:budget:org2|users-get', 'open')).toBe('0');
    await a.reportBudget(key, 'n1', { limit: 10, remaining: 8, window: 2001, resetInMs: 5_000 });
    expect(await a.redis.hget('okc:budget:org2|users-get', 'remaining')).toBe('8');
  });

  it('gives back the reservations of a host that never reported', async () => {
    const key = 'org3|users-get';
    await a.reportBudget(key, '', { limit: 2, remaining: 2, window: 3000, resetInMs: 60_000 });
    const short = { share: 1, reservationMs: 50 };
    expect((await a.takeBudget(key, 'x1', short)).granted).toBe(true);
    expect((await a.takeBudget(key, 'x2', short)).granted).toBe(true);
    expect((await b.takeBudget(key, 'x3', short)).granted).toBe(false);
    await whenExpired(a, 'okc:budget:org3|users-get:r');
    expect((await b.takeBudget(key, 'x4', short)).granted).toBe(true);
  });

  it('leaves other apps their share of the budget', async () => {
    const key = 'org4|users-get';
    await a.reportBudget(key, '', { limit: 10, remaining: 10, window: 4000, resetInMs: 60_000 });
    const half = { share: 0.5, reservationMs: 10_000 };
    let granted = 0;
    for (let i = 0; i < 10; i++) if ((await a.takeBudget(key, `h${i}`, half)).granted) granted++;
    expect(granted).toBe(5);
  });

  it('claims a dedupe key once across hosts, and releases a lock only for its owner', async () => {
    expect(await a.claimAll(['e1', 'e2'], 60_000)).toEqual([true, true]);
    expect(await b.claimAll(['e2', 'e3'], 60_000)).toEqual([false, true]);
    expect(await a.claim('lock', 'owner-a', 60_000)).toBe(true);
    expect(await b.claim('lock', 'owner-b', 60_000)).toBe(false);
    await b.delete('lock', 'owner-b');
    expect(await b.get('lock')).toBe('owner-a');
    await a.delete('lock', 'owner-a');
    expect(await b.get('lock')).toBeUndefined();
  });

  it('serves on a conservative local budget while Redis is away, and shares again when it returns', async () => {
    const budget = new SharedBudget(a, 'org5', { fallbackShare: 0.25 });
    const first = await budget.take('users-get');
    await budget.report(first, { limit: 40, remaining: 39, window: 5000, resetInMs: 60_000 });
    await redis.stop();
    await whenConnected(a, false);
    expect(a.connected()).toBe(false);
    const { signal, abort, waiting } = watchedSignal();
    let local = 0;
    const taking = (async () => {
      for (;;) {
        await budget.take('users-get', signal);
        local++;
      }
    })().catch(() => undefined);
    // Until a take has run out and waits for the window to end.
    await guarded(waiting, 'a take to wait for the local window');
    abort();
    await taking;
    // 25 % of the org's 40 in this window, and no more.
    expect(local).toBe(10);
    await redis.start();
    await whenConnected(a, true);
    expect(a.connected()).toBe(true);
    const again = await budget.take('users-get');
    expect(again.local).toBe(false);
  });

  it('asks the token endpoint once for all hosts, and forgets only the token Okta refused', async () => {
    let requests = 0;
    // The token endpoint answers once the other host has found the lock taken: both ask at the same time.
    let refused = 0;
    const changes = new Changes();
    const counting = (store: RedisStore): RedisStore =>
      Object.create(store, {
        claim: {
          async value(...args: Parameters<RedisStore['claim']>) {
            const won = await store.claim(...args);
            if (!won) refused += 1;
            changes.changed();
            return won;
          },
        },
      });
    const obtain = async () => {
      requests += 1;
      changes.changed();
      // (or to ask for its own token, which the count below catches)
      await changes.until(() => refused > 0 || requests > 1, 'the other host to find the lock taken');
      return { access_token: `token-${requests}`, token_type: 'DPoP', expires_in: 3600 };
    };
    // After the previous test's outage, both hosts back on Redis (a host without it asks for its own token).
    await whenConnected(a, true);
    await whenConnected(b, true);
    const key = `tokens-${Date.now()}`;
    const hostA = new TokenSource(obtain, undefined, { store: counting(a), key });
    const hostB = new TokenSource(obtain, undefined, { store: counting(b), key });
    const tokens = await Promise.all([hostA.get(), hostB.get(), hostA.get(), hostB.get()]);
    expect(requests).toBe(1);
    expect(new Set(tokens.map((token) => token.value))).toEqual(new Set(['token-1']));
    // Stored for as long as it is valid, no longer.
    const ttl = await a.redis.pttl(`okc:token:${key}`);
    expect(ttl).toBeGreaterThan(3_500_000);
    expect(ttl).toBeLessThanOrEqual(3_600_000);
    hostB.invalidate('token-1');
    const renewed = await hostB.get();
    expect(renewed.value).toBe('token-2');
    // Host A's own copy is still valid; a host starting now reads the renewed token.
    const hostC = new TokenSource(obtain, undefined, { store: a, key });
    expect((await hostC.get()).value).toBe('token-2');
    expect(requests).toBe(2);
  });
});
