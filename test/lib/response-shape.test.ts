/**
 * An answer without the shape Okta documents is an error of its own (issue 20, item 8): a list action given
 * `{"evil":true}` printed `{"items":[]}` and succeeded, and getUser passed any object through. Now a list that is not
 * an array, or a record without its `id`, fails as UNEXPECTED_RESPONSE naming the operation and what came back (its
 * type and keys, never a value); extra fields stay welcome. Over real HTTP against a bare loopback server
 * (test/lib/raw-org.ts), as the sandbox, built to Okta, never answers so; with the production output check ('warn'),
 * where the bug lived.
 */
import type { ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { type ConnectorError, isConnectorError } from '../../lib/errors.ts';
import { type RawOrg, startRawOrg } from './raw-org.ts';

let org: RawOrg;
beforeAll(async () => {
  org = await startRawOrg();
});
afterAll(() => org?.close());

const connector = createConnector({ client: { retry: { maxRetries: 0 } } });
const connection = () => ({ type: 'apiToken', fields: { domain: org.origin, apiToken: 'raw-org-token' } });

/** The org answers every request with this JSON. */
function answer(body: unknown): void {
  org.handle((_request, response: ServerResponse) => {
    response.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
    response.end(JSON.stringify(body));
  });
}

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${JSON.stringify(error)}`);
  return error;
}

const run = (key: string, input: unknown) => connector.runAction(key, { connection: connection(), input });
const USER = { id: '00ub0oNGTSWTBKOLGLNR', status: 'ACTIVE', profile: { login: 'ada@example.com' } };

describe('an answer of the wrong shape', () => {
  it.each([
    ['listUsers', {}, 'GET /api/v1/users'],
    ['listUsers', { fetchAll: true }, 'GET /api/v1/users'],
    ['listGroups', { q: 'Eng' }, 'GET /api/v1/groups'],
    ['listUserGroups', { userId: USER.id }, 'GET /api/v1/users/{userId}/groups'],
  ])('fails %s %j when the list is an object, naming the operation and the keys', async (key, input, operation) => {
    answer({ evil: true, secretish: 'do-not-echo-this-value' });
    const error = await failure(run(key, input));
    expect(error).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      kind: 'okta',
      details: { received: 'an object with the keys "evil", "secretish"' },
    });
    expect((error.details as { operation: string }).operation).toContain(operation.split('{')[0]);
    expect(JSON.stringify(error.toJSON())).not.toContain('do-not-echo-this-value');
  });

  it.each([
    [{ evil: true }, 'an object with the keys "evil"'],
    [{ profile: { login: 'x' } }, 'an object with the keys "profile"'],
    [[USER], 'an array of 1'],
    ['a string', 'a string'],
  ])('fails getUser when the record %j has no id', async (body, received) => {
    answer(body);
    const error = await failure(run('getUser', { userId: USER.id }));
    expect(error).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      details: { operation: 'GET /api/v1/users/{userId}', received },
    });
  });

  it('fails a list whose records lack their id, in a run and in a stream', async () => {
    answer([USER, { status: 'ACTIVE' }]);
    const error = await failure(run('listUsers', {}));
    expect(error).toMatchObject({
      code: 'UNEXPECTED_RESPONSE',
      details: { received: 'an object with the keys "status"' },
    });
    expect(error.message).toMatch(/record 1/);
    const streamed = failure(
      (async () => {
        for await (const _ of connector.streamAction('listUsers', { connection: connection(), input: {} }));
      })(),
    );
    expect(await streamed).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });

  it('fails a picklist and a poll whose page is not an array', async () => {
    answer({ evil: true });
    const picked = await failure(connector.listOptions('selectUser', { connection: connection(), input: {} }));
    expect(picked).toMatchObject({ code: 'UNEXPECTED_RESPONSE', details: { operation: 'GET /api/v1/users' } });
    const polled = await failure(connector.poll('newUsers', { connection: connection(), input: {} }));
    expect(polled).toMatchObject({ code: 'UNEXPECTED_RESPONSE' });
  });

  it('welcomes extra fields: a record with its id and more, a list of such records', async () => {
    answer({ ...USER, somethingNew: { nested: true } });
    expect(await run('getUser', { userId: USER.id })).toMatchObject({ id: USER.id, somethingNew: { nested: true } });
    answer([{ ...USER, somethingNew: 1 }]);
    expect(await run('listUsers', {})).toMatchObject({ items: [{ id: USER.id, somethingNew: 1 }] });
  });
});
