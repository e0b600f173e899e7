/**
 * The rate limiter's rules on a fake clock (vitest's timers drive `Date.now` and `setTimeout`, so nothing waits for
 * real): the budget Okta reports is spent before a request waits, a window resets, a 429 blocks the bucket, and
 * reset times are read on Okta's clock. The client applies it over HTTP in http-client.test.ts.
 */
import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseNumericHeader, RateLimiter } from '../../lib/http/rate-limiter.ts';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  vi.useRealTimers();
});

/** Okta's headers for a window of `limit` with `remaining` left, resetting `inSeconds` from `now` on Okta's clock. */
function budget(limit: number, remaining: number, inSeconds: number, oktaNow = Date.now()) {
  return {
    limit: String(limit),
    remaining: String(remaining),
    reset: String(Math.floor(oktaNow / 1000) + inSeconds),
    date: new Date(oktaNow).toUTCString(),
  };
}

/** Whether `acquire` is admitted once pending timers and promises have run. */
async function settles(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  void promise.then(() => {
    done = true;
  });
  await vi.advanceTimersByTimeAsync(0);
  return done;
}

describe('parseNumericHeader', () => {
  it('reads one value, a duplicated header in either form, and nothing from garbage', () => {
    expect(parseNumericHeader('600')).toBe(600);
    expect(parseNumericHeader('1609459200, 1609459201')).toBe(1609459201);
    expect(parseNumericHeader(['5', '7'])).toBe(7);
    expect(parseNumericHeader(['', ' '])).toBeUndefined();
    expect(parseNumericHeader('soon')).toBeUndefined();
    expect(parseNumericHeader('0')).toBe(0);
    expect(parseNumericHeader(undefined)).toBeUndefined();
  });
});

describe('RateLimiter', () => {
  it('sends one request at a time until Okta has reported a budget', async () => {
    const limiter = new RateLimiter();
    const first = await limiter.acquire('users');
    const second = limiter.acquire('users');
    expect(await settles(second)).toBe(false);
    limiter.update('users', budget(10, 9, 60));
    first();
    expect(await settles(second)).toBe(true);
  });

  it('spends the reported budget, less the requests in flight, then waits for the reset', async () => {
    const limiter = new RateLimiter({ resetMarginMs: 0 });
    (await limiter.acquire('users'))();
    limiter.update('users', budget(10, 2, 30));
    const a = await limiter.acquire('users');
    const b = await limiter.acquire('users');
    const c = limiter.acquire('users');
    expect(await settles(c)).toBe(false);
    // Their responses report the budget spent: nothing more until the window resets.
    limiter.update('users', budget(10, 1, 30));
    a();
    limiter.update('users', budget(10, 0, 30));
    b();
    expect(await settles(c)).toBe(false);
    expect(limiter.snapshot().users).toEqual({ limit: 10, remaining: 0, inFlight: 0 });
    await vi.advanceTimersByTimeAsync(29_000);
    expect(await settles(c)).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await settles(c)).toBe(true);
    // A new window: the full limit again, until a response tells the new reset.
    expect(limiter.snapshot().users?.remaining).toBe(10);
  });

  it('keeps the smallest remaining of one window, as responses overtake each other', () => {
    const limiter = new RateLimiter();
    limiter.update('users', budget(10, 4, 30));
    limiter.update('users', budget(10, 6, 30));
    expect(limiter.snapshot().users?.remaining).toBe(4);
    // A new window (another reset) replaces it.
    limiter.update('users', budget(20, 19, 90));
    expect(limiter.snapshot().users).toMatchObject({ limit: 20, remaining: 19 });
  });

  it('leaves the other apps their share of each bucket', async () => {
    const limiter = new RateLimiter({ share: 0.5 });
    (await limiter.acquire('users'))();
    limiter.update('users', budget(10, 6, 60));
    // 6 left, 5 of them reserved for other apps: one request may go.
    await limiter.acquire('users');
    expect(await settles(limiter.acquire('users'))).toBe(false);
  });

  it('caps the requests in flight across buckets', async () => {
    const limiter = new RateLimiter({ maxConcurrency: 2 });
    const a = await limiter.acquire('users');
    await limiter.acquire('groups');
    const third = limiter.acquire('apps');
    expect(await settles(third)).toBe(false);
    a();
    a(); // a second release is ignored
    expect(await settles(third)).toBe(true);
    expect(await settles(limiter.acquire('logs'))).toBe(false);
  });

  it('treats a bucket whose responses carry no rate-limit headers as unmetered', async () => {
    const limiter = new RateLimiter();
    const first = await limiter.acquire('other');
    limiter.update('other', { date: new Date().toUTCString() });
    expect(await settles(limiter.acquire('other'))).toBe(true);
    first();
  });

  it('ignores the Limit = Remaining = 0 of a concurrency 429', async () => {
    const limiter = new RateLimiter();
    (await limiter.acquire('users'))();
    limiter.update('users', budget(10, 8, 60));
    limiter.update('users', budget(0, 0, 60));
    expect(limiter.snapshot().users).toMatchObject({ limit: 10, remaining: 8 });
  });

  it('holds every request on a bucket blocked by a 429 until the delay has passed', async () => {
    const limiter = new RateLimiter();
    (await limiter.acquire('users'))();
    limiter.update('users', budget(10, 8, 60));
    limiter.block('users', 5_000);
    expect(limiter.snapshot().users?.remaining).toBe(0);
    const next = limiter.acquire('users');
    // Other buckets are not held.
    expect(await settles(limiter.acquire('groups'))).toBe(true);
    await vi.advanceTimersByTimeAsync(4_900);
    expect(await settles(next)).toBe(false);
    // Once the block is over, the bucket counts as spent until its window resets.
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await settles(next)).toBe(true);
  });

  it('gives up waiting when the signal aborts', async () => {
    const limiter = new RateLimiter();
    await limiter.acquire('users');
    const controller = new AbortController();
    const waiting = limiter.acquire('users', controller.signal);
    const outcome = waiting.then(
      () => 'admitted',
      (error: Error) => error.message,
    );
    controller.abort(new Error('flow cancelled'));
    await vi.advanceTimersByTimeAsync(0);
    expect(await outcome).toBe('flow cancelled');
  });

  it('holds a bucket blocked by a 429 even before it knows a budget, and no longer than the block', async () => {
    const limiter = new RateLimiter();
    (await limiter.acquire('users'))();
    limiter.update('users', { date: new Date().toUTCString() }); // no rate-limit headers: unmetered
    limiter.block('users', 5_000);
    const next = limiter.acquire('users');
    await vi.advanceTimersByTimeAsync(4_900);
    expect(await settles(next)).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(await settles(next)).toBe(true);
    // A shorter block later does not shorten it.
    limiter.block('users', 5_000);
    limiter.block('users', 10);
    const after = limiter.acquire('users');
    await vi.advanceTimersByTimeAsync(4_000);
    expect(await settles(after)).toBe(false);
  });

  it('wakes each waiter at its own time, whatever order the blocks came in', async () => {
    for (const order of [
      ['groups', 'users'],
      ['users', 'groups'],
    ]) {
      const limiter = new RateLimiter();
      const delays: Record<string, number> = { groups: 1_000, users: 10_000 };
      for (const bucket of order) limiter.block(bucket as string, delays[bucket as string] as number);
      const groups = limiter.acquire('groups');
      await vi.advanceTimersByTimeAsync(1_100);
      expect(await settles(groups), order.join(' then ')).toBe(true);
    }
    const limiter = new RateLimiter();
    limiter.block('groups', 1_000);
    const groups = limiter.acquire('groups');
    limiter.block('users', 10_000);
    await vi.advanceTimersByTimeAsync(1_100);
    expect(await settles(groups)).toBe(true);
  });

  it('learns no budget from a response that reports only part of it', async () => {
    const limiter = new RateLimiter();
    const first = await limiter.acquire('users');
    const partial = budget(10, 0, 60);
    limiter.update('users', { limit: partial.limit, remaining: partial.remaining, date: partial.date });
    limiter.update('users', { limit: partial.limit, reset: partial.reset });
    limiter.update('users', { remaining: partial.remaining, reset: partial.reset });
    expect(limiter.snapshot().users).toEqual({ limit: undefined, remaining: undefined, inFlight: 1 });
    // Nothing to wait for: the bucket counts as unmetered.
    expect(await settles(limiter.acquire('users'))).toBe(true);
    first();
  });

  it('keeps the other apps’ share when a new window opens with requests still in flight', async () => {
    const limiter = new RateLimiter({ share: 0.5, resetMarginMs: 0 });
    (await limiter.acquire('users'))();
    limiter.update('users', budget(10, 10, 30));
    for (let i = 0; i < 5; i++) await limiter.acquire('users');
    const sixth = limiter.acquire('users');
    expect(await settles(sixth)).toBe(false);
    await vi.advanceTimersByTimeAsync(31_000);
    // The window reset, but 5 of 10 are reserved and 5 are in flight.
    expect(await settles(sixth)).toBe(false);
  });

  it('waits the reset margin past Okta’s reset, as its headers have one-second resolution', async () => {
    const limiter = new RateLimiter({ resetMarginMs: 250 });
    (await limiter.acquire('users'))();
    limiter.update('users', budget(5, 0, 10));
    const next = limiter.acquire('users');
    await vi.advanceTimersByTimeAsync(10_100);
    expect(await settles(next)).toBe(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(await settles(next)).toBe(true);
  });

  it('leaves no listener on a signal, whether the wait ends in admission or in an abort', async () => {
    const limiter = new RateLimiter();
    const release = await limiter.acquire('users');
    const shared = new AbortController();
    const admitted = limiter.acquire('users', shared.signal);
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    release();
    await admitted;
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(0);

    const aborted = new AbortController();
    const waiting = limiter.acquire('users', aborted.signal).catch(() => undefined);
    aborted.abort(new Error('cancelled'));
    await waiting;
    expect(getEventListeners(aborted.signal, 'abort')).toHaveLength(0);
  });

  describe('releasing the next window the moment it opens', () => {
    /**
     * A 10-second window opened by our request sent at T0 + 400 ms (Okta's clock = ours), answered 10 ms later, and
     * a response stamped just after Okta's next second that pins the clock offset to within 5 ms.
     */
    async function openedWindow(limiter: RateLimiter, remaining = 4) {
      vi.setSystemTime(T0 + 400);
      const sentAt = Date.now();
      const opener = await limiter.acquire('users');
      vi.setSystemTime(T0 + 410);
      const reset = Math.ceil((T0 + 400 + 10_000) / 1000); // T0 + 11 s: Okta rounds the end up to its second
      const headers = { limit: '5', remaining: String(remaining), reset: String(reset) };
      limiter.update('users', { ...headers, date: new Date(T0 + 400).toUTCString() }, Date.now(), sentAt);
      opener();
      vi.setSystemTime(T0 + 1_005);
      const other = await limiter.acquire('users');
      limiter.update('users', { ...headers, remaining: '0', date: new Date(T0 + 1_000).toUTCString() }, Date.now());
      other();
      return reset;
    }

    it('ends a window its first request opened whole seconds after that request, not at the header’s second', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      await openedWindow(limiter);
      const next = limiter.acquire('users');
      await vi.advanceTimersByTimeAsync(T0 + 10_400 - Date.now());
      expect(await settles(next)).toBe(false);
      // Sent at +400 ms, answered at +410 ms: the window ends by +10.41 s, 0.6 s before the header's +11 s.
      await vi.advanceTimersByTimeAsync(10);
      expect(await settles(next)).toBe(true);
      expect(Date.now()).toBe(T0 + 10_410);
    });

    it('waits for the header’s bound when the window was opened by another app, or when told not to learn', async () => {
      for (const [limiter, remaining] of [
        [new RateLimiter({ resetMarginMs: 0 }), 3], // Remaining = Limit − 2: someone else's request came first
        [new RateLimiter({ resetMarginMs: 0, learnWindowPhase: false }), 4],
      ] as const) {
        vi.setSystemTime(T0);
        await openedWindow(limiter, remaining);
        const next = limiter.acquire('users');
        // The header says +11 s on Okta's clock, known to within 5 ms of ours: +11.005 s here.
        await vi.advanceTimersByTimeAsync(T0 + 11_000 - Date.now());
        expect(await settles(next)).toBe(false);
        await vi.advanceTimersByTimeAsync(5);
        expect(await settles(next)).toBe(true);
      }
    });

    it('falls back to the header’s bound for good when a request sent after the learnt end is still counted in the old window', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      const reset = await openedWindow(limiter);
      await vi.advanceTimersByTimeAsync(T0 + 10_410 - Date.now());
      const early = await limiter.acquire('users');
      const sentAt = Date.now();
      // Okta had not reset yet: the answer (a 429) carries the old window's reset.
      const stale = { limit: '5', remaining: '0', reset: String(reset), date: new Date().toUTCString() };
      limiter.update('users', stale, Date.now() + 5, sentAt);
      early();
      const next = limiter.acquire('users');
      await vi.advanceTimersByTimeAsync(T0 + 11_000 - Date.now());
      expect(await settles(next)).toBe(false);
      await vi.advanceTimersByTimeAsync(5);
      expect(await settles(next)).toBe(true);
      // The next window, opened by our request mid-second: its phase is no longer trusted either.
      vi.setSystemTime(T0 + 11_400);
      const opener = Date.now();
      const nextReset = Math.ceil((opener + 10_000) / 1000);
      const headers = { limit: '5', remaining: '4', reset: String(nextReset), date: new Date(opener).toUTCString() };
      limiter.update('users', headers, opener + 10, opener);
      limiter.update('users', { ...headers, remaining: '0' }, opener + 10);
      const after = limiter.acquire('users');
      await vi.advanceTimersByTimeAsync(nextReset * 1000 - Date.now() - 100);
      expect(await settles(after)).toBe(false);
    });

    it('ignores answers from a window already over, sent before it ended, and from older windows', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      const reset = await openedWindow(limiter);
      const sentAt = Date.now(); // a request in flight as the window ends (another caller's)
      await vi.advanceTimersByTimeAsync(T0 + 10_410 - Date.now());
      const fresh = await limiter.acquire('users');
      // The straggler's answer, counted in the old window, arrives after the new one opened: the fresh budget stays.
      limiter.update('users', { limit: '5', remaining: '0', reset: String(reset) }, Date.now(), sentAt);
      expect(limiter.snapshot().users).toEqual({ limit: 5, remaining: 5, inFlight: 1 });
      limiter.update('users', { limit: '5', remaining: '4', reset: String(reset + 10) }, Date.now(), Date.now());
      fresh();
      expect(limiter.snapshot().users).toEqual({ limit: 5, remaining: 4, inFlight: 0 });
      expect(await settles(limiter.acquire('users'))).toBe(true);

      // An answer from an older window than the one known, however it came, teaches nothing.
      const other = new RateLimiter();
      other.update('users', { limit: '5', remaining: '3', reset: String(reset + 20) });
      other.update('users', { limit: '5', remaining: '0', reset: String(reset + 10) });
      expect(other.snapshot().users?.remaining).toBe(3);
    });

    /**
     * The same window, but no answer's `Date` has ticked over since it opened: the offset is known only to lie
     * between −410 ms and 0, so the window lasts 10 or 11 s and `windowEnd` waits for +11.41 s. Returns its reset.
     */
    async function ambiguousWindow(limiter: RateLimiter) {
      vi.setSystemTime(T0 + 400);
      const sentAt = Date.now();
      const opener = await limiter.acquire('users');
      vi.setSystemTime(T0 + 410);
      const reset = Math.ceil((T0 + 400 + 10_000) / 1000);
      const headers = { limit: '5', remaining: '4', reset: String(reset), date: new Date(T0 + 400).toUTCString() };
      limiter.update('users', headers, Date.now(), sentAt);
      opener();
      const other = await limiter.acquire('users');
      limiter.update('users', { ...headers, remaining: '0' }, Date.now(), Date.now());
      other();
      return reset;
    }

    it('probes with one request at the earliest end the reset allows; a new window in its answer releases the rest', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      const reset = await ambiguousWindow(limiter);
      // A caller that would not wait out a 429 is never the probe, even when first in line.
      const noRetry = limiter.acquire('users', undefined, false);
      const [probe, second] = [limiter.acquire('users'), limiter.acquire('users')];
      await vi.advanceTimersByTimeAsync(T0 + 10_409 - Date.now());
      expect([await settles(probe), await settles(second)]).toEqual([false, false]);
      await vi.advanceTimersByTimeAsync(1);
      // Opened at +400 ms in the second its Date names: 10 s, over by +10.41 s. One request only, to find out.
      expect([await settles(probe), await settles(second)]).toEqual([true, false]);
      expect(await settles(noRetry)).toBe(false);
      const sentAt = Date.now();
      const fresh = { limit: '5', remaining: '4', reset: String(reset + 10), date: new Date().toUTCString() };
      limiter.update('users', fresh, Date.now() + 1, sentAt);
      expect([await settles(second), await settles(noRetry)]).toEqual([true, true]);
      expect(Date.now()).toBe(T0 + 10_410);
    });

    it('after a probe answered with a 429, waits for the reset header, with no other probe in that window', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      const reset = await ambiguousWindow(limiter);
      await vi.advanceTimersByTimeAsync(T0 + 10_410 - Date.now());
      const probe = await limiter.acquire('users');
      const sentAt = Date.now();
      // The opener's second had begun while it was in flight: the window lasts 11 s, and the probe is refused.
      const refused = { limit: '5', remaining: '0', reset: String(reset), date: new Date().toUTCString() };
      limiter.update('users', refused, Date.now(), sentAt);
      probe();
      limiter.block('users', limiter.delayUntilReset(reset, refused.date, Date.now()));
      const next = limiter.acquire('users');
      await vi.advanceTimersByTimeAsync(T0 + 11_409 - Date.now());
      expect(await settles(next)).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await settles(next)).toBe(true);
      // A refused probe says nothing against the next window's phase: it is probed again.
      const opener = Date.now();
      const nextReset = Math.ceil((opener + 10_000) / 1000);
      const headers = { limit: '5', remaining: '4', reset: String(nextReset), date: new Date(opener).toUTCString() };
      limiter.update('users', headers, opener, opener);
      limiter.update('users', { ...headers, remaining: '0' }, opener, opener);
      const probeAgain = limiter.acquire('users');
      await vi.advanceTimersByTimeAsync(opener + 10_000 - Date.now());
      expect(await settles(probeAgain)).toBe(true);
    });

    it('sends no probe while Okta still reports budget left for the other apps’ share', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0, share: 0.6 });
      vi.setSystemTime(T0 + 400);
      const opener = await limiter.acquire('users');
      const headers = { limit: '5', remaining: '4', reset: String(T0 / 1000 + 11), date: new Date(T0).toUTCString() };
      limiter.update('users', headers, T0 + 410, T0 + 400);
      opener();
      vi.setSystemTime(T0 + 410);
      limiter.update('users', { ...headers, remaining: '2' }, Date.now(), Date.now());
      const next = limiter.acquire('users');
      await vi.advanceTimersByTimeAsync(T0 + 11_409 - Date.now());
      expect(await settles(next)).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      expect(await settles(next)).toBe(true);
    });

    it('sends no probe into a window another app opened: its phase is unknown', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      await openedWindow(limiter, 3); // Remaining = Limit − 2: the header's bound only
      const next = limiter.acquire('users');
      await vi.advanceTimersByTimeAsync(T0 + 11_004 - Date.now());
      expect(await settles(next)).toBe(false);
    });

    it('waits out a 429 by the clock offset learnt from many responses, tighter than one response’s Date', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      const reset = await openedWindow(limiter);
      vi.setSystemTime(T0 + 5_900);
      // This Date says 12:00:05 (rounded down from 05.9): alone it would mean 0.9 s more to wait.
      const date = new Date(Date.now()).toUTCString();
      limiter.update('users', { limit: '5', remaining: '0', reset: String(reset), date }, Date.now());
      expect(limiter.delayUntilReset(reset, date, Date.now())).toBe(T0 + 11_000 + 5 - (T0 + 5_900));
    });
  });

  describe('delayUntilReset, on Okta’s clock', () => {
    it('measures the reset against the response Date, whatever the local clock says', () => {
      const limiter = new RateLimiter({ resetMarginMs: 250 });
      const oktaNow = T0 - 3_600_000; // Okta's clock an hour behind ours
      const reset = Math.floor(oktaNow / 1000) + 10;
      expect(limiter.delayUntilReset(reset, new Date(oktaNow).toUTCString(), Date.now())).toBe(10_250);
      // Time spent since the response arrived is taken off.
      const receivedAt = Date.now();
      vi.advanceTimersByTime(4_000);
      expect(limiter.delayUntilReset(reset, new Date(oktaNow).toUTCString(), receivedAt)).toBe(6_250);
      // Never negative.
      vi.advanceTimersByTime(60_000);
      expect(limiter.delayUntilReset(reset, new Date(oktaNow).toUTCString(), receivedAt)).toBe(250);
    });

    it('without a Date, uses the clock offset learnt from earlier responses', () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      const oktaNow = T0 + 3_600_000; // an hour ahead
      expect(limiter.delayUntilReset(Math.floor(T0 / 1000) + 5, undefined)).toBe(5_000);
      // A response without a Date teaches nothing.
      limiter.update('users', budget(10, 9, 60));
      limiter.update('users', { ...budget(10, 8, 60), date: undefined });
      expect(limiter.delayUntilReset(Math.floor(T0 / 1000) + 5, undefined)).toBe(5_000);
      limiter.update('users', { date: new Date(oktaNow).toUTCString() });
      expect(limiter.delayUntilReset(Math.floor(oktaNow / 1000) + 5, undefined)).toBe(5_000);
      // The largest offset seen wins: latency only ever makes the estimate smaller.
      limiter.update('users', { date: new Date(oktaNow - 2_000).toUTCString() });
      expect(limiter.delayUntilReset(Math.floor(oktaNow / 1000) + 5, 'not a date')).toBe(5_000);
    });

    it('admits a new window at the reset on Okta’s clock, not on the local one', async () => {
      const limiter = new RateLimiter({ resetMarginMs: 0 });
      const oktaNow = T0 - 3_600_000;
      (await limiter.acquire('users'))();
      limiter.update('users', budget(5, 0, 20, oktaNow));
      const next = limiter.acquire('users');
      // Against the local clock this reset is an hour past: it must still wait its 20 seconds.
      expect(await settles(next)).toBe(false);
      await vi.advanceTimersByTimeAsync(19_000);
      expect(await settles(next)).toBe(false);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await settles(next)).toBe(true);
    });
  });
});
