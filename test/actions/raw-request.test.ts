/**
 * rawRequest over real HTTP against the sandbox: the connection's auth and retries on any org path, and nothing sent
 * off the org or with a caller's credentials.
 */
import { describe, expect, it } from 'vitest';
import { failure, issuePaths, useSandbox } from './harness.ts';

const t = useSandbox({ users: 12, seed: 4 });

type Raw = { status: number; headers: Record<string, string>; body: unknown; nextCursor?: string };

describe('rawRequest', () => {
  it('calls an org path with the connection’s credentials, returning status, headers, body and cursor', async () => {
    const result = await t.run<Raw>('rawRequest', { path: '/api/v1/users', query: { limit: 5 } });
    expect(result.status).toBe(200);
    expect(result.body).toHaveLength(5);
    expect(result.headers['x-okta-request-id']).toBeTruthy();
    expect(result.nextCursor).toBeTruthy();
  });

  it('retries a GET after a 5xx, but not a POST', async () => {
    t.sandbox.faults.inject({ kind: '5xx', status: 500, count: 1, match: { method: 'GET' } });
    expect((await t.run<Raw>('rawRequest', { path: '/api/v1/users', query: { limit: 1 } })).status).toBe(200);

    t.sandbox.faults.inject({ kind: '5xx', status: 500, count: 1, match: { method: 'POST' } });
    const error = await failure(
      t.run('rawRequest', { method: 'POST', path: '/api/v1/groups', body: { profile: { name: 'Raw group' } } }),
    );
    expect(error.kind).toBe('transient');
    expect(t.sandbox.stats.requestLog.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it.each([
    'https://evil.example.com/api/v1/users',
    '//evil.example.com/api/v1/users',
    '/\\evil.example.com/api/v1/users',
    '/api/v1/../../evil',
    '/api/v1/%2e%2e/%2E%2E/x',
    '/api/v1/users%2f..%2f..',
    'api/v1/users',
    '/api/v1/users#x',
    '/api/v1/us ers',
    '/api/v1/users\u0000',
  ])('refuses the path %j without sending anything', async (path) => {
    const error = await failure(t.run('rawRequest', { path }));
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)).toEqual(['path']);
    expect(t.sandbox.stats.requests).toBe(0);
  });

  it('refuses caller-set Authorization and DPoP headers without sending anything', async () => {
    const error = await failure(
      t.run('rawRequest', {
        path: '/api/v1/users',
        headers: { Authorization: 'SSWS stolen', dpop: 'x', 'X-Custom': 'fine' },
      }),
    );
    expect(issuePaths(error).sort()).toEqual(['headers.Authorization', 'headers.dpop']);
    expect(t.sandbox.stats.requests).toBe(0);
  });
});
