/**
 * The event-hook actions and the selectEventHook picklist over real HTTP against the sandbox: a hook is created
 * ACTIVE and UNVERIFIED without its secret ever coming back, verified by a real GET challenge to a local endpoint,
 * changed field by field, and deleted (deactivated first, as Okta deletes only INACTIVE hooks).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { failure, issuePaths, useSandbox } from './harness.ts';

const t = useSandbox({ users: 5, seed: 41 });
const SECRET = 'top-secret-value-1234567890';

interface Hook {
  id: string;
  name: string;
  status: string;
  verificationStatus: string;
  events: { items: string[]; filter?: unknown };
  channel: { config: { uri: string; headers: { key: string; value: string }[]; authScheme?: Record<string, unknown> } };
}

/** An endpoint that answers Okta's verification challenge, as a receiver must (docs/okta.md §4.1). */
let receiver: Server;
let receiverUrl: string;
beforeAll(async () => {
  receiver = createServer((request, response) => {
    const challenge = request.headers['x-okta-verification-challenge'];
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ verification: challenge }));
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/okta/events`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

const create = (name: string, url = receiverUrl, extra: Record<string, unknown> = {}) =>
  t.run<Hook>('createEventHook', {
    name,
    url,
    eventTypes: ['user.lifecycle.create', 'group.user_membership.add'],
    authHeaderValue: SECRET,
    ...extra,
  });

describe('createEventHook', () => {
  it('creates an ACTIVE, UNVERIFIED hook with the given events and headers, never echoing the secret', async () => {
    const hook = await create('HR sync', receiverUrl, {
      headers: [{ key: 'X-Source', value: 'okta' }],
      filters: [
        { eventType: 'group.user_membership.add', expression: "event.target.?[type eq 'UserGroup'].size() > 0" },
      ],
    });
    expect(hook).toMatchObject({
      name: 'HR sync',
      status: 'ACTIVE',
      verificationStatus: 'UNVERIFIED',
      events: { items: ['user.lifecycle.create', 'group.user_membership.add'] },
      channel: { config: { uri: receiverUrl, headers: [{ key: 'X-Source', value: 'okta' }] } },
    });
    expect(hook.channel.config.authScheme).toEqual({ type: 'HEADER', key: 'Authorization' });
    expect(JSON.stringify(hook)).not.toContain(SECRET);
    // The secret reached Okta: the stored hook has it.
    expect(t.sandbox.org.eventHooks.get(hook.id).channel.config.authScheme?.value).toBe(SECRET);
  });

  it('refuses a non-https URL and an event type Okta cannot deliver by hook, before any request', async () => {
    const error = await failure(
      t.run('createEventHook', {
        name: 'x',
        url: 'http://example.com/hook',
        eventTypes: ['user.lifecycle.create', 'not.a.hook.event'],
        authHeaderValue: SECRET,
      }),
    );
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)).toEqual(expect.arrayContaining(['url', 'eventTypes.1']));
    expect(t.sandbox.stats.requestLog).toEqual([]);
  });
});

describe('getEventHook, listEventHooks', () => {
  it('reads a hook and lists it', async () => {
    const hook = await create('Listed hook');
    expect(await t.run<Hook>('getEventHook', { eventHookId: hook.id })).toMatchObject({
      id: hook.id,
      name: 'Listed hook',
    });
    const { items } = await t.run<{ items: Hook[] }>('listEventHooks', {});
    expect(items.map((h) => h.id)).toContain(hook.id);
    expect(JSON.stringify(items)).not.toContain(SECRET);
  });

  it('answers 404 E0000007 for an unknown hook', async () => {
    const error = await failure(t.run('getEventHook', { eventHookId: 'whoNoSuchHook0000000' }));
    expect(error).toMatchObject({ kind: 'okta', status: 404, errorCode: 'E0000007' });
  });

  it('refuses an id that is not one path segment', async () => {
    const error = await failure(t.run('getEventHook', { eventHookId: '..' }));
    expect(error.kind).toBe('validation');
  });
});

describe('lifecycle: verify, deactivate, activate', () => {
  it('verifies by the GET challenge, then deactivates and activates', async () => {
    const hook = await create('Lifecycle hook');
    const verified = await t.run<Hook>('verifyEventHook', { eventHookId: hook.id });
    expect(verified.verificationStatus).toBe('VERIFIED');
    expect((await t.run<Hook>('deactivateEventHook', { eventHookId: hook.id })).status).toBe('INACTIVE');
    expect((await t.run<Hook>('deactivateEventHook', { eventHookId: hook.id })).status).toBe('INACTIVE');
    expect((await t.run<Hook>('activateEventHook', { eventHookId: hook.id })).status).toBe('ACTIVE');
  });

  it('fails verification with 400 E0000001 when the endpoint does not answer the challenge', async () => {
    const hook = await create('Unreachable hook', 'http://127.0.0.1:9/nothing-listens');
    const error = await failure(t.run('verifyEventHook', { eventHookId: hook.id }));
    expect(error).toMatchObject({ kind: 'okta', status: 400, errorCode: 'E0000001' });
    expect(t.sandbox.org.eventHooks.get(hook.id).verificationStatus).toBe('UNVERIFIED');
  });

  it('answers 404 E0000007 when activating an unknown hook', async () => {
    const error = await failure(t.run('activateEventHook', { eventHookId: 'whoNoSuchHook0000000' }));
    expect(error).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });
});

describe('updateEventHook', () => {
  it('changes only the given fields and keeps the rest; a new URL needs verifying again', async () => {
    const hook = await create('Before', receiverUrl, { headers: [{ key: 'X-Keep', value: '1' }] });
    await t.run('verifyEventHook', { eventHookId: hook.id });
    const renamed = await t.run<Hook>('updateEventHook', { eventHookId: hook.id, name: 'After' });
    expect(renamed).toMatchObject({
      name: 'After',
      events: { items: ['user.lifecycle.create', 'group.user_membership.add'] },
      channel: { config: { uri: receiverUrl, headers: [{ key: 'X-Keep', value: '1' }] } },
    });
    const moved = await t.run<Hook>('updateEventHook', {
      eventHookId: hook.id,
      url: `${receiverUrl}/v2`,
      eventTypes: ['user.lifecycle.deactivate'],
      authHeaderValue: 'new-secret-0987654321',
    });
    expect(moved).toMatchObject({ verificationStatus: 'UNVERIFIED', events: { items: ['user.lifecycle.deactivate'] } });
    expect(JSON.stringify(moved)).not.toContain('new-secret');
    expect(t.sandbox.org.eventHooks.get(hook.id).channel.config.authScheme?.value).toBe('new-secret-0987654321');
  });

  it('refuses a run with nothing to change, and answers 404 E0000007 for an unknown hook', async () => {
    const hook = await create('Nothing to change');
    expect((await failure(t.run('updateEventHook', { eventHookId: hook.id }))).kind).toBe('validation');
    const error = await failure(t.run('updateEventHook', { eventHookId: 'whoNoSuchHook0000000', name: 'x' }));
    expect(error).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });
});

describe('deleteEventHook', () => {
  it('Okta refuses to delete an ACTIVE hook; the action deactivates it first', async () => {
    const hook = await create('To delete');
    const refused = await failure(t.run('rawRequest', { method: 'DELETE', path: `/api/v1/eventHooks/${hook.id}` }));
    expect(refused).toMatchObject({ kind: 'okta', status: 400, errorCode: 'E0000001' });
    const deleted = await t.run('deleteEventHook', { eventHookId: hook.id });
    expect(deleted).toEqual({ eventHookId: hook.id, name: 'To delete', url: receiverUrl, deactivated: true });
    expect(t.sandbox.org.eventHooks.list().some((h) => h.id === hook.id)).toBe(false);
    const again = await failure(t.run('deleteEventHook', { eventHookId: hook.id }));
    expect(again).toMatchObject({ status: 404, errorCode: 'E0000007' });
  });

  it('deletes an INACTIVE hook without deactivating it', async () => {
    const hook = await create('Inactive');
    await t.run('deactivateEventHook', { eventHookId: hook.id });
    expect(await t.run('deleteEventHook', { eventHookId: hook.id })).toMatchObject({ deactivated: false });
  });
});

describe('deleteAllEventHooks', () => {
  it('deletes only the hooks calling the given URL, then all of them', async () => {
    const other = `${receiverUrl}/other`;
    const a = await create('A', other);
    const b = await create('B', other);
    await t.run('deactivateEventHook', { eventHookId: b.id });
    const keep = await create('Keep');
    const result = await t.run<{ deleted: { eventHookId: string; deactivated: boolean }[]; count: number }>(
      'deleteAllEventHooks',
      { url: other },
    );
    expect(result.count).toBe(2);
    expect(result.deleted).toEqual([
      expect.objectContaining({ eventHookId: a.id, deactivated: true }),
      expect.objectContaining({ eventHookId: b.id, deactivated: false }),
    ]);
    const left = t.sandbox.org.eventHooks.list().map((h) => h.id);
    expect(left).toContain(keep.id);
    expect(left).not.toContain(a.id);

    const all = await t.run<{ count: number }>('deleteAllEventHooks', {});
    expect(all.count).toBe(left.length);
    expect(t.sandbox.org.eventHooks.list()).toEqual([]);
    expect(await t.run('deleteAllEventHooks', {})).toEqual({ deleted: [], count: 0 });
  });
});

describe('selectEventHook', () => {
  const connector = createConnector({ outputCheck: 'throw' });
  it('lists the hooks labelled with their status, filtered by name or URL, in one unpaged request', async () => {
    const hook = await create('Payroll feed', `${receiverUrl}/payroll`);
    await create('Audit feed');
    const options = (search?: string) =>
      connector.listOptions('selectEventHook', {
        connection: t.sandbox.connection,
        ...(search ? { search } : {}),
      });
    const all = await options();
    expect(all.nextCursor).toBeUndefined();
    expect(all.options.length).toBe(t.sandbox.org.eventHooks.list().length);
    const payroll = await options('payROLL');
    expect(payroll.options).toEqual([
      { value: hook.id, label: 'Payroll feed (active, unverified)', description: `${receiverUrl}/payroll` },
    ]);
    expect((await options('no such hook')).options).toEqual([]);
  });
});
