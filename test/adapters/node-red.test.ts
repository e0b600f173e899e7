/**
 * The built Node-RED package in Node-RED 4's runtime (node-red-node-test-helper), against the sandbox over loopback
 * HTTP: flows of connection, action, core and helper nodes; the admin routes the editor calls; the triggers.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deliver, hookSecret } from '../triggers/harness.ts';
import { catchNode, changeNode, collect, statusOf, useNodeRedAndSandbox } from './node-red-harness.ts';
import { createUserInOrg, okta } from './okta-api.ts';

const sample = readFileSync(new URL('../triggers/fixtures/okta-sample-delivery.json', import.meta.url), 'utf8');

const t = useNodeRedAndSandbox({ users: 30, seed: 25, eventHookTimeoutMs: 2_000 });

describe('okta-action in Node-RED', () => {
  it('creates a user from msg.payload, adds it to a group picked through the admin options route, reads it back', async () => {
    // A group of the org, found as the editor's picker finds it: part of its name typed into the search.
    const [group] = (await okta(t.sandbox, '/api/v1/groups?limit=1&filter=type eq "OKTA_GROUP"')) as {
      id: string;
      profile: { name: string };
    }[];
    const flow = [
      { id: 'create', type: 'okta-action', connection: 'conn', action: 'createUser', fields: {}, wires: [['ids']] },
      {
        id: 'ids',
        type: 'change',
        rules: [{ t: 'set', p: 'payload', pt: 'msg', to: '{"userId": payload.id}', tot: 'jsonata' }],
        wires: [['add']],
      },
      // groupId set in the dialog (from the picker); userId left empty: taken from msg.payload.userId.
      { id: 'add', type: 'okta-action', connection: 'conn', action: 'addUserToGroup', fields: {}, wires: [['read']] },
      { id: 'read', type: 'okta-action', connection: 'conn', action: 'getUser', fields: {}, wires: [['out']] },
      { id: 'out', type: 'helper' },
    ];
    await t.load(flow, [changeNode()]);

    const search = group!.profile.name.slice(0, 4);
    const answer = await t.helper
      .request()
      .get(`/okta-connector/conn/options/selectGroup?search=${encodeURIComponent(search)}`)
      .expect(200);
    const option = answer.body.options.find((candidate: { label: string }) =>
      candidate.label.startsWith(group!.profile.name),
    );
    expect(option?.value, JSON.stringify(answer.body)).toBe(group!.id);
    // Catches the search not reaching Okta (the route would answer the first page, where this group also is).
    const labels = answer.body.options.map((candidate: { label: string }) => candidate.label.toLowerCase());
    expect(
      labels.every((label: string) => label.startsWith(search.toLowerCase())),
      labels.join(', '),
    ).toBe(true);
    const unsearched = await t.helper.request().get('/okta-connector/conn/options/selectGroup').expect(200);
    expect(unsearched.body.options.length).toBeGreaterThan(labels.length);
    // What the dialog saves once the group is picked (nodes read their config at deploy: reload with it).
    (flow[2] as { fields: Record<string, string> }).fields = { groupId: option.value };
    await t.unload();
    await t.load(flow, [changeNode()]);

    const out = collect(t.helper.getNode('out'));
    const login = 'node-red.created@example.com';
    t.helper.getNode('create').receive({ payload: { firstName: 'Ada', lastName: 'Red', email: login, login } });
    const [read] = await out.until(1);
    expect(read.payload).toMatchObject({ profile: { login } });
    const members = (await okta(t.sandbox, `/api/v1/groups/${group!.id}/users`)) as { id: string }[];
    expect(members.map((member) => member.id)).toContain(read.payload.id);
    expect(await statusOf(t.helper.getNode('read'), (status) => status.text === 'ok')).toMatchObject({ fill: 'green' });
    await t.unload();
  });

  it("hands an Okta error to a Catch node with our code, kind and Okta's error code (no stack), and shows the code", async () => {
    await t.load(
      [
        {
          id: 'read',
          type: 'okta-action',
          connection: 'conn',
          action: 'getUser',
          fields: { userId: 'nobody.at.all@example.com' },
          wires: [['out']],
        },
        { id: 'out', type: 'helper' },
        { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', type: 'helper' },
      ],
      [catchNode()],
    );
    const caught = collect(t.helper.getNode('caught'));
    const out = collect(t.helper.getNode('out'));
    t.helper.getNode('read').receive({ payload: {} });
    const [msg] = await caught.until(1);
    expect(msg.error).toMatchObject({
      code: 'OKTA_NOT_FOUND',
      source: { id: 'read', type: 'okta-action' },
      cause: { kind: 'okta', status: 404, oktaErrorCode: 'E0000007' },
    });
    expect(msg.error.message).toContain('OKTA_NOT_FOUND');
    expect(msg.error.stack).toBeUndefined();
    expect(JSON.stringify(msg.error)).not.toContain(t.sandbox.connection.fields.apiToken);
    expect(out.messages).toEqual([]);
    expect(await statusOf(t.helper.getNode('read'), (status) => status.text === 'OKTA_NOT_FOUND')).toMatchObject({
      fill: 'red',
    });
    await t.unload();
  });

  it('answers a missing connection node with MISSING_CONNECTION (no request made)', async () => {
    await t.load(
      [
        { id: 'read', type: 'okta-action', connection: '', action: 'getUser', fields: { userId: 'x' }, wires: [[]] },
        { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', type: 'helper' },
      ],
      [catchNode()],
    );
    const caught = collect(t.helper.getNode('caught'));
    t.helper.getNode('read').receive({ payload: {} });
    const [msg] = await caught.until(1);
    expect(msg.error.code).toBe('MISSING_CONNECTION');
    await t.unload();
  });
});

describe('the admin routes', () => {
  it('serves the catalogue: actions by area with their fields, triggers by delivery, connection types', async () => {
    await t.load([]);
    const { body } = await t.helper.request().get('/okta-connector/catalogue').expect(200);
    const users = body.areas.find((area: { area: string }) => area.area === 'users');
    const createUser = users.actions.find((action: { key: string }) => action.key === 'createUser');
    expect(
      createUser.fields.filter((field: { required: boolean }) => field.required).map((f: { name: string }) => f.name),
    ).toEqual(['firstName', 'lastName', 'email']);
    expect(body.triggers.webhook.map((unit: { key: string }) => unit.key)).toContain('eventHook');
    expect(body.triggers.polling.map((unit: { key: string }) => unit.key)).toContain('newUsers');
    expect(body.connections.map((type: { key: string }) => type.key)).toEqual(['apiToken', 'oauthClientCredentials']);
    await t.unload();
  });

  it('answers an unknown connection node and a bad input with our code, not a stack', async () => {
    await t.load([]);
    const missing = await t.helper.request().get('/okta-connector/nope/options/selectGroup').expect(400);
    expect(missing.body).toMatchObject({ code: 'MISSING_CONNECTION' });
    const unknown = await t.helper.request().get('/okta-connector/conn/options/noSuchPicker').expect(404);
    expect(unknown.body).toMatchObject({ code: 'UNKNOWN_KEY' });
    const bad = await t.helper.request().get('/okta-connector/conn/options/selectGroup?input=%5B1%5D').expect(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT' });
    expect(JSON.stringify(bad.body)).not.toMatch(/at .*\.js:\d+/);
    await t.unload();
  });
  it('fuzz: any search, cursor or input text gets a page or our error with a code, never a 500 or a stack', async () => {
    await t.load([]);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 80 }),
        fc.option(fc.string({ maxLength: 60 }), { nil: undefined }),
        fc.option(fc.oneof(fc.json(), fc.string({ maxLength: 40 })), { nil: undefined }),
        async (search, cursor, input) => {
          const query = new URLSearchParams({ search });
          if (cursor !== undefined) query.set('cursor', cursor);
          if (input !== undefined) query.set('input', input);
          const answer = await t.helper.request().get(`/okta-connector/conn/options/selectGroup?${query}`);
          expect([200, 400, 502], JSON.stringify(answer.body)).toContain(answer.status);
          if (answer.status === 200) expect(Array.isArray(answer.body.options)).toBe(true);
          else expect(answer.body.code).toMatch(/^[A-Z_]+$/);
          expect(JSON.stringify(answer.body)).not.toMatch(/\.(js|ts):\d+/);
        },
      ),
      { numRuns: 40, seed: 25 },
    );
  });
});

describe('okta-trigger in Node-RED', () => {
  it('webhook: creates a verified hook on start, one message per delivered event, none for forged or replayed ones, deletes the hook on stop', async () => {
    await t.load([
      {
        id: 'hook',
        type: 'okta-trigger',
        connection: 'conn',
        event: 'eventHook',
        delivery: 'webhook',
        publicUrl: t.httpNodeUrl,
        fields: { eventTypes: 'user.session.start, user.lifecycle.create' },
        wires: [['out']],
      },
      { id: 'out', type: 'helper' },
    ]);
    const out = collect(t.helper.getNode('out'));
    const status = await statusOf(
      t.helper.getNode('hook'),
      (shown) => ['subscribed', 'error'].includes(shown.text ?? '') || /[A-Z_]{6,}/.test(shown.text ?? ''),
    );
    expect(status.text).toBe('subscribed');
    const url = `${t.httpNodeUrl}/okta-connector/hooks/hook`;
    const hook = t.sandbox.org.eventHooks.list().find((candidate) => candidate.channel.config.uri === url);
    expect(hook).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED' });
    const secret = hookSecret(t.sandbox, hook!.id);
    // Okta's verification, as Okta asks it (the sandbox asked it already while subscribe waited).
    const challenge = await fetch(url, { headers: { 'x-okta-verification-challenge': 'challenge-25' } });
    expect(await challenge.json()).toEqual({ verification: 'challenge-25' });

    // Okta's documented sample delivery with the hook's secret: one message for its one event.
    expect((await deliver(url, sample, secret)).status).toBe(200);
    // Forged (a wrong or no secret) and replayed deliveries: refused, nothing sent.
    expect((await deliver(url, sample, 'not-the-secret')).status).toBe(401);
    expect((await deliver(url, sample)).status).toBe(401);
    await deliver(url, sample, secret);
    // A user created in the org: the sandbox, as Okta, delivers its event.
    const created = await createUserInOrg(t.sandbox, 'red.hooked@example.com');
    await t.sandbox.org.eventHooks.delivery.settled();
    const messages = await out.until(2);
    // Had a forged or replayed delivery sent anything, it would be among these two (messages arrive in order).
    expect(messages.map((msg) => msg.payload.eventType)).toEqual(['user.session.start', 'user.lifecycle.create']);
    expect(JSON.stringify(messages[1].payload)).toContain(created.id);
    expect(messages[0].topic).toBe('eventHook');

    await t.unload();
    expect(t.sandbox.org.eventHooks.list().some((candidate) => candidate.id === hook!.id)).toBe(false);
    // The routes are gone with the node: even Okta's verification (answered without a subscription) finds nothing.
    const verification = await fetch(url, { headers: { 'x-okta-verification-challenge': 'after-stop' } });
    expect(verification.status).toBe(404);
  });

  it('webhook without a public address (no publicUrl, no PUBLIC_URL): INVALID_INPUT naming publicUrl, no hook created', async () => {
    const saved = process.env.PUBLIC_URL;
    delete process.env.PUBLIC_URL;
    const hooksBefore = t.sandbox.org.eventHooks.list().length;
    try {
      await t.load([
        { id: 'hook', type: 'okta-trigger', connection: 'conn', event: 'userCreated', delivery: 'webhook', fields: {} },
      ]);
      const hook = t.helper.getNode('hook');
      expect(await statusOf(hook, (status) => status.text === 'INVALID_INPUT')).toMatchObject({ fill: 'red' });
      // biome-ignore lint/suspicious/noExplicitAny: sinon's spy calls
      const logged = hook.error.getCalls().find((call: any) => call.thisValue === hook)?.args[0];
      expect(logged.message).toContain('Public URL');
      expect(logged.cause.issues).toEqual([expect.objectContaining({ path: 'publicUrl' })]);
      expect(t.sandbox.org.eventHooks.list()).toHaveLength(hooksBefore);
    } finally {
      if (saved !== undefined) process.env.PUBLIC_URL = saved;
    }
  });

  it('polling: a baseline first, then a user created between two polls, once, the state in the node context', async () => {
    await t.load([
      {
        id: 'poll',
        type: 'okta-trigger',
        connection: 'conn',
        event: 'newUsers',
        delivery: 'polling',
        interval: 1,
        fields: {},
        wires: [['out']],
      },
      { id: 'out', type: 'helper' },
    ]);
    const poller = t.helper.getNode('poll');
    const out = collect(t.helper.getNode('out'));
    await statusOf(poller, (status) => status.text?.startsWith('polled 1×') ?? false);
    expect(out.messages).toEqual([]);
    const created = await createUserInOrg(t.sandbox, 'red.polled@example.com');
    const [msg] = await out.until(1);
    expect(msg.payload.id).toBe(created.id);
    const polls = Number(/polled (\d+)×/.exec(poller.status.lastCall?.args[0]?.text ?? '')?.[1] ?? 0);
    // Two more polls after the one that gave it: nothing more.
    await statusOf(poller, (status) => status.text?.startsWith(`polled ${polls + 2}×`) ?? false);
    expect(out.messages.map((message) => message.payload.id)).toEqual([created.id]);
    expect(poller.context().get('state')).toBeDefined();
    await t.unload();
  });
});
