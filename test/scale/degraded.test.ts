/**
 * A host whose Redis goes away (issue 15): it says so in GET /api/health, keeps serving actions on its local budget,
 * refuses subscription changes with a clear transient error (nothing half written), and is whole again when Redis
 * returns.
 */
import { describe, expect, it } from 'vitest';
import { connectRedisStore } from '../../lib/store/redis.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';
import { suiteResource } from '../support/suite.ts';
import { redisMissing, suiteRedis, whenConnected } from './redis-server.ts';

describe.skipIf(redisMissing())('a host whose Redis goes away', () => {
  const redis = suiteRedis();
  const sandbox = suiteSandbox({ users: 5, seed: 7 });
  const store = suiteResource(
    'Redis store',
    () => connectRedisStore(redis.url, { commandTimeoutMs: 300 }),
    (opened) => opened.close(),
  );
  const host = suiteHost(() => ({ defaultConnection: sandbox.connection, stateStore: store }));

  const health = async () => (await call(host.url, 'GET', '/api/health')).json;
  const subscribe = () => call(host.url, 'POST', '/api/triggers/userCreated/subscriptions', { input: {} });
  const getUser = () =>
    call(host.url, 'POST', '/api/actions/getUser', { input: { userId: sandbox.org.listUsers()[0]?.id } });

  it('serves degraded, refuses subscription writes, and recovers when Redis returns', async () => {
    expect(await health()).toEqual({ status: 'ok', store: { kind: 'redis', connected: true } });
    expect((await getUser()).status).toBe(200);

    await redis.stop();
    await whenConnected(store, false);
    expect(await health()).toEqual({ status: 'degraded', store: { kind: 'redis', connected: false } });
    expect((await getUser()).status).toBe(200);
    const refused = await subscribe();
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('STATE_STORE_UNAVAILABLE');
    // Refused before Okta was asked: no hook left behind.
    expect(sandbox.org.eventHooks.list()).toHaveLength(0);

    await redis.start();
    await whenConnected(store, true);
    expect(await health()).toEqual({ status: 'ok', store: { kind: 'redis', connected: true } });
    const created = await subscribe();
    expect(created.status).toBe(201);
    // Every host finds it in Redis.
    expect(await store.mapGet('subscriptions', created.json.id)).toContain('"trigger":"userCreated"');
  }, 30_000);
});
