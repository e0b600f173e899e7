/**
 * The built Prismatic component (dist/adapters/prismatic/, by `npm run build:adapters`) driven through spectral's
 * own test harness (`createHarness` of `@prismatic-io/spectral/dist/testing`: spectral's input cleaners, perform and
 * polling wrappers) against the sandbox org over loopback HTTP.
 *
 * Prismatic's hosted runtime cannot run here, so two of its parts are stood in for, as thinly as possible: the
 * instance deploy and removal call the trigger's converted `webhookCreate`/`webhookDelete` (the harness has no
 * lifecycle method), and a loopback HTTP server plays the flow's webhook URL, handing each request to the trigger's
 * `perform` through the harness as a Prismatic payload (headers, raw body) and answering with its `response`.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { exportJWK, exportPKCS8, generateKeyPair } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type BuiltComponent, loadComponent, requirePrismatic } from '../../adapters/prismatic/surface.ts';
import { buildAuthorizeUrl, createPkce, createState, exchangeCode } from '../../lib/auth/authorization-code.ts';
import { suiteSandbox } from '../support/org.ts';

// biome-ignore lint/suspicious/noExplicitAny: spectral's harness and results, read as the tests need
type Json = any;

const packageDir = resolve(import.meta.dirname, '../../dist/adapters/prismatic');
const sample = readFileSync(resolve(import.meta.dirname, '../triggers/fixtures/okta-sample-delivery.json'), 'utf8');
const FLOW = 'Okta flow';

const testing = requirePrismatic('@prismatic-io/spectral/dist/testing') as Json;

const sandbox = suiteSandbox({ users: 20, seed: 23, eventHookTimeoutMs: 2_000, rateLimits: { enabled: false } });
let component: BuiltComponent & Json;
let harness: Json;
let connection: Json;

beforeAll(() => {
  component = loadComponent(packageDir);
  harness = testing.createHarness(component);
  // A Prismatic connection value of the component's `apiToken` connection, as spectral's testing module makes one.
  connection = testing.createConnection({ key: 'apiToken' }, sandbox.connection.fields);
});

/** The context Prismatic gives a step of the flow: its instance state and its webhook URL. */
function flowContext(instanceState: Record<string, unknown>, webhookUrl = 'https://hooks.example.com/flow') {
  return {
    instanceState,
    webhookUrls: { [FLOW]: webhookUrl },
    flow: { id: 'flowId', name: FLOW, stableId: 'flowStableId' },
    logger: testing.loggerMock(),
  };
}

async function createUser(login: string): Promise<string> {
  const result = await harness.action('createUser', {
    connection,
    login,
    email: login,
    firstName: 'Prism',
    lastName: 'Atic',
    activate: 'false',
  });
  return result.data.id;
}

describe('actions and data sources', () => {
  it('creates a user, adds it to a group picked from selectGroup searched with part of its name, reads it back', async () => {
    const userId = await createUser('prism.user@example.com');
    const group = await harness.action('createGroup', { connection, name: 'Prismatic Pilots', description: '' });
    // Another group the search must leave out: the search reaches Okta, not a local filter of a first page.
    await harness.action('createGroup', { connection, name: 'Pilots of Prismatic' });

    const picked = await harness.dataSource('selectGroup', { connection, search: 'Prismatic Pil' });
    expect(picked.result).toEqual([{ key: group.data.id, label: expect.stringContaining('Prismatic Pilots') }]);
    // Catches: the search input dropped (every group listed).
    const all = await harness.dataSource('selectGroup', { connection });
    expect(all.result.length).toBeGreaterThan(2);

    const added = await harness.action('addUserToGroup', { connection, groupId: picked.result[0].key, userId });
    expect(added).toHaveProperty('data');
    const read = await harness.action('listUserGroups', { connection, userId });
    expect(read.data.items.map((g: Json) => g.id)).toContain(group.data.id);
    const members = await harness.action('listGroupMembers', { connection, groupId: group.data.id });
    expect(members.data.items.map((u: Json) => u.id)).toEqual([userId]);
  });

  it('answers a dependent picker (a user’s factors) from its parent input, and names that input when it is missing', async () => {
    const userId = sandbox.org.users.list()[1]?.id as string;
    const factor = sandbox.org.factors.enroll(userId, {
      factorType: 'sms',
      provider: 'OKTA',
      profile: { phoneNumber: '+14155550123' },
    });
    const picked = await harness.dataSource('selectUserFactor', { connection, userId });
    expect(picked.result.map((option: Json) => option.key)).toContain(factor.id);
    const failed = await harness.dataSource('selectUserFactor', { connection }).then(
      () => undefined,
      (error: unknown) => error as Json,
    );
    expect(failed).toMatchObject({ kind: 'validation' });
    expect(failed.issues.map((issue: Json) => issue.path)).toContain('userId');
  });

  it('fails the step with Okta’s error code, our code, kind and what to do, and no secret', async () => {
    const failed = await harness.action('getUser', { connection, userId: 'nobody.here@example.com' }).then(
      () => undefined,
      (error: unknown) => error as Json,
    );
    expect(failed).toBeInstanceOf(Error);
    expect(failed).toMatchObject({ code: 'OKTA_NOT_FOUND', kind: 'okta', status: 404, oktaErrorCode: 'E0000007' });
    expect(failed.message).toContain('E0000007');
    expect(failed.message).toContain(failed.whatToDo);
    expect(failed.message).not.toContain(sandbox.connection.fields.apiToken);
  });

  it('refuses bad input naming the field, before calling Okta', async () => {
    const before = sandbox.stats.requests;
    const failed = await harness
      .action('createUser', { connection, email: 'not-an-email', firstName: 'A', lastName: 'B' })
      .then(
        () => undefined,
        (error: unknown) => error as Json,
      );
    expect(failed).toMatchObject({ kind: 'validation' });
    expect(failed.issues.map((issue: Json) => issue.path)).toContain('email');
    expect(sandbox.stats.requests).toBe(before);
  });
});

/** A stand-in for the flow's webhook URL: each request runs the trigger's `perform` through the harness. */
async function flowEndpoint(trigger: string, state: { instanceState: Record<string, unknown> }, params: Json) {
  const runs: Json[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(request.headers).map(([k, v]) => [k, String(v)]));
      const payload = {
        headers,
        rawBody: { data: raw, contentType: headers['content-type'] },
        body: { data: raw.toString('utf8'), contentType: headers['content-type'] },
      };
      try {
        const result = await harness.trigger(trigger, payload, params, flowContext(state.instanceState));
        runs.push(result);
        const answer = result.response;
        response.writeHead(answer.statusCode, { 'content-type': answer.contentType, ...(answer.headers ?? {}) });
        response.end(answer.body ?? '');
      } catch (error) {
        runs.push({ error });
        response.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/flow`;
  return { url, runs, close: () => new Promise((done) => server.close(done)) };
}

async function deliver(url: string, body: string, authorization?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body,
  });
}

describe('webhook trigger', () => {
  it('is registered and verified in the org on deploy, gives one record per event, none for a forgery, and is removed', async () => {
    const trigger = component.triggers.userSignedInAttempt;
    expect(trigger.hasWebhookCreateFunction).toBe(true);
    const params = { connection, since: '', maxRecords: '' };
    const state = { instanceState: {} as Record<string, unknown> };
    const endpoint = await flowEndpoint('userSignedInAttempt', state, params);
    try {
      // Deploy: the hook is created and Okta's verification reaches `perform` before anything is stored.
      const created = await trigger.webhookCreate(flowContext({ ...state.instanceState }, endpoint.url), params);
      state.instanceState = created.instanceState;
      const { hookId } = created.instanceState.oktaSubscription.subscription;
      const hook = sandbox.org.eventHooks.get(hookId);
      expect(hook).toMatchObject({ status: 'ACTIVE', verificationStatus: 'VERIFIED' });
      expect(hook.channel.config.uri).toBe(endpoint.url);
      expect(hook.events.items).toEqual(['user.session.start']);
      expect(endpoint.runs[0].response.statusCode).toBe(200);
      expect(endpoint.runs[0].branch).toBe('No Events');

      // Okta's documented sample delivery, with the hook's secret: one record per event, on the Events branch.
      const secret = hook.channel.config.authScheme?.value as string;
      const events = JSON.parse(sample).data.events as Json[];
      expect((await deliver(endpoint.url, sample, secret)).status).toBe(200);
      const delivered = endpoint.runs.at(-1);
      expect(delivered.branch).toBe('Events');
      expect(delivered.payload.body.data).toHaveLength(events.length);
      expect(delivered.payload.body.data[0]).toMatchObject({ eventType: 'user.session.start', id: events[0].uuid });

      // The same delivery without the secret (a forgery): refused, no record, the flow's steps not run.
      const forged = JSON.stringify({ ...JSON.parse(sample), data: { events: [{ ...events[0], uuid: 'forged-1' }] } });
      expect((await deliver(endpoint.url, forged)).status).toBe(401);
      expect((await deliver(endpoint.url, forged, 'a guess')).status).toBe(401);
      for (const run of endpoint.runs.slice(-2)) {
        expect(run.payload.body.data).toEqual([]);
        expect(run.branch).toBe('No Events');
      }

      // Anything else a caller may send to the flow's URL (fuzzed: headers, bodies, well-formed deliveries with a
      // wrong secret) gives no record, takes the No Events branch and never fails the trigger.
      const delivery = fc.record({
        eventType: fc.constant('com.okta.event_hook'),
        data: fc.record({
          events: fc.array(
            fc.record({ uuid: fc.uuid(), eventType: fc.constant('user.session.start'), published: fc.string() }),
          ),
        }),
      });
      await fc.assert(
        fc.asyncProperty(
          fc.dictionary(fc.constantFrom('authorization', 'content-type', 'x-forwarded-for', 'accept'), fc.string()),
          fc.oneof(
            fc.string(),
            fc.json(),
            delivery.map((body) => JSON.stringify(body)),
          ),
          async (headers, body) => {
            const raw = Buffer.from(body);
            const result = await harness.trigger(
              'userSignedInAttempt',
              { headers, rawBody: { data: raw }, body: { data: body } },
              params,
              flowContext(state.instanceState),
            );
            expect(result.payload.body.data).toEqual([]);
            expect(result.branch).toBe('No Events');
            expect(result.response.statusCode).not.toBe(200);
          },
        ),
        { numRuns: 60 },
      );

      // Removal: the hook is gone from the org, the subscription from the state.
      const deleted = await trigger.webhookDelete(flowContext({ ...state.instanceState }, endpoint.url), params);
      expect(sandbox.org.eventHooks.list().some((h: Json) => h.id === hookId)).toBe(false);
      expect(deleted.instanceState).not.toHaveProperty('oktaSubscription');
    } finally {
      await endpoint.close();
    }
  });
});

describe('polling trigger', () => {
  it('polls twice on one instance state: the user created in between once, then no changes', async () => {
    const instanceState: Record<string, unknown> = {};
    const params = { connection };
    const poll = () => harness.trigger('userCreatedPolling', undefined, params, flowContext(instanceState));

    const first = await poll();
    expect(first.resultType).toBe('polled_no_changes');
    const userId = await createUser('between.polls@example.com');

    const second = await poll();
    expect(second.resultType).toBe('completed');
    expect(second.payload.body.data).toHaveLength(1);
    expect(second.payload.body.data[0]).toMatchObject({ eventType: 'user.lifecycle.create', userId });

    const third = await poll();
    expect(third.resultType).toBe('polled_no_changes');
    expect(third.payload.body.data).toEqual([]);
    // The state lives in Prismatic's polling state of the instance, nowhere else.
    expect(instanceState).toHaveProperty('__prismaticInternal.polling.trigger', 'userCreatedPolling');
  });
});

describe('connections', () => {
  const scopes = ['okta.users.read'];
  const firstUser = () => sandbox.org.users.list()[0]?.id as string;

  it('oauthClientCredentials: the runtime signs the client assertion and the DPoP proofs from the typed fields', async () => {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    const { clientId } = sandbox.oauth.registerServiceApp({ scopes, publicJwks: [await exportJWK(publicKey)] });
    const service = testing.createConnection(
      { key: 'oauthClientCredentials' },
      { domain: sandbox.url, clientId, privateKey: await exportPKCS8(privateKey), keyId: '', scopes: scopes[0] },
    );
    const issued = sandbox.oauth.stats.tokensIssued;
    const read = await harness.action('getUser', { connection: service, userId: firstUser() });
    expect(read.data.id).toBe(firstUser());
    expect(sandbox.oauth.stats.tokensIssued).toBe(issued + 1);
  });

  it('oauth2AuthorizationCode: the access token Prismatic holds reaches Okta; a bad one fails the step', async () => {
    // What Prismatic's OAuth 2.0 service does for the connection (authorization code, PKCE S256), with the
    // connector's own helpers: the access token it then keeps on the connection value.
    const redirectUri = 'https://oauth2.prismatic.io/callback';
    const web = sandbox.oauth.registerWebApp({ redirectUris: [redirectUri], scopes });
    const settings = { domain: sandbox.url, ...web, redirectUri, scopes: scopes.join(' ') };
    const { codeVerifier } = createPkce();
    const authorize = buildAuthorizeUrl(settings, { state: createState(), codeVerifier });
    const back = new URL((await fetch(authorize, { redirect: 'manual' })).headers.get('location') as string);
    const tokens = await exchangeCode(settings, { code: back.searchParams.get('code') as string, codeVerifier });
    const token = { access_token: tokens.accessToken, token_type: 'Bearer', refresh_token: tokens.refreshToken };
    const admin = testing.createConnection({ key: 'oauth2AuthorizationCode' }, { domain: sandbox.url }, token);
    const read = await harness.action('getUser', { connection: admin, userId: firstUser() });
    expect(read.data.id).toBe(firstUser());

    const stale = testing.createConnection(
      { key: 'oauth2AuthorizationCode' },
      { domain: sandbox.url },
      {
        access_token: 'sbx.at.revoked',
        token_type: 'Bearer',
      },
    );
    const failed = await harness.action('getUser', { connection: stale, userId: firstUser() }).then(
      () => undefined,
      (error: unknown) => error as Json,
    );
    expect(failed).toMatchObject({ status: 401 });
    expect(failed.message).not.toContain('sbx.at.revoked');
  });
});

describe('the package', () => {
  it('packs (npm pack) with its bundle, icon and README, and nothing of the source tree', () => {
    const [packed] = JSON.parse(
      execFileSync('npm', ['pack', '--dry-run', '--json'], { cwd: packageDir, encoding: 'utf8', stdio: 'pipe' }),
    );
    expect(packed.files.map((file: Json) => file.path).sort()).toEqual([
      'README.md',
      'dist/data/operation-index.json',
      'dist/icon.png',
      'dist/index.js',
      'package.json',
    ]);
  });

  it('gives each field the input type of its schema, with label, comments, example, default and picker', () => {
    const input = (action: string, key: string) =>
      component.actions[action].inputs.find((candidate: Json) => candidate.key === key);
    expect(input('createUser', 'connection')).toMatchObject({ type: 'connection', required: true });
    expect(input('createUser', 'firstName')).toMatchObject({ type: 'string', required: true, label: 'First name' });
    expect(input('createUser', 'activate')).toMatchObject({ type: 'boolean', default: 'true' });
    expect(input('createUser', 'profile')).toMatchObject({ type: 'code', language: 'json' });
    expect(input('createUser', 'nextLogin')).toMatchObject({ type: 'string', model: [{ value: 'changePassword' }] });
    expect(input('createUser', 'groupIds')).toMatchObject({ collection: 'valuelist', dataSource: 'selectGroup' });
    expect(input('addUserToGroup', 'groupId')).toMatchObject({
      dataSource: 'selectGroup',
      comments: 'Okta group id',
      example: '00g1emaKYZTWRYYRRTSK',
    });
    expect(input('listUsers', 'limit')).toMatchObject({ type: 'string', default: '200' });
  });

  it('names an event card’s polling trigger apart from its webhook trigger', () => {
    expect(component.triggers.userCreated.display.label).toBe('User Created');
    expect(component.triggers.userCreatedPolling.display.label).toBe('User Created (Polling)');
    expect(component.triggers.newUsers.display.label).toBe('New Users');
  });

  it('default-exports the component from main, with its icon, three connections and PKCE S256', () => {
    expect(component.key).toBe('okta-connector');
    expect(
      readFileSync(join(packageDir, 'dist', component.display.iconPath))
        .subarray(1, 4)
        .toString(),
    ).toBe('PNG');
    const connections = Object.fromEntries(component.connections.map((c: Json) => [c.key, c]));
    expect(Object.keys(connections)).toEqual(['apiToken', 'oauthClientCredentials', 'oauth2AuthorizationCode']);
    expect(connections.oauth2AuthorizationCode).toMatchObject({
      oauth2Type: 'authorization_code',
      oauth2PkceMethod: 'S256',
    });
  });
});
