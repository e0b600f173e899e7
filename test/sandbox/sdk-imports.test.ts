/**
 * Identity-source import sessions driven through Okta's Node SDK, following Okta's guide
 * (`docs/guides/anything-as-a-source`; docs/okta.md §7.5).
 */
import { describe, expect, it } from 'vitest';
import { IDENTITY_SOURCE_APP_NAME } from '../../sandbox/org/identity-sources.ts';
import { all, oktaFailure, useSdk } from './sdk-harness.ts';

const t = useSdk({ users: 5, seed: 24 });

const source = () =>
  t.sandbox.org.apps.create({ name: IDENTITY_SOURCE_APP_NAME, label: 'HR', signOnMode: 'AUTO_LOGIN' }).id;

const upsert = (externalId: string, userName: string) => ({
  entityType: 'USERS' as const,
  profiles: [{ externalId, profile: { userName, email: userName, firstName: 'Hr', lastName: 'Person' } }],
});

describe('import sessions through the SDK', () => {
  it('runs the guide’s flow: create, upload, trigger, then the session completes and the user exists', async () => {
    const api = t.client.identitySourceApi;
    const identitySourceId = source();
    const session = await api.createIdentitySourceSession({ identitySourceId });
    expect(session).toMatchObject({ status: 'CREATED', importType: 'INCREMENTAL', identitySourceId });
    const sessionId = session.id as string;
    await api.uploadIdentitySourceDataForUpsert({
      identitySourceId,
      sessionId,
      BulkUpsertRequestBody: upsert('w-1', 'worker.one@hr.example.com'),
      bulkUpsertRequestBody: upsert('w-1', 'worker.one@hr.example.com'),
    } as never);
    expect((await api.startImportFromIdentitySource({ identitySourceId, sessionId })).status).toBe('TRIGGERED');
    expect((await api.getIdentitySourceSession({ identitySourceId, sessionId })).status).toBe('COMPLETED');
    const user = await t.client.userApi.getUser({ userId: 'worker.one@hr.example.com' });
    expect(user.status).toBe('ACTIVE');
  });

  it('allows one active session per source, and cancels only a CREATED one, which stays listed as CLOSED', async () => {
    const api = t.client.identitySourceApi;
    const identitySourceId = source();
    const first = await api.createIdentitySourceSession({ identitySourceId });
    expect(await oktaFailure(api.createIdentitySourceSession({ identitySourceId }))).toEqual({
      status: 400,
      errorCode: 'E0000001',
    });
    await api.deleteIdentitySourceSession({ identitySourceId, sessionId: first.id as string });
    const second = await api.createIdentitySourceSession({ identitySourceId });
    const sessions = await all(await api.listIdentitySourceSessions({ identitySourceId }));
    expect(sessions.map((s) => [s.id, s.status])).toEqual([
      [first.id, 'CLOSED'],
      [second.id, 'CREATED'],
    ]);
    // Nothing uploaded: Okta will not start the import.
    const empty = api.startImportFromIdentitySource({ identitySourceId, sessionId: second.id as string });
    expect(await oktaFailure(empty)).toEqual({ status: 400, errorCode: 'E0000001' });
  });

  it('expires a CREATED session left idle for 24 hours', async () => {
    const identitySourceId = source();
    const session = t.sandbox.org.identitySources.create(identitySourceId);
    session.lastUpdated = new Date(Date.now() - 25 * 3_600_000).toISOString();
    const read = await t.client.identitySourceApi.getIdentitySourceSession({ identitySourceId, sessionId: session.id });
    expect(read.status).toBe('EXPIRED');
    // Expired, it no longer blocks a new session.
    expect((await t.client.identitySourceApi.createIdentitySourceSession({ identitySourceId })).status).toBe('CREATED');
  });
});
