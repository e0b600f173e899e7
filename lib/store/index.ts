/** @module Picks the state store: Redis when a URL is given (`REDIS_URL`), else the in-memory default. */
import { MemoryStore } from './memory.ts';
import type { StateStore } from './types.ts';

export type { StateStore } from './types.ts';
export { MemoryStore };

/** Redis (ioredis is loaded only then) for `redisUrl`, else a new in-memory store. */
export async function openStateStore(redisUrl: string | undefined): Promise<StateStore> {
  if (!redisUrl?.trim()) return new MemoryStore();
  const { connectRedisStore } = await import('./redis.ts');
  return connectRedisStore(redisUrl.trim());
}
