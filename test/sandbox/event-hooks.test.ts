/**
 * The sandbox's event hooks against Okta's documented behaviour (docs/okta.md §4): management rules, the verification
 * challenge, and deliveries with their envelope, headers, timeout and retries. Plain HTTP, no connector code.
 */
import { request } from 'undici';
import { beforeEach, describe, expect, it } from 'vitest';
import { suiteSandbox } from '../support/org.ts';
import { suiteResource } from '../support/suite.ts';
import { okta200, type Receiver, startReceiver } from './receiver.ts';

// A short timeout keeps the timeout cases quick; Okta's is 3 s.
const sandbox = suiteSandbox({ users: 20, seed: 8, eventHookTimeoutMs: 300, rateLimits: { enabled: false } });
const receiver: Receiver = suiteResource('receiver', startReceiver, (r) => r.close());
beforeEach(async () => {
  receiver.received.length = 0;
  receiver.answer = okta200;
  // Each test starts with no hook.
  for (const hook of (await call('GET', '/api/v1/eventHooks')).body as { id: string }[]) {
    await call('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`);
    await call('DELETE', `/api/v1/eventHooks/${hook.id}`);
  }
});

// biome-ignore lint/suspicious/noExplicitAny: the tests read whatever JSON Okta would answer
async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await request(`${sandbox.url}${path}`, {
    method: method as 'GET',
    headers: {
      authorization: `SSWS ${sandbox.apiToken}`,
      accept: 'application/json',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? (method === 'POST' ? '' : undefined) : JSON.stringify(body),
  });
  const text = await response.body.text();
  return { status: response.statusCode, body: text ? JSON.parse(text) : undefined };
}

function hookBody(overrides: Record<string, unknown> = {}, items = ['user.lifecycle.create']) {
  return {
    name: 'Test hook',
    events: { type: 'EVENT_TYPE', items },
    channel: {
      type: 'HTTP',
      version: '1.0.0',
      config: {
        uri: `${receiver.url}/hook`,
        headers: [{ key: 'X-Extra', value: 'yes' }],
        authScheme: { type: 'HEADER', key: 'Authorization', value: 'the-secret' },
      },
    },
    ...overrides,
  };
}

async function verifiedHook(items?: string[]): Promise<string> {
  const created = await call('POST', '/api/v1/eventHooks', hookBody({}, items));
  const verified = await call('POST', `/api/v1/eventHooks/${created.body.id}/lifecycle/verify`);
  expect(verified.body.verificationStatus).toBe('VERIFIED');
  receiver.received.length = 0;
  return created.body.id;
}

function createUser(login: string) {
  return call('POST', '/api/v1/users?activate=false', {
    profile: { login, email: login, firstName: 'Hook', lastName: 'Test' },
  });
}

const deliveries = () => receiver.received.filter((r) => r.method === 'POST');

describe('event hook management', () => {
  it('creates a hook ACTIVE and UNVERIFIED, never answering its secret', async () => {
    const created = await call('POST', '/api/v1/eventHooks', hookBody());
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ status: 'ACTIVE', verificationStatus: 'UNVERIFIED', name: 'Test hook' });
    expect(created.body.id).toMatch(/^who/);
    expect(created.body.channel.config.authScheme).toEqual({ type: 'HEADER', key: 'Authorization' });
    expect(JSON.stringify((await call('GET', '/api/v1/eventHooks')).body)).not.toContain('the-secret');
  });

  it('refuses non-eligible event types, plain http to another host and reserved headers', async () => {
    const wrongType = await call('POST', '/api/v1/eventHooks', hookBody({}, ['event_hook.delivery']));
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.errorCode).toBe('E0000001');
    const plain = hookBody();
    plain.channel.config.uri = 'http://hooks.example.com/x';
    expect((await call('POST', '/api/v1/eventHooks', plain)).status).toBe(400);
    const reserved = hookBody();
    reserved.channel.config.headers = [{ key: 'Accept', value: 'text/plain' }];
    expect((await call('POST', '/api/v1/eventHooks', reserved)).status).toBe(400);
  });

  it('deletes a hook only once it is INACTIVE', async () => {
    const { body: hook } = await call('POST', '/api/v1/eventHooks', hookBody());
    const refused = await call('DELETE', `/api/v1/eventHooks/${hook.id}`);
    expect(refused.status).toBe(400);
    const deactivated = await call('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/deactivate`);
    expect(deactivated.body.status).toBe('INACTIVE');
    expect((await call('DELETE', `/api/v1/eventHooks/${hook.id}`)).status).toBe(204);
    expect((await call('GET', `/api/v1/eventHooks/${hook.id}`)).status).toBe(404);
  });

  it('refuses a 26th active hook', async () => {
    for (let i = 0; i < 25; i += 1) {
      expect((await call('POST', '/api/v1/eventHooks', hookBody({ name: `hook ${i}` }))).status).toBe(200);
    }
    const refused = await call('POST', '/api/v1/eventHooks', hookBody({ name: 'one too many' }));
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body.errorCauses)).toContain('25');
  });

  it('asks for verification again when the channel changes', async () => {
    const id = await verifiedHook();
    const replaced = await call('PUT', `/api/v1/eventHooks/${id}`, {
      ...hookBody(),
      channel: { ...hookBody().channel, config: { ...hookBody().channel.config, uri: `${receiver.url}/other` } },
    });
    expect(replaced.body.verificationStatus).toBe('UNVERIFIED');
  });
});

describe('verification', () => {
  it('sends one GET with the challenge and verifies the hook that echoes it', async () => {
    const { body: hook } = await call('POST', '/api/v1/eventHooks', hookBody());
    const verified = await call('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
    expect(verified.status).toBe(200);
    expect(verified.body.verificationStatus).toBe('VERIFIED');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.method).toBe('GET');
    expect(receiver.received[0]?.headers['x-okta-verification-challenge']).toMatch(/^\w{16,}$/);
  });

  it('answers 400 after a wrong answer and one retry', async () => {
    receiver.answer = () => ({ status: 200, body: { verification: 'something else' } });
    const { body: hook } = await call('POST', '/api/v1/eventHooks', hookBody());
    const failed = await call('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`);
    expect(failed.status).toBe(400);
    expect(failed.body.errorCode).toBe('E0000001');
    expect(receiver.received).toHaveLength(2);
    expect((await call('GET', `/api/v1/eventHooks/${hook.id}`)).body.verificationStatus).toBe('UNVERIFIED');
  });

  it('gives up after a timeout and one retry', async () => {
    receiver.answer = (r) => ({ ...okta200(r), delayMs: 1_000 });
    const { body: hook } = await call('POST', '/api/v1/eventHooks', hookBody());
    expect((await call('POST', `/api/v1/eventHooks/${hook.id}/lifecycle/verify`)).status).toBe(400);
    expect(receiver.received).toHaveLength(2);
  });
});

describe('deliveries', () => {
  it('posts the com.okta.event_hook envelope with the auth and custom headers to a verified hook', async () => {
    const id = await verifiedHook();
    await createUser('delivered@example.com');
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(1);
    const [delivery] = deliveries();
    expect(delivery?.headers.authorization).toBe('the-secret');
    expect(delivery?.headers['x-extra']).toBe('yes');
    expect(delivery?.headers['content-type']).toBe('application/json');
    const body = JSON.parse(delivery?.body ?? '{}');
    expect(body).toMatchObject({
      eventType: 'com.okta.event_hook',
      eventTypeVersion: '1.0',
      cloudEventsVersion: '0.1',
      contentType: 'application/json',
      source: `${sandbox.url}/api/v1/eventHooks/${id}`,
    });
    expect(body.data.events).toHaveLength(1);
    expect(body.data.events[0]).toMatchObject({ eventType: 'user.lifecycle.create' });
    expect(body.data.events[0].target[0].alternateId).toBe('delivered@example.com');
  });

  it('delivers only the subscribed types, and nothing to unverified or inactive hooks', async () => {
    await call('POST', '/api/v1/eventHooks', hookBody({ name: 'unverified' }));
    const id = await verifiedHook(['group.lifecycle.create']);
    await createUser('not-subscribed@example.com');
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(0);
    await call('POST', `/api/v1/eventHooks/${id}/lifecycle/deactivate`);
    await call('POST', '/api/v1/groups', { profile: { name: 'Hooked group while inactive' } });
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(0);
    await call('POST', `/api/v1/eventHooks/${id}/lifecycle/activate`);
    await call('POST', '/api/v1/groups', { profile: { name: 'Hooked group' } });
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(1);
  });

  it('retries once after a 5xx and logs the failure', async () => {
    await verifiedHook();
    receiver.answer = () => ({ status: 503 });
    await createUser('retried@example.com');
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(2);
    expect(deliveries()[0]?.body).toBe(deliveries()[1]?.body);
    const failures = sandbox.org.systemLog.list().filter((s) => s.event.eventType === 'event_hook.delivery');
    expect(failures.at(-1)?.event.outcome).toEqual({ result: 'FAILURE', reason: 'HTTP 503' });
  });

  it('succeeds on the retry after a 5xx', async () => {
    await verifiedHook();
    let calls = 0;
    receiver.answer = () => {
      calls += 1;
      return { status: calls === 1 ? 500 : 200 };
    };
    const before = sandbox.org.systemLog.list().length;
    await createUser('second-try@example.com');
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(2);
    const logged = sandbox.org.systemLog.list().slice(before);
    expect(logged.some((s) => s.event.eventType === 'event_hook.delivery')).toBe(false);
  });

  it('does not retry after a 4xx', async () => {
    await verifiedHook();
    receiver.answer = () => ({ status: 401 });
    await createUser('unauthorised@example.com');
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(1);
  });

  it('retries once after a timeout', async () => {
    await verifiedHook();
    receiver.answer = () => ({ status: 200, delayMs: 1_000 });
    await createUser('slow@example.com');
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(2);
  });

  it('merges events that happen together into one delivery', async () => {
    await verifiedHook(['user.lifecycle.create', 'user.lifecycle.activate']);
    await call('POST', '/api/v1/users?activate=true', {
      profile: { login: 'merged@example.com', email: 'merged@example.com', firstName: 'M', lastName: 'E' },
      credentials: { password: { value: 'Sandbox-Passw0rd!' } },
    });
    await sandbox.org.eventHooks.delivery.settled();
    expect(deliveries()).toHaveLength(1);
    const events = JSON.parse(deliveries()[0]?.body ?? '{}').data.events as { eventType: string }[];
    expect(events.map((e) => e.eventType)).toEqual(['user.lifecycle.create', 'user.lifecycle.activate']);
  });
});
