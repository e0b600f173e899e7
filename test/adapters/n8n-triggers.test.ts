/**
 * The built n8n package's triggers in n8n's own contexts, against the sandbox over loopback HTTP: the webhook trigger
 * through HookContext (create, checkExists, delete) and WebhookContext (Okta's verification GET and deliveries, on a
 * loopback route standing in for n8n's webhook server), the polling trigger through PollContext with its static data
 * kept between polls as n8n keeps it (saved, and handed to a new Workflow).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deliver, hookSecret } from '../triggers/harness.ts';
import { hookContext, node, runPoll, useN8nAndSandbox, workflowOf } from './n8n-harness.ts';
import { createUserInOrg } from './okta-api.ts';

const sample = readFileSync(new URL('../triggers/fixtures/okta-sample-delivery.json', import.meta.url), 'utf8');

const t = useN8nAndSandbox({ users: 30, seed: 22, eventHookTimeoutMs: 2_000 });

// biome-ignore lint/suspicious/noExplicitAny: the webhook methods of the loaded node type
const webhookMethods = () => (t.n8n.loaded.nodes.oktaConnectorTrigger as any).webhookMethods.default;

describe('the Okta Connector Trigger (webhook) in n8n', () => {
  it('creates a verified hook to its webhook URL, emits one item per delivered event, none for a forged one, and deletes it', async () => {
    const trigger = node('Okta events', 'oktaConnectorTrigger', {
      event: 'eventHook',
      eventTypes: ['user.session.start', 'user.lifecycle.create'],
    });
    trigger.webhookId = 'b1d0a9a8-5c1e-4d5f-9c61-2f0e6f0d1a21';
    const workflow = workflowOf(t.n8n, [trigger]);
    t.n8n.route = { workflow, node: workflow.getNode('Okta events') };
    const hooks = webhookMethods();
    const url = `${t.n8n.webhookBaseUrl}/${trigger.webhookId}/webhook`;

    expect(await hooks.checkExists.call(hookContext(t.n8n, workflow, 'Okta events'))).toBe(false);
    // Okta's verification GET reaches the node's setup webhook while create waits for it.
    expect(await hooks.create.call(hookContext(t.n8n, workflow, 'Okta events'))).toBe(true);
    const stored = workflow.getStaticData('node', workflow.getNode('Okta events'));
    const hookId = stored.subscription.hookId as string;
    expect(stored.subscription.webhookUrl).toBe(url);
    expect(t.sandbox.org.eventHooks.get(hookId)).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED' });
    expect(t.sandbox.org.eventHooks.get(hookId).channel.config.uri).toBe(url);
    expect(await hooks.checkExists.call(hookContext(t.n8n, workflow, 'Okta events'))).toBe(true);

    // The verification answer, as Okta asks it.
    const verification = await fetch(url, { headers: { 'x-okta-verification-challenge': 'challenge-123' } });
    expect(verification.status).toBe(200);
    expect(await verification.json()).toEqual({ verification: 'challenge-123' });

    // Okta's documented sample delivery, with the hook's secret: one item for its one event.
    const accepted = await deliver(url, sample, hookSecret(t.sandbox, hookId));
    expect(accepted.status).toBe(200);
    expect(t.n8n.emitted).toHaveLength(1);
    expect(t.n8n.emitted[0]?.[0]).toHaveLength(1);
    expect(t.n8n.emitted[0]?.[0]?.[0]?.json).toMatchObject({ eventType: 'user.session.start' });

    // Forged (no or a wrong secret) and replayed deliveries start nothing.
    expect((await deliver(url, sample, 'not-the-secret')).status).toBe(401);
    expect((await deliver(url, sample)).status).toBe(401);
    await deliver(url, sample, hookSecret(t.sandbox, hookId));
    expect(t.n8n.emitted).toHaveLength(1);

    // A user created in the org: Okta (the t.sandbox) delivers its event, one item.
    const login = 'n8n.hooked@example.com';
    const created = await createUserInOrg(t.sandbox, login);
    await t.sandbox.org.eventHooks.delivery.settled();
    expect(t.n8n.emitted).toHaveLength(2);
    expect(t.n8n.emitted[1]?.[0]?.map((item) => item.json.eventType)).toEqual(['user.lifecycle.create']);
    expect(JSON.stringify(t.n8n.emitted[1])).toContain((created as { id: string }).id);

    expect(await hooks.delete.call(hookContext(t.n8n, workflow, 'Okta events'))).toBe(true);
    expect(t.sandbox.org.eventHooks.list().some((hook) => hook.id === hookId)).toBe(false);
    expect(stored.subscription).toBeUndefined();
  });
});

describe('the Okta Connector Poll Trigger in n8n', () => {
  it('sets a baseline on the first poll, then gives a user created in between, once, with state kept in static data', async () => {
    const poller = node('New users', 'oktaConnectorPollTrigger', { event: 'newUsers' });
    let workflow = workflowOf(t.n8n, [poller]);
    expect(await runPoll(t.n8n, workflow, 'New users')).toBeNull();
    // n8n saves the workflow's static data after a poll and loads it with the workflow for the next one.
    const saved = () => JSON.parse(JSON.stringify(workflow.staticData));
    workflow = workflowOf(t.n8n, [poller], saved());

    const login = 'n8n.polled@example.com';
    const { id } = await createUserInOrg(t.sandbox, login);
    const second = await runPoll(t.n8n, workflow, 'New users');
    expect(second?.[0]?.map((item) => item.json.id)).toEqual([id]);

    workflow = workflowOf(t.n8n, [poller], saved());
    expect(await runPoll(t.n8n, workflow, 'New users')).toBeNull();
  });
});
