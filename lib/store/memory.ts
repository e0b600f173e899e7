/**
 * @module The in-memory state store: the default, for one process. Its rate budget grants everything (the
 * process's own RateLimiter, lib/http/rate-limiter.ts, already is the whole budget); its keys expire and are bounded,
 * so a flood of dedupe keys cannot grow the process without end.
 */
import { LRUCache } from 'lru-cache';
import type { BudgetTake, StateStore } from './types.ts';

/** Most keys kept (dedupe keys, tokens, locks); the least recently used go first. */
const MAX_KEYS = 100_000;

export class MemoryStore implements StateStore {
  readonly kind = 'memory' as const;
  readonly shared = false;
  private readonly keys = new LRUCache<string, string>({ max: MAX_KEYS, ttlAutopurge: false });
  private readonly maps = new Map<string, Map<string, string>>();

  connected(): boolean {
    return true;
  }

  async takeBudget(_key: string, id: string): Promise<BudgetTake> {
    return { granted: true, id };
  }

  async reportBudget(): Promise<void> {}

  async claim(key: string, value: string, ttlMs: number): Promise<boolean> {
    if (this.keys.has(key)) return false;
    this.keys.set(key, value, ttlMs > 0 ? { ttl: ttlMs } : {});
    return true;
  }

  async claimAll(keys: string[], ttlMs: number): Promise<boolean[]> {
    const out: boolean[] = [];
    for (const key of keys) out.push(await this.claim(key, '1', ttlMs));
    return out;
  }

  async get(key: string): Promise<string | undefined> {
    return this.keys.get(key);
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.keys.set(key, value, ttlMs ? { ttl: ttlMs } : {});
  }

  async delete(key: string, ifValue?: string): Promise<void> {
    if (ifValue === undefined || this.keys.get(key) === ifValue) this.keys.delete(key);
  }

  async mapSet(map: string, field: string, value: string): Promise<void> {
    const entries = this.maps.get(map) ?? new Map<string, string>();
    this.maps.set(map, entries);
    entries.set(field, value);
  }

  async mapGet(map: string, field: string): Promise<string | undefined> {
    return this.maps.get(map)?.get(field);
  }

  async mapDelete(map: string, field: string): Promise<void> {
    this.maps.get(map)?.delete(field);
  }

  async mapAll(map: string): Promise<Record<string, string>> {
    return Object.fromEntries(this.maps.get(map) ?? []);
  }

  async close(): Promise<void> {}
}
