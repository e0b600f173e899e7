/**
 * @module Polling triggers on many workers with BullMQ, on the same Redis as the connector's state store (issue 15).
 *
 * Polling is state-in, state-out (`connector.poll` keeps nothing between polls), so a scheduler decides when each
 * subscription is polled and where its state lives. Here:
 * - one BullMQ job scheduler per polling subscription (its id is the subscription's), repeating every `everyMs`:
 *   BullMQ keeps one scheduled job per scheduler id, however many processes upsert it;
 * - any number of workers, in any number of processes, take the jobs; a lock per subscription (`SET NX PX`) makes
 *   sure only one poll of a subscription runs at a time, so two never start from the same state;
 * - the state is kept in Redis (`okc:poll-state:<id>`), written only after the records were handed on: a worker
 *   dying mid-poll makes the next poll read the same records again (at least once), never skip them.
 */
import { randomUUID } from 'node:crypto';
import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { ConnectionInput, Runtime } from '../../connector.ts';

export interface PollSubscription {
  /** Stable and unique: the job scheduler's id, the lock's and the state's key. */
  id: string;
  trigger: string;
  input?: unknown;
  everyMs: number;
}

export interface PollSchedulerOptions {
  redisUrl: string;
  connector: Runtime;
  connection: ConnectionInput;
  /** Told each poll's records, before the state moves past them. */
  onRecords: (subscriptionId: string, records: unknown[]) => Promise<void> | void;
  /** The BullMQ queue's name. */
  queueName?: string;
  /** Jobs this process runs at once (different subscriptions). */
  concurrency?: number;
}

interface PollJob {
  id: string;
  trigger: string;
  input: unknown;
}

/** Longer than any poll should take; a worker that dies holding it delays that subscription this long at most. */
const LOCK_MS = 60_000;

export function pollScheduler(options: PollSchedulerOptions) {
  const queueName = options.queueName ?? 'okta-connector-polls';
  // BullMQ's workers block on Redis: their connection must retry for ever (maxRetriesPerRequest: null).
  const connection = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
  const redis = new Redis(options.redisUrl);
  const queue = new Queue<PollJob>(queueName, { connection });

  async function poll(job: Job<PollJob>): Promise<{ records: number } | { skipped: 'already polling' }> {
    const { id, trigger, input } = job.data;
    const lockKey = `okc:poll-lock:${id}`;
    const owner = randomUUID();
    if ((await redis.set(lockKey, owner, 'PX', LOCK_MS, 'NX')) !== 'OK') return { skipped: 'already polling' };
    try {
      const stateKey = `okc:poll-state:${id}`;
      const saved = await redis.get(stateKey);
      const { records, state } = await options.connector.poll(trigger, {
        connection: options.connection,
        input,
        state: saved ? JSON.parse(saved) : undefined,
      });
      await options.onRecords(id, records);
      await redis.set(stateKey, JSON.stringify(state));
      return { records: records.length };
    } finally {
      // Released only by its owner: a lock that expired and was taken by another worker is not ours to remove.
      await redis.eval(
        "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
        1,
        lockKey,
        owner,
      );
    }
  }

  return {
    queue,
    /** Creates or updates the subscription's schedule; safe to call from every process. */
    async schedule(subscription: PollSubscription): Promise<void> {
      await queue.upsertJobScheduler(
        subscription.id,
        { every: subscription.everyMs },
        {
          name: 'poll',
          data: { id: subscription.id, trigger: subscription.trigger, input: subscription.input ?? {} },
          // A failed poll is tried again at the next tick, from the same state; finished jobs are not kept.
          opts: { removeOnComplete: true, removeOnFail: 100 },
        },
      );
    },
    async unschedule(subscriptionId: string): Promise<void> {
      await queue.removeJobScheduler(subscriptionId);
      await redis.del(`okc:poll-state:${subscriptionId}`);
    },
    /** A worker in this process; start one per process (or several). */
    worker(): Worker<PollJob> {
      return new Worker<PollJob>(queueName, poll, { connection, concurrency: options.concurrency ?? 4 });
    },
    async close(): Promise<void> {
      await queue.close();
      redis.disconnect();
      connection.disconnect();
    },
  };
}
