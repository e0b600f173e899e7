/**
 * One connector in a process of its own, as one of several hosts sharing an org's rate budget (issue 27):
 * `node --import tsx scripts/bench/budget-child.ts '{"connection":…,"redisUrl":…}'` prints `{ ready: true }`, then
 * for each line `{ scope, calls, concurrency, userId }` on stdin runs that many getUser calls and prints
 * `{ failed }`. Each scope is a budget of its own (a fresh limiter, and a fresh key in Redis), so no run learns
 * from another. Without `redisUrl` the connector meters the budget alone, as a single host does.
 */
import { createInterface } from 'node:readline';
import { createConnector } from '../../connector.ts';
import { connectRedisStore } from '../../lib/store/redis.ts';

const { connection, redisUrl } = JSON.parse(process.argv[2] ?? '{}');
const store = redisUrl ? await connectRedisStore(redisUrl) : undefined;
console.log(JSON.stringify({ ready: true }));

for await (const line of createInterface({ input: process.stdin })) {
  const { scope, calls, concurrency, userId } = JSON.parse(line);
  const connector = createConnector({
    client: { rateLimitScope: scope, rateLimit: { maxConcurrency: concurrency } },
    ...(store ? { store } : {}),
  });
  let failed = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        await connector.runAction('getUser', { connection, input: { userId } }).catch(() => (failed += 1));
      }
    }),
  );
  console.log(JSON.stringify({ failed }));
}
await store?.close();
