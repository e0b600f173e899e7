/**
 * Issue 20, item 11, the rest of the audit: every other place a caller's string names something (a connection type,
 * an operation, a subscription, a field of an operation's parameters) answers "no such …" for names found only on
 * Object.prototype, over real HTTP, before anything reaches the org. test/host/route-contract.test.ts covers the
 * OAuth connection names, unit keys, MCP tool names and CLI commands.
 */
import { describe, expect, it } from 'vitest';
import { call as callHost, suiteHost } from '../support/host.ts';
import { suiteSandbox } from '../support/org.ts';

const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf'];
const sandbox = suiteSandbox({ users: 2, seed: 11 });
const host = suiteHost(() => ({ defaultConnection: sandbox.connection }));

interface Refusal {
  error?: { code: string; kind: string; message: string; details?: { issues?: { path: string }[] } };
}

/** One call, with what it made the org receive. */
async function call(method: 'GET' | 'POST', path: string, body?: string) {
  sandbox.stats.reset();
  const answer = await callHost<Refusal | undefined>(host.url, method, path, body);
  return { status: answer.status, error: answer.json?.error, sent: sandbox.stats.requests };
}

describe('names found on Object.prototype', () => {
  it.each(NAMES)(
    'a connection of type "%s" is no such connection type (catches: a prototype member taken for one)',
    async (name) => {
      const body = JSON.stringify({ connection: { type: name, fields: {} }, input: { limit: 1 } });
      const answer = await call('POST', '/api/actions/listUsers', body);
      expect(answer.status).toBe(404);
      expect(answer.error).toMatchObject({ code: 'UNKNOWN_KEY', message: `There is no connection type "${name}".` });
      expect(answer.sent).toBe(0);
    },
  );

  it.each(NAMES)('GET /api/operations/%s is no such operation', async (name) => {
    const answer = await call('GET', `/api/operations/${name}`);
    expect({ status: answer.status, code: answer.error?.code }).toEqual({ status: 404, code: 'UNKNOWN_OPERATION' });
  });

  it.each(NAMES)('callOktaOperation refuses the operation "%s" as unknown, sending nothing', async (name) => {
    const answer = await call(
      'POST',
      '/api/actions/callOktaOperation',
      JSON.stringify({ input: { operationId: name } }),
    );
    expect(answer.error?.kind).toBe('validation');
    expect(answer.error?.details?.issues?.map((issue) => issue.path)).toContain('operationId');
    expect(answer.sent).toBe(0);
  });

  // __proto__ too: zod drops an own `__proto__` key of a record rather than refuse it; the runtime refuses it first.
  it.each(NAMES)('callOktaOperation refuses the parameter "%s" as unknown, sending nothing', async (name) => {
    const answer = await call(
      'POST',
      '/api/actions/callOktaOperation',
      `{"input":{"operationId":"listGroups","parameters":{"${name}":"x"}}}`,
    );
    expect(answer.error?.kind).toBe('validation');
    expect(answer.error?.details?.issues?.map((issue) => issue.path)).toContain(`parameters.${name}`);
    expect(answer.sent).toBe(0);
  });

  it.each(NAMES)('a webhook delivery to /hooks/%s is no such subscription', async (name) => {
    const answer = await call('POST', `/hooks/${name}`, '{}');
    expect({ status: answer.status, code: answer.error?.code }).toEqual({ status: 404, code: 'UNKNOWN_SUBSCRIPTION' });
  });
});
