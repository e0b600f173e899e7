/**
 * The BullMQ example (examples/bullmq/): a repeating poll of `newUsers` taken by two workers on one Redis, against
 * the sandbox. Every user created is handed on exactly once, and two polls of one subscription never overlap.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { pollScheduler } from '../../examples/bullmq/poll-scheduler.ts';
import { redisMissing, suiteRedis } from '../scale/redis-server.ts';
import { suiteSandbox } from '../support/org.ts';
import { Changes } from '../support/wait.ts';

describe.skipIf(redisMissing())('polling on BullMQ workers', () => {
  const redis = suiteRedis();
  const sandbox = suiteSandbox({ users: 5, seed: 3 });

  it('hands on each new user once, one poll at a time, with the state in Redis', async () => {
    const connector = createConnector();
    const connection = sandbox.connection;
    const seen: string[] = [];
    const changes = new Changes();
    let polling = 0;
    let overlapped = false;
    let polls = 0;
    // Polls of the subscription a worker refused because one was running ('already polling').
    let refused = 0;
    let holding = true;
    const scheduler = pollScheduler({
      redisUrl: redis.url,
      connector,
      connection,
      onRecords: async (_id, records) => {
        polling += 1;
        if (polling > 1) overlapped = true;
        polls += 1;
        for (const record of records) seen.push((record as { id: string }).id);
        // Slower than the schedule: held until the next tick has reached a worker, which would start the same
        // subscription if nothing stopped it (or has: then the overlap is what ends the wait).
        const before = refused;
        changes.changed();
        await changes.until(() => !holding || refused > before || overlapped, 'the next tick refused by a worker');
        polling -= 1;
      },
    });
    // Two processes' worth of workers, and the schedule upserted twice: still one job per tick.
    const workers = [scheduler.worker(), scheduler.worker()];
    for (const worker of workers) {
      worker.on('completed', (_job, result: { skipped?: string }) => {
        if (result?.skipped) refused += 1;
        changes.changed();
      });
    }
    const pollsAfter = (count: number, what: string) => changes.until(() => polls >= count, what);
    try {
      await scheduler.schedule({ id: 'sub-1', trigger: 'newUsers', everyMs: 50 });
      await scheduler.schedule({ id: 'sub-1', trigger: 'newUsers', everyMs: 50 });
      // The first poll sets the baseline.
      await pollsAfter(1, 'the first poll');
      const created: string[] = [];
      for (let n = 0; n < 6; n++) {
        const user = (await connector.runAction('createUser', {
          connection,
          input: { email: `bull${n}@example.com`, firstName: 'Bull', lastName: `User ${n}` },
        })) as { id: string };
        created.push(user.id);
        // Users spread over several polls.
        await pollsAfter(polls + 1, 'a poll after a user was created');
      }
      await changes.until(() => seen.length >= created.length, 'every created user handed on');
      // A few more ticks: nothing is handed on twice.
      await pollsAfter(polls + 3, 'three more polls');
      expect([...seen].sort()).toEqual([...created].sort());
      expect(overlapped).toBe(false);
      expect(await scheduler.queue.getJobSchedulersCount()).toBe(1);
    } finally {
      holding = false;
      changes.changed();
      await Promise.all(workers.map((worker) => worker.close()));
      await scheduler.unschedule('sub-1');
      await scheduler.close();
    }
  }, 40_000);
});
