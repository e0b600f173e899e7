/**
 * The runtime's own logger, the one actions, triggers and pickers log through (`ctx.log`), tested as a host uses it:
 * a runtime given a `log`, over real HTTP to the sandbox. No real unit logs a credential, so the units here are small
 * ones built with the real define helpers and added to the connector's registry; each logs a line holding a secret
 * after its first request to Okta, as a unit logging what it sent would. Without a logger the runtime logs nowhere,
 * so the test run's secret scan cannot see this path: these tests are what catch a runtime logger that passes lines
 * through unredacted.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import oauthClientCredentials from '../../connections/oauth-client-credentials.ts';
import { registry } from '../../connector.ts';
import {
  defineAction,
  defineDataSource,
  definePollingTrigger,
  defineWebhookTrigger,
  type Logger,
  type Subscription,
} from '../../lib/define.ts';
import type { OktaClient } from '../../lib/http/client.ts';
import { type ConnectionInput, createRuntime, type Registry } from '../../lib/runtime.ts';
import { keyPair, serviceConnection } from '../connections/harness.ts';
import { suiteSandbox } from '../support/org.ts';

/** What the units log, decided by each test: read after the unit's first request, when a token has been issued. */
let secretToLog: () => Promise<string> = async () => '';

async function requestThenLog(okta: OktaClient, signal: AbortSignal, log: Logger, secret?: string): Promise<void> {
  await okta.request({ path: '/api/v1/org', signal });
  const value = secret ?? (await secretToLog());
  log.debug(`debug: sent ${value}`, { value });
  log.info(`info: sent ${value}`, { nested: { list: [value, 'ordinary'] } });
  log.warn(`warn: sent ${value}`);
  if (thenThrow) throw new Error(`failed after sending ${value}`);
}
/** Whether the units fail after logging, with an error that holds the secret too. */
let thenThrow = false;

const scopes = ['okta.orgs.read'];
const logsAction = defineAction({
  key: 'testLogsSecret',
  label: 'Logs a secret',
  description: 'Reads the org and logs a line holding a secret.',
  area: 'org',
  scopes,
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({}),
  output: z.object({}),
  async run({ okta, signal, log }) {
    await requestThenLog(okta, signal, log);
    return {};
  },
});
const logsPolling = definePollingTrigger({
  key: 'testPollLogsSecret',
  label: 'Polls and logs a secret',
  description: 'Reads the org and logs a line holding a secret.',
  scopes,
  input: z.object({}),
  output: z.object({ id: z.string() }),
  state: z.object({}),
  async poll({ okta, signal, log }) {
    await requestThenLog(okta, signal, log);
    return { records: [], state: {} };
  },
});
const logsWebhook = defineWebhookTrigger({
  key: 'testHookLogsSecret',
  label: 'Unsubscribes and logs the subscription secret',
  description: 'Reads the org on unsubscribe and logs a line holding the subscription’s secret.',
  scopes,
  input: z.object({}),
  output: z.object({ id: z.string() }),
  subscribe: async () => {
    throw new Error('not used');
  },
  unsubscribe: ({ okta, subscription, signal, log }) => requestThenLog(okta, signal, log, subscription.secret),
  handle: async () => ({ response: { status: 204 }, records: [] }),
});
const logsPicker = defineDataSource({
  key: 'testPickerLogsSecret',
  label: 'Lists and logs a secret',
  description: 'Reads the org and logs a line holding a secret.',
  scopes,
  dependsOn: [],
  input: z.object({}),
  async list({ okta, signal, log }) {
    await requestThenLog(okta, signal, log);
    return { options: [{ value: 'one', label: 'One' }] };
  },
});

/** The connector's registry with the units above: what `createConnector` builds, plus them. */
const withLoggingUnits: Registry = {
  ...registry,
  actions: [...registry.actions, logsAction],
  triggers: [...registry.triggers, logsPolling, logsWebhook],
  dataSources: [...registry.dataSources, logsPicker],
};

/** A host's logger that keeps every line: the message and its data as one string, as a log sink would write it. */
function capturingRuntime() {
  const lines: string[] = [];
  const keep = (message: string, data?: Record<string, unknown>) =>
    lines.push(data ? `${message} ${JSON.stringify(data)}` : message);
  const runtime = createRuntime(withLoggingUnits, { log: { debug: keep, info: keep, warn: keep } });
  return { runtime, lines };
}

/** Runs each kind of unit on a connection of its own, so that each is the first call of its session. */
type Unit = 'action' | 'trigger' | 'picker';
async function runUnit(unit: Unit, connection: ConnectionInput): Promise<string[]> {
  const { runtime, lines } = capturingRuntime();
  if (unit === 'action') await runtime.runAction('testLogsSecret', { connection, input: {} });
  if (unit === 'trigger') await runtime.poll('testPollLogsSecret', { connection, input: {} });
  if (unit === 'picker') await runtime.listOptions('testPickerLogsSecret', { connection, input: {} });
  return lines;
}

/** Each unit's three lines mask the secret (message and data: three in the message, two in the data) and never show it. */
function expectRedacted(lines: string[], secret: string): void {
  const ours = lines.filter((line) => /^(debug|info|warn): sent /.test(line));
  expect(ours).toHaveLength(3);
  for (const line of ours) expect(line).toContain('[REDACTED]');
  for (const line of lines) expect(line).not.toContain(secret);
}

const sandbox = suiteSandbox({ users: 2, seed: 29 });
beforeAll(async () => {
  sandbox.setRateLimits({ enabled: false });
});

/** A service app that requires DPoP, and its connection with the private key as a JWK. */
async function dpopConnection() {
  const key = await keyPair('ES256');
  return serviceConnection(sandbox, key, { scopes, dpopRequired: true }, { privateKey: key.privateJwk }).connection;
}

/** The access token the runtime's session holds: the connection's credential state is shared process-wide. */
async function accessTokenOf(connection: ConnectionInput): Promise<string> {
  const auth = await oauthClientCredentials.authorize(oauthClientCredentials.fields.parse(connection.fields));
  const { authorization } = await auth.headers({ method: 'GET', url: new URL(`${sandbox.url}/api/v1/org`) });
  return (authorization as string).replace(/^DPoP /, '');
}

// Each catches the runtime logger passing a line through unredacted (`redactingLog` in lib/runtime.ts).
describe.each<Unit>(['action', 'trigger', 'picker'])('a %s logging through the runtime', (unit) => {
  it('masks an API token', async () => {
    const token = sandbox.connection.fields.apiToken;
    secretToLog = async () => token;
    expectRedacted(await runUnit(unit, sandbox.connection), token);
  });

  // Also catches the runtime listing a session's secrets once, when the run starts: on a connection's first run
  // the access token is issued only by the unit's first request, after that.
  it('masks an OAuth access token issued during the run (DPoP-bound, client credentials)', async () => {
    const connection = await dpopConnection();
    let token = '';
    secretToLog = async () => {
      token = await accessTokenOf(connection);
      return token;
    };
    const lines = await runUnit(unit, connection);
    expect(token.length).toBeGreaterThan(20);
    expectRedacted(lines, token);
  });

  it('masks an access token renewed during the run, after Okta refused the one the session held', async () => {
    const connection = await dpopConnection();
    secretToLog = () => accessTokenOf(connection);
    await runUnit(unit, connection);
    const first = await accessTokenOf(connection);
    sandbox.oauth.expireTokens();
    let renewed = '';
    secretToLog = async () => {
      renewed = await accessTokenOf(connection);
      return renewed;
    };
    const lines = await runUnit(unit, connection);
    expect(renewed).not.toBe(first);
    expectRedacted(lines, renewed);
  });

  // Catches the runtime listing the secrets to redact from an error once, before the run (issued token missing).
  it('masks an access token issued during the run in the error the unit fails with', async () => {
    const connection = await dpopConnection();
    let token = '';
    secretToLog = async () => {
      token = await accessTokenOf(connection);
      return token;
    };
    thenThrow = true;
    const error = await runUnit(unit, connection).then(
      () => undefined,
      (e: Error) => e,
    );
    thenThrow = false;
    expect(error?.message).toMatch(/failed after sending \[REDACTED\]/);
    expect(JSON.stringify({ ...error, stack: error?.stack })).not.toContain(token);
  });

  it('masks the private key of a DPoP-bound connection', async () => {
    const connection = await dpopConnection();
    const privateKey = connection.fields.privateKey;
    secretToLog = async () => privateKey;
    expectRedacted(await runUnit(unit, connection), privateKey);
  });
});

describe('a webhook trigger logging through the runtime', () => {
  it('masks the subscription’s secret on unsubscribe (runtime logger passing lines through)', async () => {
    const { runtime, lines } = capturingRuntime();
    const subscription: Subscription = {
      hookId: 'whoTEST',
      secret: randomBytes(32).toString('base64url'),
      webhookUrl: 'https://host.example.com/hooks/1',
      eventTypes: ['user.lifecycle.create'],
    };
    await runtime.unsubscribe('testHookLogsSecret', { connection: sandbox.connection, subscription });
    expectRedacted(lines, subscription.secret);
  });
});
