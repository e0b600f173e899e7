/**
 * The sandbox's request log, which the conformance test checks against Okta's spec: bodies kept only when asked
 * (`recordBodies`), the status answered, and the answers that came from the spec's example rather than a model.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../sandbox/index.ts';

let sandbox: RunningSandbox | undefined;
afterEach(() => sandbox?.close());

async function send(method: string, path: string, body?: unknown) {
  if (!sandbox) throw new Error('no sandbox');
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers: { authorization: `SSWS ${sandbox.apiToken}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  await response.arrayBuffer();
  return response.status;
}

describe('the request log', () => {
  it('keeps what each request sent, with recordBodies', async () => {
    sandbox = await startSandbox({ users: 5, seed: 1, recordBodies: true });
    expect(await send('POST', '/api/v1/groups?x=1', { profile: { name: 'Logged' } })).toBe(200);
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

  it('keeps no body by default', async () => {
    sandbox = await startSandbox({ users: 5, seed: 1 });
    await send('POST', '/api/v1/groups', { profile: { name: 'Not logged' } });
    expect(sandbox.stats.requestLog[0]).toEqual({
      method: 'POST',
      path: '/api/v1/groups',
      query: '',
      status: 200,
      at: expect.any(Number),
    });
  });

  it('marks the answers that are the spec’s example, not a model of the endpoint', async () => {
    sandbox = await startSandbox({ users: 5, seed: 1 });
    await send('GET', '/api/v1/brands');
    await send('GET', '/api/v1/groups');
    expect(sandbox.stats.requestLog.map((r) => [r.path, r.example ?? false])).toEqual([
      ['/api/v1/brands', true],
      ['/api/v1/groups', false],
    ]);
  });
});
