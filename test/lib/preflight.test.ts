/**
 * The client's own checks of what it is asked to send, whatever module asks: a header or body that cannot go out is
 * refused as the caller's mistake before anything reaches the org, never reported as a network failure.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import apiToken from '../../connections/api-token.ts';
import type { Auth } from '../../lib/define.ts';
import { type ConnectorError, isConnectorError } from '../../lib/errors.ts';
import { OktaClient } from '../../lib/http/client.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 3, seed: 1 });
let okta: OktaClient;

beforeAll(async () => {
  okta = new OktaClient({
    auth: await apiToken.authorize(apiToken.fields.parse({ domain: sandbox.url, apiToken: sandbox.apiToken })),
  });
});
afterAll(async () => {
  okta?.release();
});

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error;
}

async function sentDuring(fn: () => Promise<unknown>): Promise<number> {
  sandbox.stats.reset();
  await fn();
  return sandbox.stats.requests;
}

describe('before a byte is sent', () => {
  it('refuses a caller’s header that is no header, naming it', async () => {
    let error: ConnectorError | undefined;
    const sent = await sentDuring(async () => {
      error = await failure(okta.request({ path: '/api/v1/users', headers: { 'x-a': 'one\r\nx-b: two' } }));
    });
    expect(error).toMatchObject({ kind: 'validation', code: 'INVALID_HEADER' });
    expect(error?.details).toEqual({ issues: [{ path: 'headers.x-a', message: expect.stringMatching(/line break/) }] });
    expect(sent).toBe(0);
  });

  it('refuses a body that has no JSON, naming the body', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    // What JSON.stringify throws for a BigInt, without a BigInt: a library in the same process may give BigInt a
    // toJSON (n8n-workflow does, and the adapter suites load it into the worker that runs this one).
    const unserialisable = {
      n: {
        toJSON() {
          throw new TypeError('Do not know how to serialize a BigInt');
        },
      },
    };
    for (const body of [circular, unserialisable]) {
      let error: ConnectorError | undefined;
      const sent = await sentDuring(async () => {
        error = await failure(okta.request({ method: 'POST', path: '/api/v1/groups', body }));
      });
      expect(error).toMatchObject({ kind: 'validation', code: 'INVALID_BODY' });
      expect(sent).toBe(0);
    }
  });

  it('refuses a credential header that cannot be sent as a connection error, never echoing it', async () => {
    const secret = 'SSWS 00abc\ninjected: yes';
    const auth: Auth = {
      origin: sandbox.url,
      principal: 'broken',
      secrets: [secret],
      headers: () => ({ authorization: secret }),
    };
    const broken = new OktaClient({ auth });
    try {
      const error = await failure(broken.request({ path: '/api/v1/users' }));
      expect(error).toMatchObject({ kind: 'connection', code: 'INVALID_CREDENTIAL' });
      expect(JSON.stringify(error.toJSON())).not.toContain('00abc');
    } finally {
      broken.release();
    }
  });

  it('lets a bug in the code that builds a request out as itself, for the runtime to call internal', async () => {
    const auth: Auth = {
      origin: sandbox.url,
      principal: 'buggy',
      secrets: [],
      headers: () => {
        throw new TypeError('headers is not iterable');
      },
    };
    const buggy = new OktaClient({ auth, retry: { baseDelayMs: 1 } });
    try {
      const error = await buggy.request({ path: '/api/v1/users' }).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(TypeError);
    } finally {
      buggy.release();
    }
  });
});
