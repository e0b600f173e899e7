/**
 * Paths built from templates, one placeholder = one segment, and the client's last line of defence: a path with a
 * dot or empty segment is refused as a validation error before any byte reaches the org (issue 7, item 1).
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import apiToken from '../../connections/api-token.ts';
import { isConnectorError, ValidationError } from '../../lib/errors.ts';
import { OktaClient } from '../../lib/http/client.ts';
import { decodeFully, pathOf, pathProblem, placeholders, segmentProblem } from '../../lib/http/path.ts';
import { suiteSandbox } from '../support/org.ts';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('pathOf', () => {
  it('fills each placeholder as one encoded segment', () => {
    expect(pathOf('/api/v1/groups/{groupId}/users/{userId}', { groupId: '00g1', userId: 'ada@example.com' })).toBe(
      '/api/v1/groups/00g1/users/ada%40example.com',
    );
    expect(pathOf('/api/v1/users/{userId}', { userId: 'a?b#c d%' })).toBe('/api/v1/users/a%3Fb%23c%20d%25');
    expect(placeholders('/api/v1/groups/{groupId}/users/{userId}')).toEqual(['groupId', 'userId']);
  });

  it.each(['', '.', '..', '%2e', '%2E%2e', '.%2E', '%2e.', '%252e%252e', 'a/b', 'a%2Fb', 'a%252fb', '..\\', '%5c'])(
    'refuses %j, naming the field',
    (value) => {
      const error = thrown(() => pathOf('/api/v1/groups/{groupId}/users/{userId}', { groupId: value, userId: '00u1' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues.map((issue) => issue.path)).toEqual(['groupId']);
      expect(segmentProblem(value)).toBeDefined();
    },
  );

  it('refuses a missing value, naming the field', () => {
    const error = thrown(() => pathOf('/api/v1/users/{userId}', {})) as ValidationError;
    expect(error.issues).toEqual([{ path: 'userId', message: 'Required' }]);
  });

  it('accepts dots that are not a whole segment, and non-ASCII escapes', () => {
    for (const value of ['...', '.a', 'a.', 'ada.lovelace@example.com', '%e2%80%a6', '%', '%zz']) {
      expect(segmentProblem(value), value).toBeUndefined();
    }
    expect(decodeFully('%25252e')).toBe('.');
  });
});

describe('pathProblem', () => {
  it.each([
    '/api/v1/users/.',
    '/api/v1/users/./x',
    '/api/v1/groups/../users/00u1',
    '/api/v1/groups/%2e%2E/users/00u1',
    '/api/v1/groups/%252e%252e/users/00u1',
    '/api/v1/groups/..%2f/users',
    '/api/v1/groups\\..\\users',
    '/api/v1/users/',
    '/api/v1//users',
    'http://127.0.0.1:1/api/v1/../users?after=x',
  ])('refuses %j', (path) => {
    expect(pathProblem(path)).toBeDefined();
  });

  it.each([
    '/api/v1/users',
    '/api/v1/users?filter=a/../b&search=..',
    '/api/v1/users/ada%40example.com/lifecycle/suspend',
    'https://acme.okta.com/api/v1/users?after=00u1&limit=200',
    '/.well-known/okta-organization',
  ])('accepts %j', (path) => {
    expect(pathProblem(path)).toBeUndefined();
  });
});

describe('OktaClient, over HTTP against the sandbox', () => {
  const sandbox = suiteSandbox({ users: 5, seed: 2, rateLimits: { enabled: false } });
  let okta: OktaClient;
  beforeAll(async () => {
    const auth = await apiToken.authorize(apiToken.fields.parse({ domain: sandbox.url, apiToken: sandbox.apiToken }));
    okta = new OktaClient({ auth, rateLimitScope: 'path-test' });
  });
  beforeEach(() => sandbox.stats.reset());

  it.each([
    ['DELETE', '/api/v1/groups/../users/00u1'],
    ['POST', '/api/v1/users/.'],
    ['GET', '/api/v1/users/%2E'],
    ['POST', '/api/v1/users/%2e%2e/lifecycle/deactivate'],
    ['POST', '/api/v1/users/'],
    ['PUT', '/api/v1/groups//users/00u1'],
  ] as const)('refuses %s %s as a validation error, with nothing sent', async (method, path) => {
    const error = await okta.request({ method, path }).catch((e: unknown) => e);
    expect(isConnectorError(error) && error.kind).toBe('validation');
    expect(isConnectorError(error) && error.code).toBe('UNSAFE_PATH');
    expect(sandbox.stats.requests).toBe(0);
  });

  it('still sends a plain path', async () => {
    const user = sandbox.org.listUsers()[0]!;
    const { data } = await okta.request<{ id: string }>({
      path: pathOf('/api/v1/users/{userId}', { userId: user.profile.login }),
    });
    expect(data.id).toBe(user.id);
    expect(sandbox.stats.requestLog.map((r) => r.path)).toEqual([
      `/api/v1/users/${encodeURIComponent(user.profile.login)}`,
    ]);
  });
});
