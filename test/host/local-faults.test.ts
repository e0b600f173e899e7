/**
 * What fails before a byte is sent is the caller's to fix (`validation`, `connection`), never `transient`: a flow
 * builder retries a transient error, and these would fail the same way every time. A transient error says whether
 * the request may have reached Okta, and a bug in an action is `internal` (500), not transient (503).
 */

import { lookup } from 'node:dns/promises';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { registry } from '../../connector.ts';
import { type ActionDefinition, defineAction } from '../../lib/define.ts';
import { createRuntime } from '../../lib/runtime.ts';
import { call, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

/** An action with a bug, as a contributor might write one: it reads a property of undefined. */
const broken = defineAction({
  key: 'brokenAction',
  label: 'Broken action',
  description: 'Reads the org, then trips over its own bug.',
  area: 'org',
  scopes: ['okta.orgs.read'],
  operations: ['GET /api/v1/org'],
  hints: { readOnly: true, destructive: false, idempotent: true },
  input: z.object({}),
  output: z.object({ contact: z.string() }),
  async run({ okta, signal }) {
    // The org has no such field: the action's author assumed it does.
    const { data } = await okta.request<{ technicalContact: { email: string } }>({ path: '/api/v1/org', signal });
    return { contact: data.technicalContact.email.toLowerCase() };
  },
});

const sandbox = suiteSandbox({ users: 5, seed: 1 });
const connector = createRuntime(
  { ...registry, actions: [...registry.actions, broken as unknown as ActionDefinition] },
  // Short backoff: the refused-connection case retries before it gives up.
  { client: { retry: { baseDelayMs: 1, maxDelayMs: 5 } } },
);
const host = suiteHost(() => ({ defaultConnection: sandbox.connection, connector }));

interface Answer {
  error: {
    code: string;
    kind: string;
    message: string;
    details: { issues: { path: string }[]; mayHaveReachedOkta?: boolean };
  };
}

const post = (path: string, body: unknown) => call<Answer>(host.url, 'POST', path, body);

function connectionWith(fields: Record<string, unknown>) {
  return { type: 'apiToken', fields: { ...sandbox.connection.fields, ...fields } };
}

/** Runs `fn` and says how many requests reached the sandbox org meanwhile. */
async function requestsDuring<T>(fn: () => Promise<T>): Promise<{ result: T; sent: number }> {
  sandbox.stats.reset();
  const result = await fn();
  return { result, sent: sandbox.stats.requests };
}

describe('known before a byte is sent', () => {
  it.each([
    [{ 'authorization ': 'SSWS stolen' }, 'headers.authorization '],
    [{ 'x-note': 'a\r\nx-injected: 1' }, 'headers.x-note'],
    [{ 'x-note': 'café ☕' }, 'headers.x-note'],
    [{ 'x note': 'a' }, 'headers.x note'],
  ])('a rawRequest header %j is a validation error naming it', async (headers, path) => {
    const { result, sent } = await requestsDuring(() =>
      post('/api/actions/rawRequest', { input: { path: '/api/v1/users', headers } }),
    );
    expect(result.status).toBe(400);
    expect(result.json.error.kind).toBe('validation');
    expect(result.json.error.details.issues.map((issue) => issue.path)).toEqual([path]);
    expect(sent).toBe(0);
  });

  it('a rawRequest body nested too deeply is a validation error on body, and nothing is sent', async () => {
    const depth = 100_000;
    const body = `{"input":{"method":"POST","path":"/api/v1/groups","body":${'['.repeat(depth)}${']'.repeat(depth)}}}`;
    const { result, sent } = await requestsDuring(() => post('/api/actions/rawRequest', body));
    expect(result.status).toBe(400);
    expect(result.json.error).toMatchObject({ kind: 'validation', code: 'INVALID_BODY' });
    expect(result.json.error.details.issues).toEqual([{ path: 'body', message: expect.any(String) }]);
    expect(result.json.error.message).toMatch(/nested too deeply\. Nothing was sent to Okta/);
    expect(sent).toBe(0);
  });

  it.each([
    ['a line break', 'first-half\nsecond-half'],
    ['a character outside Latin-1', 'token€token'],
    ['a character outside ASCII', 'tokén-token'],
  ])('an API token holding %s is a connection error naming apiToken', async (_, apiToken) => {
    const { result, sent } = await requestsDuring(() =>
      post('/api/actions/listUsers', { connection: connectionWith({ apiToken }), input: {} }),
    );
    expect(result.status).toBe(401);
    expect(result.json.error).toMatchObject({ kind: 'connection', code: 'INVALID_CONNECTION' });
    expect(result.json.error.details.issues.map((issue) => issue.path)).toEqual(['apiToken']);
    expect(JSON.stringify(result.json)).not.toContain(apiToken);
    expect(sent).toBe(0);
  });

  it('a header value with a line break from a named credential is a connection error', async () => {
    // In process a platform hands the credential over as a function; over HTTP, as a string the schema accepts.
    const connection = {
      type: 'namedCredential',
      fields: { domain: sandbox.connection.fields.domain, authorization: `SSWS ${sandbox.apiToken}\nx-injected: 1` },
    };
    const { result, sent } = await requestsDuring(() => post('/api/actions/listUsers', { connection, input: {} }));
    expect(result.status).toBe(401);
    expect(result.json.error).toMatchObject({ kind: 'connection', code: 'INVALID_CREDENTIAL' });
    expect(result.json.error.message).toMatch(/line break\. Nothing was sent to Okta/);
    expect(JSON.stringify(result.json)).not.toContain(sandbox.apiToken);
    expect(sent).toBe(0);
  });

  // `.invalid` never resolves (RFC 6761 §6.4); without a DNS server the resolver cannot say so (EAI_AGAIN).
  const resolverAnswers = lookup('no-such-org.invalid').then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOTFOUND',
  );
  it('a domain that does not resolve is a connection error, not retried', async () => {
    if (!(await resolverAnswers)) return;
    const { status, json } = await post('/api/actions/listUsers', {
      connection: connectionWith({ domain: 'no-such-org.invalid' }),
      input: {},
    });
    expect(status).toBe(401);
    expect(json.error).toMatchObject({ kind: 'connection', code: 'DOMAIN_NOT_FOUND' });
    expect(json.error.message).toMatch(/https:\/\/no-such-org\.invalid does not resolve.*Okta domain/);
  });
});

describe('transient errors say whether the request may have reached Okta', () => {
  it('a refused connection did not reach it', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise((resolve) => closed.close(resolve));
    const { status, json } = await post('/api/actions/createGroup', {
      connection: connectionWith({ domain: `http://127.0.0.1:${port}` }),
      input: { name: 'Never sent' },
    });
    expect(status).toBe(503);
    expect(json.error).toMatchObject({ kind: 'transient', details: { mayHaveReachedOkta: false } });
    expect(json.error.message).toMatch(/did not reach Okta/);
  });

  it('a connection reset on a create may have, and says why it was not retried', async () => {
    sandbox.faults.inject({ kind: 'reset', count: 1, match: { method: 'POST' } });
    // createEventHook has no natural key to look up (hook names repeat): its create is never resent.
    const input = {
      name: 'Maybe created',
      url: 'https://example.com/okta/events',
      eventTypes: ['user.lifecycle.create'],
      authHeaderName: 'Authorization',
      authHeaderValue: 'a-long-random-secret',
    };
    const { status, json } = await post('/api/actions/createEventHook', { input });
    expect(status, JSON.stringify(json)).toBe(503);
    expect(json.error).toMatchObject({ kind: 'transient', details: { mayHaveReachedOkta: true } });
    expect(json.error.message).toMatch(/may have reached Okta, so it was not retried/);
  });
});

describe('a bug in an action', () => {
  it('is internal (500), not transient: the same input fails the same way', async () => {
    const { status, json } = await post('/api/actions/brokenAction', { input: {} });
    expect(status).toBe(500);
    expect(json.error).toMatchObject({ kind: 'internal', code: 'INTERNAL_ERROR' });
    expect(json.error.message).toMatch(/bug.*trying again will not help/);
  });
});
