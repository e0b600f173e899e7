/**
 * Subscriptions, deliveries and the event stream, with a small webhook trigger of the test's own (the registry's
 * webhook triggers are tested in their own suites): it checks a shared secret and emits one record per event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from '../../connector.ts';
import { type RunningHost, startHost } from '../../host/server.ts';
import { defineWebhookTrigger } from '../../lib/define.ts';
import { createRuntime } from '../../lib/runtime.ts';

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
    const verification = await fetch(webhookUrl, { headers: { 'x-okta-verification-challenge': 'challenge-1' } });
    if ((await verification.text()) !== '{"verification":"challenge-1"}') throw new Error('verification failed');
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
let host: RunningHost;

beforeAll(async () => {
  const connector = createRuntime({ ...registry, triggers: [...registry.triggers, echoHook] });
  host = await startHost({ port: 0, defaultConnection: connection, connector });
});
afterAll(async () => {
  await host?.close();
});

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
    const created = await fetch(`${host.url}/api/triggers/echoHook/subscriptions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: {} }),
    });
    expect(created.status).toBe(201);
    const { id, webhookUrl, hookId } = (await created.json()) as { id: string; webhookUrl: string; hookId: string };
    expect(webhookUrl).toBe(`${host.url}/hooks/${id}`);
    expect(hookId).toMatch(/^hook-/);

    const verification = await fetch(webhookUrl, { headers: { authorization: 'hook-secret' } });
    expect(await verification.json()).toEqual({ verification: 'ok' });
    const refused = await fetch(webhookUrl, { method: 'POST', body: '{"events":[{"n":0}]}' });
    expect(refused.status).toBe(401);

    const events = await fetch(`${host.url}/api/events`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const streamed = firstEvent(events);
    const delivery = await fetch(webhookUrl, {
      method: 'POST',
      headers: { authorization: 'hook-secret', 'content-type': 'application/json' },
      body: JSON.stringify({ events: [{ n: 1 }, { n: 2 }] }),
    });
    expect(delivery.status).toBe(200);
    expect(await streamed).toContain(`"subscriptionId":"${id}"`);

    const records = await (await fetch(`${host.url}/api/subscriptions/${id}/records`)).json();
    expect(records).toEqual({ records: [{ n: 1 }, { n: 2 }] });

    const deleted = await fetch(`${host.url}/api/triggers/echoHook/subscriptions/${id}`, { method: 'DELETE' });
    expect(deleted.status).toBe(204);
    expect(removed).toContain(hookId);
    expect((await fetch(`${host.url}/api/subscriptions/${id}/records`)).status).toBe(404);
  });

  it('refuses to subscribe to a trigger that is not there', async () => {
    const response = await fetch(`${host.url}/api/triggers/noSuchTrigger/subscriptions`, { method: 'POST' });
    expect(response.status).toBe(404);
  });
});
