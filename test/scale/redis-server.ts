/**
 * A throwaway redis-server for tests: loopback, a free port, nothing saved (`--save '' --appendonly no`), in a
 * temporary directory. `.ci/run` installs Debian's redis-server; where it is missing the tests that need it are
 * skipped and say so.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RedisStore } from '../../lib/store/redis.ts';
import { suiteResource } from '../support/suite.ts';
import { guarded, nextEvent } from '../support/wait.ts';

const BINARY = process.env.REDIS_SERVER ?? 'redis-server';

/** Why Redis tests cannot run here (and says so on the console), or undefined when they can. */
export function redisMissing(): string | undefined {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    const missing = `${BINARY} is not installed (apt-get install redis-server; .ci/run does it): Redis tests skipped.`;
    console.warn(missing);
    return missing;
  }
  return undefined;
}

export interface TestRedis {
  url: string;
  port: number;
  /** Stops the server (as if Redis went away); `start` brings it back on the same port, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), 'okc-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const started = spawn(
        BINARY,
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      let output = '';
      const onData = (chunk: Buffer) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) {
          started.stdout?.off('data', onData);
          started.stdout?.resume();
          resolve();
        }
      };
      started.stdout?.on('data', onData);
      started.once('error', reject);
      started.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output.slice(-500)}`)));
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return resolve();
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });

  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    stop,
    start,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The suite's Redis (see suiteResource): register it inside `describe.skipIf(redisMissing())`. */
export function suiteRedis(): TestRedis {
  return suiteResource('Redis', startRedis, (redis) => redis.close());
}

/** Resolves when the store's connection is `connected` (ioredis's 'ready') or lost ('close'), at once if it is. */
export async function whenConnected(store: RedisStore, connected: boolean): Promise<void> {
  if (store.connected() === connected) return;
  await nextEvent(store.redis, connected ? 'ready' : 'close', connected ? 'Redis to be back' : 'Redis to be gone');
}

/** Resolves when Redis expires `key` (its keyspace event: the key's own expiry), at once if it is gone. */
export async function whenExpired(store: RedisStore, key: string): Promise<void> {
  const subscriber = store.redis.duplicate({ enableOfflineQueue: true });
  try {
    await store.redis.config('SET', 'notify-keyspace-events', 'Ex');
    await subscriber.subscribe('__keyevent@0__:expired');
    const expired = new Promise<void>((resolve) => {
      subscriber.on('message', (_channel: string, expiredKey: string) => expiredKey === key && resolve());
    });
    if (await store.redis.exists(key)) await guarded(expired, `Redis to expire ${key}`);
  } finally {
    subscriber.disconnect();
  }
}
