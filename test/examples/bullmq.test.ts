/**
 * The BullMQ example (examples/bullmq/): a repeating poll of `newUsers` taken by two workers on one Redis, against
 * the sandbox. Every user created is handed on exactly once, and two polls of one subscription never overlap.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { pollScheduler } from '../../examples/bullmq/poll-scheduler.ts';
import { type RunningSandbox, startSandbox } from '../../sandbox/index.ts';
import { redisMissing, startRedis, type TestRedis } from '../scale/redis-server.ts';

const missing = redisMissing();
if (missing) console.warn(missing);

let redis: TestRedis;
let sandbox: RunningSandbox;

beforeAll(async () => {
  if (missing) return;
  redis = await startRedis();
  sandbox = await startSandbox({ users: 5, seed: 3 });
});
afterAll(async () => {
  await sandbox?.close();
  await redis?.close();
});

describe.skipIf(missing)('polling on BullMQ workers', () => {
  it('hands on each new user once, one poll at a time, with the state in Redis', async () => {
    const connector = createConnector();
    const connection = sandbox.connection;
    const seen: string[] = [];
    let polling = 0;
    let overlapped = false;
    let polls = 0;
    const scheduler = pollScheduler({
      redisUrl: redis.url,
      connector,
      connection,
      onRecords: async (_id, records) => {
        polling += 1;
        if (polling > 1) overlapped = true;
        polls += 1;
        for (const record of records) seen.push((record as { id: string }).id);
        // Slower than the schedule: a second worker would start the same subscription if nothing stopped it.
        await new Promise((resolve) => setTimeout(resolve, 80));
        polling -= 1;
      },
    });
    // Two processes' worth of workers, and the schedule upserted twice: still one job per tick.
    const workers = [scheduler.worker(), scheduler.worker()];
    try {
      await scheduler.schedule({ id: 'sub-1', trigger: 'newUsers', everyMs: 50 });
      await scheduler.schedule({ id: 'sub-1', trigger: 'newUsers', everyMs: 50 });
      // The first poll sets the baseline.
      for (let waited = 0; polls === 0 && waited < 10_000; waited += 50) await sleep(50);
      expect(polls).toBeGreaterThan(0);
      const created: string[] = [];
      for (let n = 0; n < 6; n++) {
        const user = (await connector.runAction('createUser', {
          connection,
          input: { email: `bull${n}@example.com`, firstName: 'Bull', lastName: `User ${n}` },
        })) as { id: string };
        created.push(user.id);
        await sleep(30);
      }
      for (let waited = 0; seen.length < created.length && waited < 15_000; waited += 100) await sleep(100);
      // A few more ticks: nothing is handed on twice.
      const after = polls;
      for (let waited = 0; polls < after + 3 && waited < 5_000; waited += 50) await sleep(50);
      expect([...seen].sort()).toEqual([...created].sort());
      expect(overlapped).toBe(false);
      expect(await scheduler.queue.getJobSchedulersCount()).toBe(1);
    } finally {
      await Promise.all(workers.map((worker) => worker.close()));
      await scheduler.unschedule('sub-1');
      await scheduler.close();
    }
  }, 40_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
