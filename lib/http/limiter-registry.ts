/**
 * @module The process's rate limiters (./rate-limiter.ts): one per org and credential, shared by every client built
 * for it, and kept while a client uses it. A client `release`d (the runtime does so when it drops a session) lets go of
 * its share, and the last one out removes the limiter. So the registry is as bounded as the runtime's sessions;
 * `MAX_LIMITERS` also caps it for clients nobody releases (built directly by a host), dropping the oldest first.
 */
import { DEFAULT_RATE_LIMIT_OPTIONS, RateLimiter, type RateLimitOptions } from './rate-limiter.ts';

const limiters = new Map<string, { limiter: RateLimiter; clients: number }>();
const MAX_LIMITERS = 10_000;

/** The limiter of `key` (org, credential and scope), created with `options` by its first client. */
export function acquireLimiter(key: string, options: Partial<RateLimitOptions> | undefined): RateLimiter {
  let entry = limiters.get(key);
  if (!entry) {
    entry = { limiter: new RateLimiter({ ...DEFAULT_RATE_LIMIT_OPTIONS, ...options }), clients: 0 };
    limiters.set(key, entry);
    if (limiters.size > MAX_LIMITERS) limiters.delete(limiters.keys().next().value as string);
  }
  entry.clients += 1;
  return entry.limiter;
}

/** One client of `key` is done with `limiter`; the last one out removes it. */
export function releaseLimiter(key: string, limiter: RateLimiter): void {
  const entry = limiters.get(key);
  // A limiter already dropped by the cap may have been replaced by a newer one: leave that one alone.
  if (!entry || entry.limiter !== limiter) return;
  entry.clients -= 1;
  if (entry.clients <= 0) limiters.delete(key);
}

/** How many rate limiters the process holds (one per org, credential and scope in use). */
export function rateLimiterCount(): number {
  return limiters.size;
}
