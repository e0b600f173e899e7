/**
 * The 73 event cards: each maps to event types of Okta's catalogue (deliverable by hook when it offers webhook
 * delivery), and a card gives the same records by webhook as by polling.
 */
import { describe, expect, it } from 'vitest';
import catalogue from '../../lib/data/event-types.json' with { type: 'json' };
import { EVENT_CARDS, eventCards } from '../../triggers/event-cards.ts';
import { triggers } from '../../triggers/index.ts';
import { hostCall, type Json, useHostAndSandbox } from './harness.ts';

const types = new Map(catalogue.eventTypes.map((type) => [type.id, type]));

describe('event cards as data', () => {
  it('are the 73 cards of docs/catalog.md, and with the four others every trigger it lists', async () => {
    const catalog = (await import('../../lib/data/catalog-keys.json', { with: { type: 'json' } })).default;
    const keys = catalog.triggers.filter(
      (key) => !['eventHook', 'newSystemLogs', 'newUsers', 'updatedUsers'].includes(key),
    );
    expect(EVENT_CARDS.map((card) => card.key)).toEqual(keys);
    expect(keys).toHaveLength(73);
    expect(new Set(triggers.map((trigger) => trigger.key))).toEqual(new Set(catalog.triggers));
  });

  it('map to event types of Okta’s catalogue, deliverable by hook when webhook delivery is offered', () => {
    for (const trigger of eventCards) {
      const card = EVENT_CARDS.find((c) => c.key === trigger.key);
      expect(card?.eventTypes.length, trigger.key).toBeGreaterThan(0);
      for (const type of card?.eventTypes ?? []) {
        expect(types.has(type), `${trigger.key}: ${type}`).toBe(true);
        if (trigger.kind !== 'polling')
          expect(types.get(type)?.eventHookEligible, `${trigger.key}: ${type}`).toBe(true);
      }
    }
  });
});

const t = useHostAndSandbox({ users: 20, seed: 31 });

describe('a card by webhook and by polling', () => {
  it('gives the same records either way', async () => {
    const since = new Date(t.sandbox.org.now()).toISOString();
    const subscribed = await hostCall(t.host, 'POST', '/api/triggers/userAddedToGroup/subscriptions', {
      input: { delivery: 'webhook' },
    });
    expect(subscribed.status).toBe(201);

    const group = t.sandbox.org.groups.create({ name: 'Card group' });
    for (const user of t.sandbox.org.users.list().slice(0, 4)) t.sandbox.org.groups.addMember(group.id, user.id);
    // Another type of event, which neither delivery may emit.
    t.sandbox.org.groups.removeMember(group.id, t.sandbox.org.users.list()[0]?.id as string);
    await t.sandbox.org.eventHooks.delivery.settled();
    const byWebhook = (await hostCall(t.host, 'GET', `/api/subscriptions/${subscribed.json.id}/records`)).json.records;

    const polled = await hostCall(t.host, 'POST', '/api/triggers/userAddedToGroup/poll', {
      input: { delivery: 'polling', since },
    });
    expect(polled.status).toBe(200);
    const byPolling = polled.json.records as Json[];

    expect(byWebhook).toHaveLength(4);
    expect(byPolling).toEqual(byWebhook);
    expect(byWebhook[0]).toMatchObject({
      eventType: 'group.user_membership.add',
      groupId: group.id,
      userId: t.sandbox.org.users.list()[0]?.id,
    });
    await hostCall(t.host, 'DELETE', `/api/triggers/userAddedToGroup/subscriptions/${subscribed.json.id}`);
  });

  it('refuses to subscribe when set to polling', async () => {
    const { status, json } = await hostCall(t.host, 'POST', '/api/triggers/userCreated/subscriptions', {
      input: { delivery: 'polling' },
    });
    expect(status).toBe(400);
    expect(json.error.details.issues).toEqual([expect.objectContaining({ path: 'delivery' })]);
    expect(t.sandbox.org.eventHooks.list()).toEqual([]);
  });
});
