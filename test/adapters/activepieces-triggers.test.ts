/**
 * The built piece's triggers against the sandbox over loopback HTTP, through the hooks Activepieces calls: the webhook
 * trigger's onEnable (the sandbox's Okta verifies the hook through the trigger's webhook URL, answered by
 * onHandshake on a loopback route standing in for Activepieces' webhook route), run on Okta's documented sample
 * delivery and on a forged one, onDisable; the polling trigger's onEnable, run twice with a user created in between,
 * and test. Each trigger's context.store is kept between hooks as Activepieces keeps it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deliver, hookSecret } from '../triggers/harness.ts';
import { memoryStore, useSandboxAndPiece, webhookRoute } from './activepieces-harness.ts';
import { createUserInOrg } from './okta-api.ts';

const sample = readFileSync(new URL('../triggers/fixtures/okta-sample-delivery.json', import.meta.url), 'utf8');

const t = useSandboxAndPiece({ users: 30, seed: 27, eventHookTimeoutMs: 2_000 });

function trigger(name: string) {
  const found = t.piece.getTrigger(name);
  if (!found) throw new Error(`no trigger ${name}`);
  return found;
}

describe('the webhook trigger in Activepieces', () => {
  // Catches: a hook never verified (their Okta piece's bug), a forged delivery starting a flow, a hook left behind.
  it('is enabled as a verified hook to its webhook URL, answers the handshake, gives one record per event, none for a forged delivery, and is gone when disabled', async () => {
    const hook = trigger('eventHook');
    const store = memoryStore();
    const propsValue = { eventTypes: ['user.session.start', 'user.lifecycle.create'] };
    let url = '';
    const context = (payload?: unknown) => ({ auth: t.auth, propsValue, store, webhookUrl: url, payload });
    const route = await webhookRoute(hook, context);
    url = route.url;
    try {
      // Okta's verification GET reaches the route (and onHandshake) while onEnable waits for it.
      await hook.onEnable(context() as never);
      const subscription = (await store.get('okta-subscription')) as { hookId: string; webhookUrl: string };
      expect(subscription.webhookUrl).toBe(url);
      expect(t.sandbox.org.eventHooks.get(subscription.hookId)).toMatchObject({
        status: 'ACTIVE',
        verificationStatus: 'VERIFIED',
      });
      expect(t.sandbox.org.eventHooks.get(subscription.hookId).channel.config.uri).toBe(url);

      // The handshake as Okta asks it.
      const verification = await fetch(url, { headers: { 'x-okta-verification-challenge': 'challenge-123' } });
      expect(verification.status).toBe(200);
      expect(await verification.json()).toEqual({ verification: 'challenge-123' });
      expect(route.runs).toHaveLength(0);

      // Okta's documented sample delivery, with the hook's secret: one record for its one event.
      await deliver(url, sample, hookSecret(t.sandbox, subscription.hookId));
      expect(route.runs).toHaveLength(1);
      expect(route.runs[0]).toHaveLength(1);
      expect(route.runs[0]?.[0]).toMatchObject({ eventType: 'user.session.start' });

      // Forged (a wrong or no secret) and replayed deliveries give nothing.
      await deliver(url, sample, 'not-the-secret');
      await deliver(url, sample);
      await deliver(url, sample, hookSecret(t.sandbox, subscription.hookId));
      expect(route.runs.slice(1)).toEqual([[], [], []]);

      // A user created in the org: Okta (the sandbox) delivers its event through the hook, one record.
      const { id } = await createUserInOrg(t.sandbox, 'pieces.hooked@example.com');
      await t.sandbox.org.eventHooks.delivery.settled();
      expect(route.runs).toHaveLength(5);
      expect((route.runs[4] as { eventType: string }[]).map((record) => record.eventType)).toEqual([
        'user.lifecycle.create',
      ]);
      expect(JSON.stringify(route.runs[4])).toContain(id);

      await hook.onDisable(context() as never);
      expect(t.sandbox.org.eventHooks.list().some((candidate) => candidate.id === subscription.hookId)).toBe(false);
      expect(await store.get('okta-subscription')).toBeNull();
    } finally {
      await route.close();
    }
  });
});

describe('the polling trigger in Activepieces', () => {
  // Catches state not kept in context.store (the user given again, or never), and a baseline that emits old users.
  it('gives a user created between two runs once, with its state in context.store', async () => {
    const poller = trigger('newUsers');
    const store = memoryStore();
    const context = () => ({ auth: t.auth, propsValue: {}, store });
    await poller.onEnable(context() as never);
    expect(await poller.run(context() as never)).toEqual([]);

    const { id } = await createUserInOrg(t.sandbox, 'pieces.polled@example.com');
    const second = (await poller.run(context() as never)) as { id: string }[];
    expect(second.map((record) => record.id)).toEqual([id]);
    expect(await poller.run(context() as never)).toEqual([]);

    // test gives sample records (recent users) without moving the stored state.
    const before = store.values.get('okta-poll-state');
    const samples = (await poller.test(context() as never)) as { id: string }[];
    expect(samples.map((record) => record.id)).toContain(id);
    expect(store.values.get('okta-poll-state')).toBe(before);

    await poller.onDisable(context() as never);
    expect(await store.get('okta-poll-state')).toBeNull();
  });

  // Catches the polling side of an event card missing or running as a webhook.
  it('offers an event card as polling under <key>Polling, giving the created user once', async () => {
    const poller = trigger('userCreatedPolling');
    const store = memoryStore();
    const context = () => ({ auth: t.auth, propsValue: {}, store });
    await poller.onEnable(context() as never);
    const { id } = await createUserInOrg(t.sandbox, 'pieces.card@example.com');
    const records = (await poller.run(context() as never)) as unknown[];
    expect(records).toHaveLength(1);
    expect(JSON.stringify(records[0])).toContain(id);
    expect(await poller.run(context() as never)).toEqual([]);
  });
});
