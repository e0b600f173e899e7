/** Something a suite starts before its first test and closes after its last: a sandbox org, a host, Redis. */
import { afterAll, beforeAll } from 'vitest';

/**
 * Registers the suite's beforeAll/afterAll and returns the resource at once, as a stand-in that forwards to the
 * running one (reads and writes); using it before the suite starts (at module load) fails loudly instead of reading undefined.
 * Resources close in the reverse order of their registration (vitest runs afterAll hooks as a stack): a host
 * registered after its sandbox closes first. `timeoutMs` is the start hook's timeout, for a start slower than the
 * configured hookTimeout (a 100,000-user org).
 */
export function suiteResource<T extends object>(
  what: string,
  start: () => Promise<T>,
  close: (resource: T) => unknown,
  timeoutMs?: number,
): T {
  let running: T | undefined;
  beforeAll(async () => {
    running = await start();
  }, timeoutMs);
  afterAll(async () => {
    if (running) await close(running);
  });
  const started = (property: PropertyKey): T => {
    if (!running) throw new Error(`the suite's ${what} is used (.${String(property)}) before it has started`);
    return running;
  };
  return new Proxy({} as T, {
    get(_, property) {
      const value = Reflect.get(started(property), property);
      return typeof value === 'function' ? value.bind(running) : value;
    },
    set: (_, property, value) => Reflect.set(started(property), property, value),
    has: (_, property) => Reflect.has(started(property), property),
  });
}
