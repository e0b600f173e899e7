/**
 * Polling through the host (`POST /api/triggers/{key}/poll`) and through the runtime (`runtime.poll`): state in and
 * out, bad input and bad state refused before any request, unknown or non-polling triggers answered clearly.
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 10, seed: 4, rateLimits: { enabled: false } });
const runtime = createConnector({ outputCheck: 'throw' });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection, connector: runtime }));

const poll = (key: string, body: unknown) => call(host.url, 'POST', `/api/triggers/${key}/poll`, body);

function newGroup(name: string) {
  return sandbox.org.groups.create({ name });
}

describe('POST /api/triggers/{key}/poll', () => {
  it('hands the state back and forth: a baseline, then what came after it', async () => {
    const first = await poll('newSystemLogs', { input: { filter: 'eventType eq "group.lifecycle.create"' } });
    expect(first.status).toBe(200);
    expect(first.json.records).toEqual([]);
    const group = newGroup('Polled through the host');
    const second = await poll('newSystemLogs', {
      input: { filter: 'eventType eq "group.lifecycle.create"' },
      state: first.json.state,
    });
    expect(second.status).toBe(200);
    expect(second.json.records).toEqual([
      expect.objectContaining({ eventType: 'group.lifecycle.create', groupId: group.id }),
    ]);
    const third = await poll('newSystemLogs', { input: {}, state: second.json.state });
    expect(third.json.records).toEqual([]);
  });

  it('refuses a bad input or a bad state with 400, naming the field, before any request', async () => {
    const before = sandbox.stats.requests;
    const badInput = await poll('newSystemLogs', { input: { maxRecords: 0, filter: 'published gt "2026-01-01"' } });
    expect(badInput.status).toBe(400);
    expect(badInput.json.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual([
      'filter',
      'maxRecords',
    ]);
    const badState = await poll('newSystemLogs', {
      input: {},
      state: { next: 'https://evil.example.com/x', seen: [] },
    });
    expect(badState.status).toBe(400);
    expect(badState.json.error.message).toContain('state');
    expect(badState.json.error.details.issues.map((i: { path: string }) => i.path)).toEqual(['next']);
    expect(sandbox.stats.requests).toBe(before);
  });

  // Issue 20, item 18: a trigger that exists but is not polled answered UNKNOWN_KEY (404), as if it did not exist.
  it('answers 404 for an unknown trigger, and UNSUPPORTED_DELIVERY (400) naming its calls for one that does not poll', async () => {
    const unknown = await poll('noSuchTrigger', {});
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('UNKNOWN_KEY');
    const webhookOnly = await poll('eventHook', { input: { eventTypes: ['user.lifecycle.create'] } });
    expect(webhookOnly.status).toBe(400);
    expect(webhookOnly.json.error).toMatchObject({
      code: 'UNSUPPORTED_DELIVERY',
      kind: 'validation',
      details: { key: 'eventHook', call: 'poll', supports: ['subscribe', 'unsubscribe', 'handleWebhook'] },
    });
    expect(webhookOnly.json.error.message).toContain('subscribe to it');
  });

  it('answers UNSUPPORTED_DELIVERY (400) to a subscription to a polling-only trigger, naming poll', async () => {
    const { status, json } = await call(host.url, 'POST', '/api/triggers/newUsers/subscriptions', { input: {} });
    expect(status).toBe(400);
    expect(json.error).toMatchObject({
      code: 'UNSUPPORTED_DELIVERY',
      details: { call: 'subscribe', supports: ['poll'] },
    });
  });

  it('polls an event card, whichever delivery it is set to', async () => {
    const since = new Date(sandbox.org.now() - 1).toISOString();
    const group = newGroup('Card polled');
    const { status, json } = await poll('groupCreated', { input: { since } });
    expect(status).toBe(200);
    expect(json.records.map((r: { groupId: string }) => r.groupId)).toContain(group.id);
  });
});

describe('runtime.poll', () => {
  it('takes a missing or null state as the first poll', async () => {
    for (const state of [undefined, null]) {
      const result = await runtime.poll('newUsers', { connection: sandbox.connection, input: {}, state });
      expect(result.records).toEqual([]);
      expect(result.state).toMatchObject({ since: expect.any(String), seen: expect.any(Array) });
    }
  });

  it('emits the users created since its state, each with its stable id', async () => {
    const { state } = await runtime.poll('newUsers', { connection: sandbox.connection, input: {} });
    const login = 'runtime.poll@example.com';
    const user = sandbox.org.users.create(
      { profile: { login, email: login, firstName: 'R', lastName: 'P' } },
      { activate: true },
    );
    const call = { connection: sandbox.connection, input: {}, state };
    const once = await runtime.poll('newUsers', call);
    const again = await runtime.poll('newUsers', call);
    expect(once.records).toEqual([expect.objectContaining({ id: user.id, userId: user.id })]);
    // The same state gives the same records; the new state may differ, since it holds the org's second (its Date).
    expect(again.records).toEqual(once.records);
  });

  it('fails with a ConnectorError, the token redacted, when the connection is refused', async () => {
    const apiToken = 'wrong-token-0123456789';
    const error = await runtime
      .poll('newSystemLogs', { connection: { type: 'apiToken', fields: { domain: sandbox.url, apiToken } }, input: {} })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(isConnectorError(error) && error.kind).toBe('connection');
    expect(JSON.stringify(error)).not.toContain(apiToken);
  });
});
