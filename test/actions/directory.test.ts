/**
 * Org and directory actions over real HTTP against the sandbox: org metadata, devices, realms, policies, and the
 * System Log's documented refusals.
 */
import { describe, expect, it } from 'vitest';
import { failure, issuePaths, useSandbox } from './harness.ts';

const t = useSandbox({ users: 20, seed: 11 });

type Listed<T> = { items: T[]; nextCursor?: string };
interface Device {
  id: string;
  status: string;
  profile: { displayName: string; platform: string };
  _embedded?: { users?: { user: { id: string } }[] };
}
interface Realm {
  id: string;
  isDefault: boolean;
  profile: { name: string };
}
interface Policy {
  id: string;
  name: string;
  type: string;
  status: string;
  system: boolean;
  priority: number;
  _embedded?: { rules?: { name: string; type: string }[] };
}

describe('getOrgMetadata', () => {
  it('tells the org id and that it runs Identity Engine', async () => {
    const meta = await t.run<{ id: string; pipeline: string; _links: { organization: { href: string } } }>(
      'getOrgMetadata',
      {},
    );
    expect(meta.id).toMatch(/^00o/);
    expect(meta.pipeline).toBe('idx');
    expect(meta._links.organization.href).toBe(t.sandbox.url);
  });

  it('reports a transient failure when Okta keeps answering 503', async () => {
    t.sandbox.faults.inject({ kind: '5xx', status: 503, match: { path: '/.well-known/okta-organization' } });
    const error = await failure(t.run('getOrgMetadata', {}));
    expect(error.kind).toBe('transient');
  });
});

describe('listDevices', () => {
  it('lists every device once across pages, and searches with Okta’s operators', async () => {
    const all = await t.run<Listed<Device>>('listDevices', { limit: 2, fetchAll: true });
    const ids = all.items.map((d) => d.id);
    expect(ids).toHaveLength(t.sandbox.org.devices.list().length);
    expect(new Set(ids).size).toBe(ids.length);

    const suspended = await t.run<Listed<Device>>('listDevices', { search: 'status eq "SUSPENDED"' });
    expect(suspended.items.map((d) => d.status)).toEqual(['SUSPENDED']);

    // Case-insensitive `co` on the display name, with the users embedded.
    const macs = await t.run<Listed<Device>>('listDevices', {
      search: 'profile.displayName co "macbook"',
      expand: 'user',
    });
    expect(macs.items.map((d) => d.profile.displayName)).toEqual(['MacBook Pro 14']);
    expect(macs.items[0]?._embedded?.users).toHaveLength(1);
  });

  it('answers Okta’s 400 E0000031 for co on an attribute that does not take it', async () => {
    const error = await failure(t.run('listDevices', { search: 'profile.platform co "WIN"' }));
    expect(error.errorCode).toBe('E0000031');
  });
});

describe('listRealms', () => {
  it('lists the default realm and finds a realm by a part of its name', async () => {
    const all = await t.run<Listed<Realm>>('listRealms', {});
    expect(all.items.find((r) => r.isDefault)?.profile.name).toBe('Default Realm');
    const found = await t.run<Listed<Realm>>('listRealms', {
      search: 'profile.name co "artner"',
      sortBy: 'profile.name',
    });
    expect(found.items.map((r) => r.profile.name)).toEqual(['Partners']);
  });

  it('refuses Sort by without Search before sending, and passes on Okta’s E0000031 for another operator', async () => {
    const refused = await failure(t.run('listRealms', { sortBy: 'profile.name' }));
    expect(issuePaths(refused)).toEqual(['sortBy']);
    expect(t.sandbox.stats.requests).toBe(0);
    const error = await failure(t.run('listRealms', { search: 'profile.name eq "Partners"' }));
    expect(error.errorCode).toBe('E0000031');
  });
});

describe('listPolicies', () => {
  it('lists one type’s policies in priority order, the default one last, with its rules', async () => {
    const created = t.sandbox.org.policies.create({ type: 'PASSWORD', name: 'Contractors passwords' });
    const { items } = await t.run<Listed<Policy>>('listPolicies', { type: 'PASSWORD', expand: 'rules' });
    expect(items.map((p) => p.name)).toEqual(['Contractors passwords', 'Default Policy']);
    expect(items.map((p) => p.priority)).toEqual([1, 2]);
    expect(items.every((p) => p.type === 'PASSWORD')).toBe(true);
    expect(items[1]?.system).toBe(true);
    expect(items[1]?._embedded?.rules?.map((r) => r.type)).toEqual(['PASSWORD']);

    t.sandbox.org.policies.setStatus(created.id, 'INACTIVE');
    const inactive = await t.run<Listed<Policy>>('listPolicies', { type: 'PASSWORD', status: 'INACTIVE' });
    expect(inactive.items.map((p) => p.id)).toEqual([created.id]);
    const byName = await t.run<Listed<Policy>>('listPolicies', { type: 'PASSWORD', q: 'contr' });
    expect(byName.items.map((p) => p.id)).toEqual([created.id]);
  });

  it('requires a known type before sending, as Okta does (400 E0000001)', async () => {
    const missing = await failure(t.run('listPolicies', {}));
    expect(issuePaths(missing)).toEqual(['type']);
    const unknown = await failure(t.run('listPolicies', { type: 'SIGN_ON' }));
    expect(issuePaths(unknown)).toEqual(['type']);
    expect(t.sandbox.stats.requests).toBe(0);
    const okta = await failure(t.run('rawRequest', { path: '/api/v1/policies' }));
    expect(okta.errorCode).toBe('E0000001');
  });
});

describe('getSystemLogs against Okta’s documented limits', () => {
  it('passes on Okta’s 400 E0000053 for a Since more than 180 days back', async () => {
    const error = await failure(t.run('getSystemLogs', { since: '2018-01-26T00:00:00Z' }));
    expect(error.errorCode).toBe('E0000053');
    expect(String(error.errorSummary)).toContain('180 days');
  });

  it('refuses co on debugContext.debugData.url before sending', async () => {
    const error = await failure(t.run('getSystemLogs', { filter: 'debugContext.debugData.url co "/api/v1"' }));
    expect(issuePaths(error)).toEqual(['filter']);
    expect(t.sandbox.stats.requests).toBe(0);
  });
});
