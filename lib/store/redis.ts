/**
 * @module The Redis state store (ioredis), for many hosts on one org. The rate budget is two Lua scripts run by the
 * server (EVALSHA through `defineCommand`), so taking a request and reporting a response are atomic across hosts.
 *
 * Budget layout, per org, credential fingerprint and bucket (`okc:budget:<key>`):
 * - a hash: the budget Okta last reported (`limit`, `remaining`; `window`, Okta's `X-Rate-Limit-Reset`, epoch seconds,
 *   the same for every response of a window) and when the window ends, on the Redis server's clock (`TIME`: one clock
 *   for every host, whatever their own). Hosts report durations from now, so no host's clock is compared with
 *   another's. `resetAt` is the latest the window can end: the reset header's bound, or, when a host's request
 *   opened the window, the end that host learnt from when it reached Okta (lib/http/rate-limiter.ts: windows start
 *   with their first request and last whole seconds, docs/okta.md §1.1), whichever is earlier; `probeAt` the earliest,
 *   when one request (`probe`, for the window `probed`) is granted to test it. `open` is 0 once the window has ended
 *   (`rolledAt`) and until a response of the next window reports its reset; `learnt` 1 when `resetAt` is a learnt
 *   end; `unreliable` 1 for good once a request taken after a learnt end was still counted in the old window (the
 *   header's bound only, and no probe, from then);
 * - a sorted set `<key>:r` of reservations, scored by when they were taken: requests sent and not yet answered. A
 *   host that dies mid-request loses its reservations when they are older than the reservation time.
 *
 * `take` grants when `remaining - reservations - (the share left to other apps) > 0`, or as the window's one probe;
 * else it says how long to wait: until the window's end or its probe, or a poll's length while the next window's
 * first answer (or the probe's) is awaited. `report` gives the reservation back and records the headers: within one
 * window the smallest remaining and the earliest end win (responses overtake each other), a later window replaces
 * the budget, and an answer from a window already over is ignored unless its request was taken after the end.
 *
 * While Redis is unreachable every call rejects at once (no offline queue): the callers fall back to local,
 * conservative behaviour (lib/http/shared-budget.ts) and `connected()` says so. ioredis reconnects by itself.
 */
import type { Redis } from 'ioredis';
import { type BudgetReport, type BudgetTake, type BudgetTakeOptions, KEY_PREFIX, type StateStore } from './types.ts';

const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

const TAKE = `${NOW}
local ttl = tonumber(ARGV[2])
local learnMs = tonumber(ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - ttl)
local reserved = redis.call('ZCARD', KEYS[2])
local b = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'resetAt', 'open', 'window', 'probeAt', 'probed', 'probe')
local limit = tonumber(b[1])
local function reserve()
  redis.call('ZADD', KEYS[2], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ttl)
  return {1, 0}
end
if not limit then
  -- Okta has not told the budget yet: one request at a time learns it.
  if reserved == 0 then return reserve() end
  return {0, learnMs}
end
local remaining = tonumber(b[2])
local resetAt = tonumber(b[3])
local open = b[4] == '1'
if open and now >= resetAt then
  -- A new window: the whole budget, until a response in it reports its reset.
  remaining = limit
  open = false
  redis.call('HSET', KEYS[1], 'remaining', limit, 'open', '0', 'rolledAt', now)
end
local left = limit - math.floor(limit * tonumber(ARGV[3]))
if remaining - reserved - left > 0 then return reserve() end
if not open then return {0, learnMs} end
local probeAt = tonumber(b[6])
-- One probe a window, at its earliest possible end, and only into a window Okta reports spent: never a request of
-- the other apps' share.
if probeAt and probeAt < resetAt and remaining - reserved <= 0 then
  if b[7] ~= b[5] then
    if now < probeAt then return {0, probeAt - now} end
    if ARGV[5] == '1' then
      redis.call('HSET', KEYS[1], 'probed', b[5], 'probe', ARGV[1])
      return reserve()
    end
    -- Due, but not this caller's to send: another may send it any moment.
    return {0, math.min(resetAt - now, learnMs)}
  end
  -- In flight, its answer may open the next window any moment; refused, the window ends at resetAt.
  if b[8] and redis.call('ZSCORE', KEYS[2], b[8]) then return {0, math.min(resetAt - now, learnMs)} end
end
return {0, resetAt - now}
`;

const REPORT = `${NOW}
local takenAt = nil
if ARGV[1] ~= '' then
  takenAt = tonumber(redis.call('ZSCORE', KEYS[2], ARGV[1]))
  redis.call('ZREM', KEYS[2], ARGV[1])
end
if ARGV[2] ~= '1' then return 0 end
local limit = tonumber(ARGV[3])
-- A concurrency 429 reports Limit = Remaining = 0 (docs/okta.md §1.1): no budget to learn.
if limit == 0 then return 0 end
local remaining = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local headerEnd = now + tonumber(ARGV[6])
local b = redis.call('HMGET', KEYS[1], 'window', 'open', 'remaining', 'resetAt', 'rolledAt', 'unreliable', 'learnt')
local current = tonumber(b[1])
if current and window == current and b[2] ~= '1' then
  -- An answer from the window taken for over. Taken before then, a straggler that says nothing new; taken after a
  -- learnt end, the window was not over: that end was early, so every host waits for the header's bound from now on.
  if b[7] == '1' and takenAt and takenAt >= tonumber(b[5]) then
    redis.call('HSET', KEYS[1], 'unreliable', '1', 'limit', limit, 'remaining', remaining, 'resetAt', headerEnd,
      'open', '1')
    redis.call('HDEL', KEYS[1], 'probeAt')
  end
  return 0
end
-- The learnt end, and the probe's moment, when this answer's request opened its window.
local opener = b[6] ~= '1' and ARGV[7] ~= ''
local learnt = opener and now + tonumber(ARGV[7]) < headerEnd
local endsAt = headerEnd
if learnt then endsAt = now + tonumber(ARGV[7]) end
if current and window == current then
  -- Responses overtake each other: within one window the smallest remaining and the earliest bound are the truest.
  redis.call('HSET', KEYS[1], 'limit', limit, 'remaining', math.min(remaining, tonumber(b[3])),
    'resetAt', math.min(endsAt, tonumber(b[4])))
elseif (not current) or window > current then
  redis.call('HSET', KEYS[1], 'limit', limit, 'remaining', remaining, 'window', window, 'resetAt', endsAt, 'open', '1',
    'learnt', '0')
  redis.call('HDEL', KEYS[1], 'probeAt')
else
  return 0
end
if learnt then redis.call('HSET', KEYS[1], 'learnt', '1') end
if opener then redis.call('HSET', KEYS[1], 'probeAt', now + tonumber(ARGV[8])) end
redis.call('PEXPIRE', KEYS[1], 600000)
return 1
`;

const RELEASE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type ScriptedRedis = Redis & {
  okcTake(
    hash: string,
    set: string,
    id: string,
    ttl: number,
    share: number,
    learnMs: number,
    mayProbe: string,
  ): Promise<number[]>;
  okcReport(hash: string, set: string, ...args: (string | number)[]): Promise<number>;
  okcReleaseIf(key: string, value: string): Promise<number>;
};

/** How long a take waits, while a first response is on its way to tell the budget. */
const LEARN_WAIT_MS = 20;

export interface RedisStoreOptions {
  /** Per command; a Redis slower than this counts as unreachable. */
  commandTimeoutMs?: number;
  /** How long `connectRedisStore` waits for a first connection before starting degraded. */
  connectTimeoutMs?: number;
}

export class RedisStore implements StateStore {
  readonly kind = 'redis' as const;
  readonly shared = true;
  readonly redis: ScriptedRedis;

  /** Takes a client from `connectRedisStore`, which loads ioredis only when a Redis URL is given. */
  constructor(redis: Redis) {
    redis.defineCommand('okcTake', { numberOfKeys: 2, lua: TAKE });
    redis.defineCommand('okcReport', { numberOfKeys: 2, lua: REPORT });
    redis.defineCommand('okcReleaseIf', { numberOfKeys: 1, lua: RELEASE_IF });
    // Without a listener an 'error' event would end the process; the state is read from `status` instead. The URL
    // (which may hold a password) is never logged.
    redis.on('error', () => undefined);
    this.redis = redis as ScriptedRedis;
  }

  connected(): boolean {
    return this.redis.status === 'ready';
  }

  async takeBudget(key: string, id: string, options: BudgetTakeOptions): Promise<BudgetTake> {
    const [granted, waitMs] = await this.redis.okcTake(
      budgetKey(key),
      `${budgetKey(key)}:r`,
      id,
      options.reservationMs,
      options.share,
      LEARN_WAIT_MS,
      options.mayProbe ? '1' : '0',
    );
    return granted === 1 ? { granted: true, id } : { granted: false, waitMs: Math.max(1, waitMs ?? LEARN_WAIT_MS) };
  }

  async reportBudget(key: string, id: string, report: BudgetReport | undefined): Promise<void> {
    const ms = (value: number | undefined) => (value === undefined ? '' : Math.max(0, Math.round(value)));
    const args = report
      ? [
          id,
          '1',
          report.limit,
          report.remaining,
          report.window,
          ms(report.resetInMs),
          ms(report.endsInMs),
          ms(report.mayEndInMs),
        ]
      : [id, '0'];
    await this.redis.okcReport(budgetKey(key), `${budgetKey(key)}:r`, ...args);
  }

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    const set =
      ttlMs > 0
        ? this.redis.set(KEY_PREFIX + key, value, 'PX', ttlMs, 'NX')
        : this.redis.set(KEY_PREFIX + key, value, 'NX');
    return (await set) === 'OK';
  }

  async claimAll(keys: string[], ttlMs: number): Promise<boolean[]> {
    if (keys.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const key of keys) pipeline.set(KEY_PREFIX + key, '1', 'PX', ttlMs, 'NX');
    const results = (await pipeline.exec()) ?? [];
    return results.map(([error, value]) => {
      if (error) throw error;
      return value === 'OK';
    });
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(KEY_PREFIX + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    if (ttlMs) await this.redis.set(KEY_PREFIX + key, value, 'PX', Math.max(1, Math.round(ttlMs)));
    else await this.redis.set(KEY_PREFIX + key, value);
  }

  async delete(key: string, ifValue?: string): Promise<void> {
    if (ifValue === undefined) await this.redis.del(KEY_PREFIX + key);
    else await this.redis.okcReleaseIf(KEY_PREFIX + key, ifValue);
  }

  async mapSet(map: string, field: string, value: string): Promise<void> {
    await this.redis.hset(KEY_PREFIX + map, field, value);
  }

  async mapGet(map: string, field: string): Promise<string | undefined> {
    return (await this.redis.hget(KEY_PREFIX + map, field)) ?? undefined;
  }

  async mapDelete(map: string, field: string): Promise<void> {
    await this.redis.hdel(KEY_PREFIX + map, field);
  }

  async mapAll(map: string): Promise<Record<string, string>> {
    return this.redis.hgetall(KEY_PREFIX + map);
  }

  async close(): Promise<void> {
    this.redis.disconnect(false);
  }
}

function budgetKey(key: string): string {
  return `${KEY_PREFIX}budget:${key}`;
}

/**
 * A Redis store, connected when Redis answers within the connect timeout; else started degraded (it keeps
 * reconnecting), so a host comes up and serves on its local budget rather than not at all.
 */
export async function connectRedisStore(url: string, options: RedisStoreOptions = {}): Promise<RedisStore> {
  const { Redis } = await import('ioredis');
  const store = new RedisStore(
    new Redis(url, {
      // Fail at once while disconnected rather than queue: the callers have a local fallback.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.commandTimeoutMs ?? 1_000,
      connectTimeout: options.connectTimeoutMs ?? 2_000,
      retryStrategy: (times) => Math.min(100 * times, 1_000),
      lazyConnect: true,
    }),
  );
  await store.redis.connect().catch(() => undefined);
  return store;
}
