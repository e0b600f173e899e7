/** @module Picks the state store: Redis when a URL is given (`REDIS_URL`), else the in-memory default. */
import { ValidationError } from '../errors.ts';
import { MemoryStore } from './memory.ts';
import type { StateStore } from './types.ts';

export type { StateStore } from './types.ts';
export { MemoryStore };

/**
 * Why `REDIS_URL` is no Redis address, or undefined: `redis://` or `rediss://` with a host, or a Unix socket's
 * absolute path. ioredis would take anything else as a host name (`notaurl` → `redis://notaurl`) and the typo would
 * show as Redis being unreachable (issue 20). The value is never quoted: it may hold a password.
 */
export function redisUrlProblem(url: string): string | undefined {
  if (url.startsWith('/') && !url.startsWith('//')) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'is not a URL: use redis://host:6379 (rediss:// for TLS) or the absolute path of a Unix socket';
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    return `has the scheme "${parsed.protocol}": use redis:// or rediss://`;
  }
  if (!parsed.hostname) return 'names no host: use redis://host:6379';
  return undefined;
}

/** Redis (ioredis is loaded only then) for `redisUrl`, else a new in-memory store. */
export async function openStateStore(redisUrl: string | undefined): Promise<StateStore> {
  const url = redisUrl?.trim();
  if (!url) return new MemoryStore();
  const problem = redisUrlProblem(url);
  if (problem) {
    throw new ValidationError(
      `REDIS_URL ${problem}. Nothing was connected to.`,
      [{ path: 'REDIS_URL', message: problem }],
      {
        code: 'INVALID_SETTING',
      },
    );
  }
  const { connectRedisStore } = await import('./redis.ts');
  return connectRedisStore(url);
}
