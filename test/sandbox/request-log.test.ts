/**
 * The sandbox's request log, which the conformance test checks against Okta's spec: bodies kept only when asked
 * (`recordBodies`), the status answered, and the answers that came from the spec's example rather than a model.
 */
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { call } from '../support/host.ts';
import { withSandbox } from '../support/org.ts';

async function send(sandbox: RunningSandbox, method: string, path: string, body?: unknown) {
  const answer = await call(sandbox.url, method, path, body, { authorization: `SSWS ${sandbox.apiToken}` });
  return answer.status;
}

describe('the request log', () => {
  it('keeps what each request sent, with recordBodies', async () => {
    await withSandbox({ users: 5, seed: 1, recordBodies: true }, async (sandbox) => {
      expect(await send(sandbox, 'POST', '/api/v1/groups?x=1', { profile: { name: 'Logged' } })).toBe(200);
      expect(sandbox.stats.requestLog).toEqual([
        {
          method: 'POST',
          path: '/api/v1/groups',
          query: 'x=1',
          contentType: 'application/json',
          body: '{"profile":{"name":"Logged"}}',
          status: 200,
          at: expect.any(Number),
        },
      ]);
    });
  });

  it('keeps no body by default', async () => {
    await withSandbox({ users: 5, seed: 1 }, async (sandbox) => {
      await send(sandbox, 'POST', '/api/v1/groups', { profile: { name: 'Not logged' } });
      expect(sandbox.stats.requestLog[0]).toEqual({
        method: 'POST',
        path: '/api/v1/groups',
        query: '',
        status: 200,
        at: expect.any(Number),
      });
    });
  });

  it('marks the answers that are the spec’s example, not a model of the endpoint', async () => {
    await withSandbox({ users: 5, seed: 1 }, async (sandbox) => {
      await send(sandbox, 'GET', '/api/v1/brands');
      await send(sandbox, 'GET', '/api/v1/groups');
      expect(sandbox.stats.requestLog.map((r) => [r.path, r.example ?? false])).toEqual([
        ['/api/v1/brands', true],
        ['/api/v1/groups', false],
      ]);
    });
  });
});
