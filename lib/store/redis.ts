/**
 * @module The Redis state store (ioredis), for many hosts on one org. The rate budget is two Lua scripts run by the
 * server (EVALSHA through `defineCommand`), so taking a request and reporting a response are atomic across hosts.
 *
 * Budget layout, per org, credential fingerprint and bucket (`okc:budget:<key>`):
 * - a hash `{ limit, remaining, window, resetAt, open }`: the budget Okta last reported. `window` is Okta's
 *   `X-Rate-Limit-Reset` (epoch seconds, the same for every response of a window), `resetAt` when it ends on the
 *   Redis server's clock (`TIME`: one clock for every host, whatever their own), `open` 0 once it has ended and
 *   until a response of the next window reports its reset (Okta's windows are rolling and start with their first
 *   request, docs/okta.md §1.1);
 * - a sorted set `<key>:r` of reservations, scored by their expiry: requests sent and not yet answered. A host
 *   that dies mid-request loses its reservations when they expire.
 *
 * `take` grants when `remaining - reservations - (the share left to other apps) > 0`; `report` gives the
 * reservation back and records the headers: within one window the smallest remaining wins (responses overtake each
 * other), a later window replaces the budget, and an answer from a window already over is ignored.
 *
 * While Redis is unreachable every call rejects at once (no offline queue): the callers fall back to local,
 * conservative behaviour (lib/http/shared-budget.ts) and `connected()` says so. ioredis reconnects by itself.
 */
import type { Redis } from 'ioredis';
import { type BudgetReport, type BudgetTake, type BudgetTakeOptions, KEY_PREFIX, type StateStore } from './types.ts';

const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local reserved = redis.call('ZCARD', KEYS[2])
local b = redis.call('HMGET', KEYS[1], 'limit', 'remaining', 'resetAt', 'open')
local limit = tonumber(b[1])
local function reserve()
  redis.call('ZADD', KEYS[2], now + ttl, ARGV[1])
  redis.call('PEXPIRE', KEYS[2], ttl)
  return {1, 0}
end
if not limit then
  -- Okta has not told the budget yet: one request at a time learns it.
  if reserved == 0 then return reserve() end
  return {0, tonumber(ARGV[4])}
end
local remaining = tonumber(b[2])
local resetAt = tonumber(b[3])
local open = b[4] == '1'
if open and now >= resetAt then
  -- A new window: the whole budget, until a response in it reports its reset.
  remaining = limit
  open = false
  redis.call('HSET', KEYS[1], 'remaining', limit, 'open', '0')
end
local left = limit - math.floor(limit * tonumber(ARGV[3]))
if remaining - reserved - left > 0 then return reserve() end
if open then return {0, resetAt - now} end
return {0, tonumber(ARGV[4])}
`;

const REPORT = `
if ARGV[1] ~= '' then redis.call('ZREM', KEYS[2], ARGV[1]) end
if ARGV[2] ~= '1' then return 0 end
local limit = tonumber(ARGV[3])
-- A concurrency 429 reports Limit = Remaining = 0 (docs/okta.md §1.1): no budget to learn.
if limit == 0 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local remaining = tonumber(ARGV[4])
local window = tonumber(ARGV[5])
local b = redis.call('HMGET', KEYS[1], 'window', 'open', 'remaining')
local current = tonumber(b[1])
if current and window == current then
  if b[2] == '1' then
    redis.call('HSET', KEYS[1], 'limit', limit, 'remaining', math.min(remaining, tonumber(b[3])))
  end
elseif (not current) or window > current then
  redis.call('HSET', KEYS[1], 'limit', limit, 'remaining', remaining, 'window', window,
    'resetAt', now + tonumber(ARGV[6]), 'open', '1')
end
redis.call('PEXPIRE', KEYS[1], 600000)
return 1
`;

const RELEASE_IF = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
`;

type ScriptedRedis = Redis & {
  okcTake(hash: string, set: string, id: string, ttl: number, share: number, learnMs: number): Promise<number[]>;
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
    );
    return granted === 1 ? { granted: true, id } : { granted: false, waitMs: Math.max(1, waitMs ?? LEARN_WAIT_MS) };
  }

  async reportBudget(key: string, id: string, report: BudgetReport | undefined): Promise<void> {
    const args = report
      ? [id, '1', report.limit, report.remaining, report.window, Math.max(0, Math.round(report.resetInMs))]
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
