/**
 * Subscriptions, deliveries and the event stream, with a small webhook trigger of the test's own (the registry's
 * webhook triggers are tested in their own suites): it checks a shared secret and emits one record per event.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from '../../connector.ts';
import { defineWebhookTrigger } from '../../lib/define.ts';
import { createRuntime } from '../../lib/runtime.ts';
import { call, suiteHost } from '../support/host.ts';

const removed: string[] = [];
const echoHook = defineWebhookTrigger({
  key: 'echoHook',
  label: 'Echo hook',
  description: 'A webhook trigger for the host tests.',
  scopes: [],
  operations: [],
  input: z.object({ tag: z.string().default('t') }),
  output: z.object({ n: z.number() }),
  async subscribe({ webhookUrl }) {
    // As Okta does while the real trigger verifies its hook: the host answers before it has the subscription.
    const verification = await call(webhookUrl, 'GET', '', undefined, {
      'x-okta-verification-challenge': 'challenge-1',
    });
    if (verification.text !== '{"verification":"challenge-1"}') throw new Error('verification failed');
    return { hookId: `hook-${removed.length}`, secret: 'hook-secret', webhookUrl, eventTypes: [] };
  },
  async unsubscribe({ subscription }) {
    removed.push(subscription.hookId);
  },
  async handle({ subscription, request }) {
    if (request.headers.authorization !== subscription.secret) return { response: { status: 401 }, records: [] };
    if (request.method === 'GET') return { response: { status: 200, body: { verification: 'ok' } }, records: [] };
    const events = (JSON.parse(String(request.body)) as { events: { n: number }[] }).events;
    return { response: { status: 200 }, records: events };
  },
});

// The test trigger never calls Okta, so the connection only has to be valid; nothing listens on port 9.
const connection = { type: 'apiToken', fields: { domain: 'http://127.0.0.1:9', apiToken: 'unused-token' } };
const connector = createRuntime({ ...registry, triggers: [...registry.triggers, echoHook] });
const host = suiteHost(() => ({ defaultConnection: connection, connector }));

async function firstEvent(response: Response): Promise<string> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('event: record')) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return text;
}

describe('webhook subscriptions', () => {
  it('subscribes, receives deliveries, streams them and unsubscribes', async () => {
    const created = await call<{ id: string; webhookUrl: string; hookId: string }>(
      host.url,
      'POST',
      '/api/triggers/echoHook/subscriptions',
      { input: {} },
    );
    expect(created.status).toBe(201);
    const { id, webhookUrl, hookId } = created.json;
    expect(webhookUrl).toBe(`${host.url}/hooks/${id}`);
    expect(hookId).toMatch(/^hook-/);

    const verification = await call(webhookUrl, 'GET', '', undefined, { authorization: 'hook-secret' });
    expect(verification.json).toEqual({ verification: 'ok' });
    const refused = await call(webhookUrl, 'POST', '', { events: [{ n: 0 }] });
    expect(refused.status).toBe(401);

    const events = await fetch(`${host.url}/api/events`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const streamed = firstEvent(events);
    const delivery = await call(
      webhookUrl,
      'POST',
      '',
      { events: [{ n: 1 }, { n: 2 }] },
      { authorization: 'hook-secret' },
    );
    expect(delivery.status).toBe(200);
    expect(await streamed).toContain(`"subscriptionId":"${id}"`);

    const records = await call(host.url, 'GET', `/api/subscriptions/${id}/records`);
    expect(records.json).toEqual({ records: [{ n: 1 }, { n: 2 }] });

    const deleted = await call(host.url, 'DELETE', `/api/triggers/echoHook/subscriptions/${id}`);
    expect(deleted.status).toBe(204);
    expect(removed).toContain(hookId);
    expect((await call(host.url, 'GET', `/api/subscriptions/${id}/records`)).status).toBe(404);
  });

  it('refuses to subscribe to a trigger that is not there', async () => {
    const response = await call(host.url, 'POST', '/api/triggers/noSuchTrigger/subscriptions');
    expect(response.status).toBe(404);
  });
});
