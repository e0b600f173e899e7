/**
 * A host whose Redis goes away (issue 15): it says so in GET /api/health, keeps serving actions on its local budget,
 * refuses subscription changes with a clear transient error (nothing half written), and is whole again when Redis
 * returns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningHost, startHost } from '../../host/server.ts';
import { connectRedisStore, type RedisStore } from '../../lib/store/redis.ts';
import { type RunningSandbox, startSandbox } from '../../sandbox/index.ts';
import { redisMissing, startRedis, type TestRedis } from './redis-server.ts';

const missing = redisMissing();
if (missing) console.warn(missing);

let redis: TestRedis;
let sandbox: RunningSandbox;
let store: RedisStore;
let host: RunningHost;

beforeAll(async () => {
  if (missing) return;
  redis = await startRedis();
  sandbox = await startSandbox({ users: 5, seed: 7 });
  store = await connectRedisStore(redis.url, { commandTimeoutMs: 300 });
  host = await startHost({ port: 0, defaultConnection: sandbox.connection, stateStore: store });
});
afterAll(async () => {
  await host?.close();
  await store?.close();
  await sandbox?.close();
  await redis?.close();
});

const health = async () => (await fetch(`${host.url}/api/health`)).json();
const subscribe = () =>
  fetch(`${host.url}/api/triggers/userCreated/subscriptions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: {} }),
  });
const getUser = () =>
  fetch(`${host.url}/api/actions/getUser`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ input: { userId: sandbox.org.listUsers()[0]?.id } }),
  });

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition() && waited < 10_000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.skipIf(missing)('a host whose Redis goes away', () => {
  it('serves degraded, refuses subscription writes, and recovers when Redis returns', async () => {
    expect(await health()).toEqual({ status: 'ok', store: { kind: 'redis', connected: true } });
    expect((await getUser()).status).toBe(200);

    await redis.stop();
    await until(() => !store.connected());
    expect(await health()).toEqual({ status: 'degraded', store: { kind: 'redis', connected: false } });
    expect((await getUser()).status).toBe(200);
    const refused = await subscribe();
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('STATE_STORE_UNAVAILABLE');
    // Refused before Okta was asked: no hook left behind.
    expect(sandbox.org.eventHooks.list()).toHaveLength(0);

    await redis.start();
    await until(() => store.connected());
    expect(await health()).toEqual({ status: 'ok', store: { kind: 'redis', connected: true } });
    const created = await subscribe();
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    // Every host finds it in Redis.
    expect(await store.mapGet('subscriptions', id)).toContain('"trigger":"userCreated"');
  }, 30_000);
});
