/**
 * The runtime over real HTTP against the sandbox: input validated before any request, errors classified with
 * stable codes, connections checked, and no secret in any error.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 120, seed: 11 });
const connector = createConnector({ outputCheck: 'throw' });

beforeEach(() => {
  sandbox.faults.clear();
  sandbox.stats.reset();
});

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

describe('runAction', () => {
  it('refuses a bad input before sending any request, naming every bad field', async () => {
    const error = await failure(
      connector.runAction('createUser', {
        connection: sandbox.connection,
        input: { firstName: 42, email: 'not-an-email', groupIds: Array.from({ length: 21 }, (_, i) => `00g${i}`) },
      }),
    );
    expect(error.kind).toBe('validation');
    expect(error.code).toBe('INVALID_INPUT');
    const paths = (error.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['firstName', 'lastName', 'email', 'groupIds']));
    expect(sandbox.stats.requests).toBe(0);
  });

  it('answers an unknown key with a NotFound error', async () => {
    const error = await failure(connector.runAction('noSuchAction', { connection: sandbox.connection, input: {} }));
    expect(error.code).toBe('UNKNOWN_KEY');
  });

  it('classifies a bad connection as a connection error without echoing the token', async () => {
    const bad = await failure(
      connector.runAction('getUser', {
        connection: { type: 'apiToken', fields: { domain: 'http://acme.okta.com', apiToken: 'secret-token-value-1' } },
        input: { userId: 'x' },
      }),
    );
    expect(bad.kind).toBe('connection');
    expect(bad.code).toBe('INVALID_CONNECTION');
    expect(bad.message).toMatch(/domain/);

    const wrongToken = await failure(
      connector.runAction('getUser', {
        connection: { type: 'apiToken', fields: { domain: sandbox.url, apiToken: 'secret-token-value-2' } },
        input: { userId: 'x' },
      }),
    );
    expect(wrongToken.kind).toBe('connection');
    expect(wrongToken).toMatchObject({ code: 'OKTA_UNAUTHORIZED', errorCode: 'E0000011' });
    for (const error of [bad, wrongToken]) {
      const everything = JSON.stringify({ json: error.toJSON(), message: error.message, stack: error.stack });
      expect(everything).not.toMatch(/secret-token-value/);
    }
  });

  it('surfaces an Okta error with its errorCode as kind okta', async () => {
    const error = await failure(
      connector.runAction('getUser', { connection: sandbox.connection, input: { userId: '00uDoesNotExist000' } }),
    );
    expect(error.kind).toBe('okta');
    expect(error).toMatchObject({ code: 'OKTA_NOT_FOUND', errorCode: 'E0000007' });
    expect(JSON.stringify(error.toJSON())).not.toContain(sandbox.apiToken);
  });

  it('keeps one session for a connection passed again, and notices a field changed in place', async () => {
    const fresh = createConnector();
    const connection = { type: 'apiToken', fields: { domain: sandbox.url, apiToken: sandbox.apiToken } };
    const userId = sandbox.org.listUsers()[0]!.id;
    await fresh.runAction('getUser', { connection, input: { userId } });
    await fresh.runAction('getUser', { connection, input: { userId } });
    await fresh.runAction('getUser', {
      connection: { ...connection, fields: { ...connection.fields } },
      input: { userId },
    });
    expect(fresh.cacheStats().sessions).toBe(1);
    // The host changes the token in the same object: the next run must use the new token, not the cached session.
    connection.fields.apiToken = 'secret-token-value-3';
    const error = await failure(fresh.runAction('getUser', { connection, input: { userId } }));
    expect(error.code).toBe('OKTA_UNAUTHORIZED');
    expect((error.details as { errorCode?: string }).errorCode).toBe('E0000011');
    expect(fresh.cacheStats().sessions).toBe(2);
    // A field added in place counts too.
    connection.fields.apiToken = sandbox.apiToken;
    (connection.fields as Record<string, string>).extra = 'x';
    await fresh.runAction('getUser', { connection, input: { userId } }).catch(() => undefined);
    expect(fresh.cacheStats().sessions).toBe(3);
  });

  it('turns a server that keeps failing into a transient error after retries', async () => {
    sandbox.faults.inject({ kind: '5xx', status: 503, count: 10 });
    const error = await failure(
      connector.runAction('listUsers', { connection: sandbox.connection, input: { limit: 1 } }),
    );
    expect(error.kind).toBe('transient');
  });
});

describe('testConnection', () => {
  it('reports the org, its engine and the accepted credential', async () => {
    const report = await connector.testConnection(sandbox.connection);
    expect(report.ok).toBe(true);
    expect(report.org?.engine).toBe('Identity Engine');
    expect(report.checks.map((c) => c.name)).toEqual(['org', 'credential', 'scopes']);
  });

  it('says what to fix when the token is wrong', async () => {
    const report = await connector.testConnection({
      type: 'apiToken',
      fields: { domain: sandbox.url, apiToken: 'wrong-token-abcdef' },
    });
    expect(report.ok).toBe(false);
    const credential = report.checks.find((c) => c.name === 'credential');
    expect(credential?.message).toMatch(/create a new one/);
    expect(JSON.stringify(report)).not.toContain('wrong-token-abcdef');
  });
});

describe('listOptions', () => {
  it('searches users on Okta and pages past the first page', async () => {
    const first = await connector.listOptions('selectUser', { connection: sandbox.connection });
    expect(first.options.length).toBeGreaterThan(0);
    expect(first.nextCursor).toBeDefined();
    const second = await connector.listOptions('selectUser', {
      connection: sandbox.connection,
      cursor: first.nextCursor,
    });
    const firstIds = new Set(first.options.map((o) => o.value));
    expect(second.options.some((o) => firstIds.has(o.value))).toBe(false);

    const someone = sandbox.org.listUsers()[3]!;
    const found = await connector.listOptions('selectUser', {
      connection: sandbox.connection,
      search: someone.profile.login.slice(0, 6),
    });
    expect(found.options.map((o) => o.value)).toContain(someone.id);
    expect(sandbox.stats.requestLog.some((r) => r.path === '/api/v1/users' && /search=/.test(r.query ?? ''))).toBe(
      true,
    );
  });
});
