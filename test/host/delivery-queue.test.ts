/**
 * Webhook acknowledgements (host/delivery-queue.ts): a delivery answered 200 is processed after the answer, and never
 * lost, with the queue busy or its work failing; a delivery that finds the queue full is refused with 503 before it is
 * handled, so that Okta's retry of it is still new. The real eventHook trigger on a sandbox org, over loopback HTTP;
 * every wait is on the emitted record itself, never on a clock.
 */
import { readFileSync } from 'node:fs';
import { Pool } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { type RunningHost, startHost } from '../../host/server.ts';
import { type DeliveredRecord, SubscriptionStore } from '../../host/subscriptions.ts';
import { call } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const sample = JSON.parse(
  readFileSync(new URL('../triggers/fixtures/okta-sample-delivery.json', import.meta.url), 'utf8'),
) as { data: { events: { uuid: string }[] } };

const sandbox = suiteSandbox({ users: 2, seed: 17, eventHookTimeoutMs: 2_000 });

/**
 * A host whose queue holds `maxDeliveries`, subscribed to the sample's event type, and what its store emits, by uuid,
 * to a listener that throws while `failWhile()` holds: the work after the answer fails.
 */
async function hostWithQueue(maxDeliveries: number, maxWaitMs: number, failWhile: () => boolean = () => false) {
  const store = new SubscriptionStore(undefined, undefined, undefined, {
    maxDeliveries,
    maxBytes: 1024 * 1024,
    maxWaitMs,
  });
  const connector = createConnector();
  const host = await startHost({ port: 0, defaultConnection: sandbox.connection, connector, store });
  const created = await call<{ id: string; hookId: string }>(
    host.url,
    'POST',
    '/api/triggers/eventHook/subscriptions',
    {
      input: { eventTypes: ['user.session.start'] },
    },
  );
  expect(created.status).toBe(201);
  const { id, hookId } = created.json;
  const secret = sandbox.org.eventHooks.get(hookId).channel.config.authScheme?.value as string;
  const heard = new Map<string, number>();
  const waiting = new Map<string, () => void>();
  let failed: () => void = () => undefined;
  const failedOnce = new Promise<void>((resolve) => (failed = resolve));
  store.listen((event: DeliveredRecord) => {
    if (failWhile()) {
      failed();
      throw new Error('the work after the answer fails (on purpose)');
    }
    const uuid = (event.record as { id: string }).id;
    heard.set(uuid, (heard.get(uuid) ?? 0) + 1);
    waiting.get(uuid)?.();
  });
  /** Resolves once the record of `uuid` has been emitted. */
  const emitted = (uuid: string) =>
    heard.has(uuid) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(uuid, resolve));
  const records = async () => {
    const answer = await call<{ records: { id: string }[] }>(host.url, 'GET', `/api/subscriptions/${id}/records`);
    return answer.json.records.map((record) => record.id);
  };
  /** One delivery of `uuid`, signed as Okta signs it. */
  const send = (uuid: string) => call(host.url, 'POST', `/hooks/${id}`, delivery(uuid), { authorization: secret });
  return { host, store, path: `/hooks/${id}`, secret, heard, emitted, records, send, failedOnce };
}

function delivery(uuid: string): string {
  const body = structuredClone(sample);
  for (const event of body.data.events) event.uuid = uuid;
  return JSON.stringify(body);
}

let hosts: RunningHost[] = [];
beforeAll(() => sandbox.setRateLimits({ enabled: false }));
afterAll(async () => {
  await Promise.all(hosts.map((host) => host.close()));
  hosts = [];
});

describe('webhook deliveries acknowledged before they are processed', () => {
  it('loses none that were answered 200 while the queue is busy (catches: dropping what does not fit)', async () => {
    const DELIVERIES = 300;
    const t = await hostWithQueue(2, 1);
    hosts.push(t.host);
    const pool = new Pool(t.host.url, { connections: 32 });
    const statuses = new Map<number, number>();
    let most = 0;
    t.store.listen(() => {
      most = Math.max(most, t.store.deliveries.stats().deliveries);
    });
    let next = 0;
    // As Okta does, a delivery not answered 200 is sent again (it retries after a 5xx).
    const sendUntilAccepted = async (uuid: string) => {
      for (;;) {
        const response = await pool.request({
          method: 'POST',
          path: t.path,
          headers: { 'content-type': 'application/json', authorization: t.secret },
          body: delivery(uuid),
        });
        await response.body.dump();
        statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        if (response.statusCode === 200) return;
      }
    };
    const uuids = Array.from({ length: DELIVERIES }, () => crypto.randomUUID());
    await Promise.all(
      Array.from({ length: 32 }, async () => {
        while (next < DELIVERIES) await sendUntilAccepted(uuids[next++] as string);
      }),
    );
    // Every delivery answered 200 is processed once the queue has emptied.
    await t.store.deliveries.settled();
    await pool.close();
    console.info(`delivery-queue: ${DELIVERIES} deliveries into a queue of 2: ${JSON.stringify([...statuses])}`);
    // Each accepted delivery emitted exactly once; nothing else was answered.
    expect([...t.heard.values()].every((count) => count === 1)).toBe(true);
    expect(t.heard.size).toBe(DELIVERIES);
    expect([...statuses.keys()].every((status) => status === 200 || status === 503)).toBe(true);
    expect(statuses.get(200)).toBe(DELIVERIES);
    expect(most).toBeLessThanOrEqual(2);
  }, 120_000);

  it('refuses with 503 before acknowledging when the queue is full, and processes what it acknowledged once its work succeeds (catches: acknowledging what does not fit, deduplicating what was refused, giving up on failed work)', async () => {
    // The work after the answer fails until released: the delivery stays in the queue.
    let failing = true;
    const t = await hostWithQueue(1, 50, () => failing);
    hosts.push(t.host);
    const [first, second] = [crypto.randomUUID(), crypto.randomUUID()];

    expect((await t.send(first)).status).toBe(200);
    await t.failedOnce;
    const refused = await t.send(second);
    expect(refused.status).toBe(503);
    expect(refused.json.error.code).toBe('DELIVERIES_BACKLOGGED');
    // The refused one was not handled at all; the accepted one is kept, its fan-out still pending.
    expect(await t.records()).toEqual([first]);
    expect(t.heard.has(first)).toBe(false);

    failing = false;
    await t.emitted(first);
    // Okta's retry of the refused delivery is new, not a repeat.
    expect((await t.send(second)).status).toBe(200);
    await t.emitted(second);
    expect(await t.records()).toEqual([first, second]);
    expect(Object.fromEntries(t.heard)).toEqual({ [first]: 1, [second]: 1 });
  }, 60_000);

  it('processes what it acknowledged before it closes (catches: closing with deliveries queued)', async () => {
    // The work fails until the host is closing: only a close that waits for the queue sees it done.
    const store = { closing: () => false };
    const t = await hostWithQueue(4, 50, () => !store.closing());
    store.closing = () => t.store.deliveries.stats().closing;
    const uuid = crypto.randomUUID();
    expect((await t.send(uuid)).status).toBe(200);
    await t.failedOnce;
    expect(t.heard.has(uuid)).toBe(false);
    await t.host.close();
    expect(t.heard.get(uuid)).toBe(1);
    expect(t.store.deliveries.stats()).toMatchObject({ deliveries: 0, closing: true });
  }, 60_000);
});
