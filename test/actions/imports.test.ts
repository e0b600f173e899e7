/**
 * Identity-source imports over real HTTP against the sandbox: a session's life from CREATED to COMPLETED, the
 * users it creates, and Okta's refusals (one active session, ≤ 200 profiles, uploads and deletes only while CREATED).
 */
import { describe, expect, it } from 'vitest';
import { IDENTITY_SOURCE_APP_NAME } from '../../sandbox/org/identity-sources.ts';
import { failure, issuePaths, useSandbox } from './harness.ts';

const t = useSandbox({ users: 10, seed: 12 });

interface Session {
  id: string;
  identitySourceId: string;
  status: string;
  importType: string;
}

/** A fresh identity source per test: sessions of one source constrain each other. */
function newSource(): string {
  return t.sandbox.org.apps.create({ name: IDENTITY_SOURCE_APP_NAME, label: 'HR', signOnMode: 'AUTO_LOGIN' }).id;
}

function people(n: number, prefix: string) {
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${prefix}-${i}`,
    profile: {
      userName: `${prefix}.${i}@hr.example.com`,
      email: `${prefix}.${i}@hr.example.com`,
      firstName: 'Imported',
      lastName: `Person ${i}`,
    },
  }));
}

describe('an import session from CREATED to COMPLETED', () => {
  it('creates, uploads, triggers and completes; the users exist afterwards, updated on a second import', async () => {
    const identitySourceId = newSource();
    const session = await t.run<Session>('createImportSession', { identitySourceId });
    expect(session).toMatchObject({ identitySourceId, status: 'CREATED', importType: 'INCREMENTAL' });
    const ids = { identitySourceId, sessionId: session.id };

    const upload = await t.run('bulkUpsertUsers', { ...ids, profiles: people(3, 'alpha') });
    expect(upload).toEqual({ ...ids, uploaded: 3 });
    const triggered = await t.run<Session>('triggerImportSession', ids);
    expect(triggered.status).toBe('TRIGGERED');
    expect((await t.run<Session>('getImportSession', ids)).status).toBe('COMPLETED');
    const user = t.sandbox.org.users.find('alpha.1@hr.example.com');
    expect(user?.status).toBe('ACTIVE');
    expect(user?.profile.lastName).toBe('Person 1');

    // A second session updates the same external id rather than creating a user.
    const next = await t.run<Session>('createImportSession', { identitySourceId });
    const changed = [{ externalId: 'alpha-1', profile: { userName: 'alpha.1@hr.example.com', lastName: 'Renamed' } }];
    await t.run('bulkUpsertUsers', { identitySourceId, sessionId: next.id, profiles: changed });
    await t.run('triggerImportSession', { identitySourceId, sessionId: next.id });
    expect(t.sandbox.org.users.find('alpha.1@hr.example.com')?.profile.lastName).toBe('Renamed');

    const { items } = await t.run<{ items: Session[] }>('listImportSessions', { identitySourceId });
    expect(items.map((s) => [s.id, s.status])).toEqual([
      [session.id, 'COMPLETED'],
      [next.id, 'COMPLETED'],
    ]);
  });
});

describe('what Okta refuses', () => {
  it('a second active session on the same source (400 E0000001)', async () => {
    const identitySourceId = newSource();
    await t.run('createImportSession', { identitySourceId });
    const error = await failure(t.run('createImportSession', { identitySourceId }));
    expect(error.errorCode).toBe('E0000001');
  });

  it('a source that is not a Custom Identity Source (404 E0000007)', async () => {
    const app = t.sandbox.org.listApps().find((a) => a.name !== IDENTITY_SOURCE_APP_NAME)!;
    const error = await failure(t.run('createImportSession', { identitySourceId: app.id }));
    expect(error.errorCode).toBe('E0000007');
    const missing = await failure(t.run('getImportSession', { identitySourceId: newSource(), sessionId: 'aps1nope' }));
    expect(missing.errorCode).toBe('E0000007');
  });

  it('more than 200 profiles, before sending; an upload after the trigger (400 E0000001)', async () => {
    const identitySourceId = newSource();
    const session = await t.run<Session>('createImportSession', { identitySourceId });
    const ids = { identitySourceId, sessionId: session.id };
    t.sandbox.stats.reset();
    const tooMany = await failure(t.run('bulkUpsertUsers', { ...ids, profiles: people(201, 'beta') }));
    expect(issuePaths(tooMany)).toEqual(['profiles']);
    expect(t.sandbox.stats.requests).toBe(0);

    // Okta itself refuses too many profiles, whatever the client checks.
    const raw = await failure(
      t.run('rawRequest', {
        method: 'POST',
        path: `/api/v1/identity-sources/${identitySourceId}/sessions/${session.id}/bulk-upsert`,
        body: { entityType: 'USERS', profiles: people(201, 'beta') },
      }),
    );
    expect(raw.errorCode).toBe('E0000001');

    await t.run('bulkUpsertUsers', { ...ids, profiles: people(200, 'beta') });
    await t.run('triggerImportSession', ids);
    const late = await failure(t.run('bulkUpsertUsers', { ...ids, profiles: people(1, 'gamma') }));
    expect(late.errorCode).toBe('E0000001');
    const again = await failure(t.run('triggerImportSession', ids));
    expect(again.errorCode).toBe('E0000001');
  });

  it('triggering an empty session; deleting one that is no longer CREATED (400 E0000001)', async () => {
    const identitySourceId = newSource();
    const session = await t.run<Session>('createImportSession', { identitySourceId });
    const ids = { identitySourceId, sessionId: session.id };
    const empty = await failure(t.run('triggerImportSession', ids));
    expect(empty.errorCode).toBe('E0000001');

    const closed = await t.run('deleteImportSession', ids);
    expect(closed).toEqual({ ...ids, status: 'CLOSED' });
    const twice = await failure(t.run('deleteImportSession', ids));
    expect(twice.errorCode).toBe('E0000001');
    // Cancelled, the session no longer blocks a new one.
    expect((await t.run<Session>('createImportSession', { identitySourceId })).status).toBe('CREATED');
  });
});

describe('mapProfileSourceAttributes', () => {
  it('maps flat records through a mapping into batches of at most 200, sending nothing', async () => {
    const records = Array.from({ length: 450 }, (_, i) => ({
      employeeId: 1000 + i,
      workEmail: `e${i}@hr.example.com`,
      givenName: 'Grace',
      surname: i % 2 ? 'Hopper' : '',
      badge: true,
    }));
    const mapped = await t.run<{
      batches: { profiles: { externalId: string; profile: Record<string, string> }[] }[];
      total: number;
    }>('mapProfileSourceAttributes', {
      records,
      externalIdField: 'employeeId',
      mapping: {
        userName: 'workEmail',
        email: 'workEmail',
        firstName: 'givenName',
        lastName: 'surname',
        badge: 'badge',
      },
    });
    expect(mapped.total).toBe(450);
    expect(mapped.batches.map((b) => b.profiles.length)).toEqual([200, 200, 50]);
    expect(mapped.batches[0]?.profiles[1]).toEqual({
      externalId: '1001',
      profile: {
        userName: 'e1@hr.example.com',
        email: 'e1@hr.example.com',
        firstName: 'Grace',
        lastName: 'Hopper',
        badge: 'true',
      },
    });
    // Empty values are left out rather than sent as "".
    expect(mapped.batches[0]?.profiles[0]?.profile).not.toHaveProperty('lastName');
    expect(t.sandbox.stats.requests).toBe(0);

    // A batch goes straight into Bulk Upsert Users.
    const identitySourceId = newSource();
    const session = await t.run<Session>('createImportSession', { identitySourceId });
    const uploaded = await t.run<{ uploaded: number }>('bulkUpsertUsers', {
      identitySourceId,
      sessionId: session.id,
      profiles: mapped.batches[2]?.profiles,
    });
    expect(uploaded.uploaded).toBe(50);
  });

  it('names every record it cannot map: no id, a duplicate id, a nested value, a bad email', async () => {
    const error = await failure(
      t.run('mapProfileSourceAttributes', {
        records: [
          { id: 'a', email: 'a@example.com' },
          { email: 'b@example.com' },
          { id: 'a', email: 'c@example.com' },
          { id: 'd', email: 'd@example.com', manager: { id: 'a' } },
          { id: 'e', email: 'not an email' },
        ],
        externalIdField: 'id',
      }),
    );
    expect(error.kind).toBe('validation');
    expect(issuePaths(error)).toEqual(['records.1.id', 'records.2.id', 'records.3.manager', 'records.4.email']);
  });
});
