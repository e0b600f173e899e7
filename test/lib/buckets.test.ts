/** Which Okta rate-limit bucket a request falls into (docs/okta.md §1.3): exact paths first, GET apart where Okta does. */
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../lib/http/buckets.ts';

describe('bucketOf', () => {
  it.each([
    ['POST', '/oauth2/v1/token', 'oauth2-token'],
    ['GET', '/oauth2/v1/clients', 'oauth2-clients'],
    ['GET', '/oauth2/v1/clients/0oa1/roles', 'oauth2-clients'],
    ['GET', '/api/v1/users/00u1', 'users-get'],
    ['get', '/api/v1/users/00u1', 'users-get'],
    ['POST', '/api/v1/users/00u1', 'users-id'],
    ['DELETE', '/api/v1/users/00u1', 'users-id'],
    ['GET', '/api/v1/users', 'users'],
    ['POST', '/api/v1/users', 'users'],
    ['GET', '/api/v1/users/00u1/groups', 'api-v1'],
    ['GET', '/api/v1/groups/00g1', 'groups-id'],
    ['PUT', '/api/v1/groups/00g1/users/00u1', 'groups-id'],
    ['GET', '/api/v1/groups', 'groups'],
    ['GET', '/api/v1/groupsx', 'api-v1'],
    ['GET', '/api/v1/apps/0oa1', 'apps-id'],
    ['GET', '/api/v1/apps', 'apps'],
    ['GET', '/api/v1/apps/0oa1/users', 'apps'],
    ['GET', '/api/v1/logs', 'logs'],
    ['GET', '/api/v1/devices/guv1', 'devices'],
    ['GET', '/api/v1/eventHooks', 'api-v1'],
    ['GET', '/api/v1', 'api-v1'],
    ['GET', '/api/v1x', 'other'],
    ['GET', '/.well-known/okta-organization', 'other'],
    ['GET', '/x/api/v1/users', 'other'],
  ])('%s %s → %s', (method, path, bucket) => {
    expect(bucketOf(method, path)).toBe(bucket);
  });
});
