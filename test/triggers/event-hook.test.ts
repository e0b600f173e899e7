/**
 * The `eventHook` trigger end to end over loopback HTTP: the host subscribes through the connector, the sandbox
 * creates, verifies and calls the hook, and the host keeps what the trigger emits.
 */
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHost } from '../../host/server.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { deliver, hookSecret, hostCall, type Json, useHostAndSandbox } from './harness.ts';

const t = useHostAndSandbox({ users: 20, seed: 11 });
const sample = readFileSync(new URL('./fixtures/okta-sample-delivery.json', import.meta.url), 'utf8');

async function subscribe(input: unknown, host = t.host): Promise<{ id: string; webhookUrl: string; hookId: string }> {
  const { status, json } = await hostCall(host, 'POST', '/api/triggers/eventHook/subscriptions', { input });
  expect(status, JSON.stringify(json)).toBe(201);
  return json;
}

async function records(id: string, host = t.host): Promise<Json[]> {
  const { status, json } = await hostCall(host, 'GET', `/api/subscriptions/${id}/records`);
  expect(status).toBe(200);
  return json.records;
}

async function createUser(login: string): Promise<string> {
  const output = (await t.connector.runAction('createUser', {
    connection: t.sandbox.connection,
    input: { login, email: login, firstName: 'Event', lastName: 'Hook', activate: false },
  })) as { id: string };
  return output.id;
}

const settled = () => t.sandbox.org.eventHooks.delivery.settled();

describe('eventHook subscriptions', () => {
  it('creates a hook the sandbox verifies, and removes it on unsubscribe', async () => {
    const { id, webhookUrl, hookId } = await subscribe({ eventTypes: ['user.lifecycle.create'] });
    expect(webhookUrl).toBe(`${t.host.url}/hooks/${id}`);
    const hook = t.sandbox.org.eventHooks.get(hookId);
    expect(hook).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED' });
    expect(hook.channel.config.uri).toBe(webhookUrl);
    expect(hook.events.items).toEqual(['user.lifecycle.create']);
    // A random secret per subscription, long enough not to be guessed.
    expect(hookSecret(t.sandbox, hookId)).toMatch(/^[\w-]{43}$/);

    const removed = await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`);
    expect(removed.status).toBe(204);
    expect(t.sandbox.org.eventHooks.list().some((h) => h.id === hookId)).toBe(false);
  });

  it('brings a user created in the org to the flow as one record', async () => {
    const { id } = await subscribe({ eventTypes: ['user.lifecycle.create'] });
    const userId = await createUser('reaches.the.flow@example.com');
    await settled();
    const delivered = await records(id);
    expect(delivered).toHaveLength(1);
    expect(delivered[0]).toMatchObject({ eventType: 'user.lifecycle.create', userId });
    expect(delivered[0].id).toBe(delivered[0].event.uuid);
    await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`);
  });

  it('passes the filters and extra headers to Okta', async () => {
    const { id, hookId } = await subscribe({
      eventTypes: ['group.user_membership.add'],
      filters: [{ eventType: 'group.user_membership.add', expression: "event.target.?[type eq 'UserGroup'].size()>0" }],
      headers: [{ key: 'X-Flow', value: 'onboarding' }],
    });
    const hook = t.sandbox.org.eventHooks.get(hookId);
    expect(hook.events.filter?.eventFilterMap[0]?.event).toBe('group.user_membership.add');
    expect(hook.channel.config.headers).toEqual([{ key: 'X-Flow', value: 'onboarding' }]);
    await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`);
  });

  it('refuses bad input before calling Okta', async () => {
    const before = t.sandbox.stats.requests;
    const { status, json } = await hostCall(t.host, 'POST', '/api/triggers/eventHook/subscriptions', {
      input: {
        eventTypes: ['user.lifecycle.create', 'event_hook.delivery'],
        headers: [{ key: 'Authorization', value: 'x' }],
      },
    });
    expect(status).toBe(400);
    expect(json.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['eventTypes.1', 'headers.0.key']);
    expect(t.sandbox.stats.requests).toBe(before);
  });

  it('refuses clearly when the org already has its 25 active hooks', async () => {
    const created = Array.from({ length: 25 }, (_, n) =>
      t.sandbox.org.eventHooks.create({
        name: `someone else's ${n}`,
        events: { type: 'EVENT_TYPE', items: ['user.lifecycle.create'] },
        channel: { type: 'HTTP', version: '1.0.0', config: { uri: 'https://elsewhere.example.com/hook' } },
      }),
    );
    const { status, json } = await hostCall(t.host, 'POST', '/api/triggers/eventHook/subscriptions', {
      input: { eventTypes: ['user.lifecycle.create'] },
    });
    expect(status).toBe(502);
    expect(json.error.code).toBe('EVENT_HOOK_LIMIT');
    expect(json.error.message).toContain('25');
    for (const hook of created) {
      t.sandbox.org.eventHooks.deactivate(hook.id);
      t.sandbox.org.eventHooks.delete(hook.id);
    }
  });

  it('removes only the hook it created', async () => {
    const { id, hookId } = await subscribe({ eventTypes: ['user.lifecycle.create'] });
    // Someone points the hook elsewhere: it is no longer this subscription's.
    const hook = t.sandbox.org.eventHooks.get(hookId);
    t.sandbox.org.eventHooks.replace(hookId, {
      ...hook,
      channel: { ...hook.channel, config: { ...hook.channel.config, uri: 'https://elsewhere.example.com/x' } },
    });
    expect((await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`)).status).toBe(204);
    expect(t.sandbox.org.eventHooks.get(hookId).status).toBe('ACTIVE');
    t.sandbox.org.eventHooks.deactivate(hookId);
    t.sandbox.org.eventHooks.delete(hookId);
  });

  it('refuses a stored hook id that is not one path segment, before any request', async () => {
    const before = t.sandbox.stats.requests;
    for (const hookId of ['..', '.', '', 'who1/../../users', 'who%2e%2e']) {
      const error = await t.connector
        .unsubscribe('eventHook', {
          connection: t.sandbox.connection,
          subscription: { hookId, secret: 's', webhookUrl: `${t.host.url}/hooks/x`, eventTypes: [] },
        })
        .catch((e: unknown) => e);
      expect(isConnectorError(error) && error.kind, hookId).toBe('validation');
    }
    expect(t.sandbox.stats.requests).toBe(before);
  });

  it('says a real org needs a public https URL, without calling it', async () => {
    const error = await t.connector
      .subscribe('eventHook', {
        connection: { type: 'apiToken', fields: { domain: 'acme.okta.com', apiToken: 'never-used' } },
        input: { eventTypes: ['user.lifecycle.create'] },
        webhookUrl: 'http://127.0.0.1:8787/hooks/abc',
      })
      .catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe('WEBHOOK_URL_NOT_HTTPS');
    expect((error as Error).message).toContain('PUBLIC_URL');
  });
});

describe('eventHook deliveries', () => {
  it('emits nothing for a forged, wrongly signed, malformed or replayed delivery', async () => {
    const { id, webhookUrl, hookId } = await subscribe({ eventTypes: ['user.lifecycle.create'] });
    await createUser('once@example.com');
    await settled();
    expect(await records(id)).toHaveLength(1);
    const secret = hookSecret(t.sandbox, hookId);
    const event = (await records(id))[0].event;
    const body = JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [event] } });

    expect((await deliver(webhookUrl, body)).status).toBe(401);
    expect((await deliver(webhookUrl, body, `${secret}x`)).status).toBe(401);
    expect((await deliver(webhookUrl, body, `Bearer ${secret}`)).status).toBe(401);
    expect((await deliver(webhookUrl, '{"eventType":"com.okta.event_hook","data":', secret)).status).toBe(400);
    expect(
      (await deliver(webhookUrl, '{"eventType":"com.okta.event_hook","data":{"events":[{}]}}', secret)).status,
    ).toBe(400);
    // The same event again (Okta's retry, or a replay): acknowledged, not emitted twice.
    expect((await deliver(webhookUrl, body, secret)).status).toBe(200);
    expect(await records(id)).toHaveLength(1);
    await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`);
  });

  it('refuses an oversized delivery with 413', async () => {
    const { id, webhookUrl, hookId } = await subscribe({ eventTypes: ['user.lifecycle.create'] });
    const huge = JSON.stringify({ eventType: 'com.okta.event_hook', data: { events: [], pad: 'x'.repeat(5 << 20) } });
    expect((await deliver(webhookUrl, huge, hookSecret(t.sandbox, hookId))).status).toBe(413);
    await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`);
  });

  it('accepts Okta’s documented sample delivery with the right secret', async () => {
    const { id, webhookUrl, hookId } = await subscribe({ eventTypes: ['user.session.start'] });
    const response = await deliver(webhookUrl, sample, hookSecret(t.sandbox, hookId));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(await records(id)).toEqual([
      expect.objectContaining({
        id: 'f790999f-fe87-467a-9880-6982a583986c',
        eventType: 'user.session.start',
        published: '2018-03-28T22:23:07.777Z',
        actorId: '00u1qw6mqitPHM8AJ0g7',
        userId: '00u1qw6mqitPHM8AJ0g7',
      }),
    ]);
    await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`);
  });

  it('ignores event types it did not subscribe to', async () => {
    const { id, webhookUrl, hookId } = await subscribe({ eventTypes: ['user.lifecycle.create'] });
    expect((await deliver(webhookUrl, sample, hookSecret(t.sandbox, hookId))).status).toBe(200);
    expect(await records(id)).toEqual([]);
    await hostCall(t.host, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`);
  });
});

describe('subscriptions across a host restart', () => {
  it('are kept in a file and keep receiving deliveries', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'okta-subs-')), 'subscriptions.json');
    const options = { defaultConnection: t.sandbox.connection, connector: t.connector, subscriptionsFile: file };
    const first = await startHost({ ...options, port: 0 });
    const port = Number(new URL(first.url).port);
    const { id, hookId } = await subscribe({ eventTypes: ['user.lifecycle.create'] }, first);
    await first.close();
    // The hook stays: the host is coming back. The file holds the secret, so only its owner may read it.
    expect(t.sandbox.org.eventHooks.get(hookId).status).toBe('ACTIVE');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).not.toContain(t.sandbox.apiToken);

    const second = await startHost({ ...options, port });
    try {
      const userId = await createUser('after.restart@example.com');
      await settled();
      expect(await records(id, second)).toEqual([expect.objectContaining({ userId })]);
      expect((await hostCall(second, 'DELETE', `/api/triggers/eventHook/subscriptions/${id}`)).status).toBe(204);
      expect(t.sandbox.org.eventHooks.list().some((h) => h.id === hookId)).toBe(false);
    } finally {
      await second.close();
    }
  });
});
