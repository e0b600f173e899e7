/**
 * @module One runtime per process, so the rate budget, sessions and token caches span a builder's executions.
 *
 * With `REDIS_URL` set, the runtime shares its state through Redis as the host does (lib/store/): several builder
 * workers on one org then share one rate budget and webhook dedupe.
 */
import { createConnector } from '../../connector.ts';
import type { Runtime, RuntimeOptions } from '../../lib/runtime.ts';
import { openStateStore } from '../../lib/store/index.ts';

let shared: Promise<Runtime> | undefined;

/** The process's runtime, created on first use. `options` apply to that first creation only. */
export function sharedRuntime(options: Omit<RuntimeOptions, 'store'> = {}): Promise<Runtime> {
  shared ??= (async () => {
    const redisUrl = process.env.REDIS_URL;
    const store = redisUrl?.trim() ? await openStateStore(redisUrl) : undefined;
    return createConnector({ outputCheck: 'warn', ...options, ...(store ? { store } : {}) });
  })();
  // A failed start (Redis unreachable) is tried again on the next call, not remembered.
  shared.catch(() => {
    shared = undefined;
  });
  return shared;
}
