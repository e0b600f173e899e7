/** The org's settings, its metadata and its realms driven through Okta's Node SDK (spec OrgSetting and Realm tags). */
import { describe, expect, it } from 'vitest';
import { all, oktaFailure, useSdk } from './sdk-harness.ts';

const t = useSdk({ users: 10, seed: 23 });

describe('org settings through the SDK', () => {
  it('updates a field with POST and keeps the others; PUT replaces them', async () => {
    const settings = t.client.orgSettingApi;
    const before = await settings.getOrgSettings();
    await settings.updateOrgSettings({ OrgSetting: { companyName: 'Renamed Inc.' } });
    const after = await settings.getOrgSettings();
    expect(after.companyName).toBe('Renamed Inc.');
    expect(after.city).toBe(before.city);
    // The SDK's types name the body `OrgSetting`, its code reads `orgSetting`: both are given.
    const replacement = { companyName: 'Replaced Inc.' };
    await settings.replaceOrgSettings({ OrgSetting: replacement, orgSetting: replacement } as never);
    expect((await settings.getOrgSettings()).city).toBeNull();
  });

  it('sets a contact user that exists, and refuses one that does not', async () => {
    const settings = t.client.orgSettingApi;
    const types = (await all(await settings.getOrgContactTypes())).map((c) => c.contactType);
    expect(types).toEqual(['BILLING', 'TECHNICAL']);
    const user = t.sandbox.org.listUsers().find((u) => u.status === 'ACTIVE' && u.id);
    const set = await settings.replaceOrgContactUser({
      contactType: 'TECHNICAL',
      orgContactUser: { userId: user?.id },
    });
    expect(set.userId).toBe(user?.id);
    const missing = settings.replaceOrgContactUser({ contactType: 'BILLING', orgContactUser: { userId: '00unope' } });
    expect((await oktaFailure(missing)).errorCode).toBe('E0000007');
  });

  it('toggles the footer and the communication opt-out, and tells Identity Engine from Classic', async () => {
    const settings = t.client.orgSettingApi;
    expect((await settings.updateOrgHideOktaUIFooter()).showEndUserFooter).toBe(false);
    expect((await settings.getOrgPreferences()).showEndUserFooter).toBe(false);
    expect((await settings.optOutUsersFromOktaCommunicationEmails()).optOutEmailUsers).toBe(true);
    expect((await settings.getOktaCommunicationSettings()).optOutEmailUsers).toBe(true);
    const metadata = await settings.getWellknownOrgMetadata();
    expect(metadata.pipeline).toBe('idx');
    expect(metadata.id).toBe((await settings.getOrgSettings()).id);
  });
});

describe('realms through the SDK', () => {
  it('creates, finds by name, renames and deletes a realm; the default realm stays', async () => {
    const realms = t.client.realmApi;
    const realm = await realms.createRealm({ body: { profile: { name: 'Suppliers' } } });
    expect(realm).toMatchObject({ isDefault: false, profile: { name: 'Suppliers' } });
    const found = await all(await realms.listRealms({ search: 'profile.name co "suppl"' }));
    expect(found.map((r) => r.id)).toEqual([realm.id]);
    await realms.replaceRealm({ realmId: realm.id as string, body: { profile: { name: 'Vendors' } } });
    expect((await realms.getRealm({ realmId: realm.id as string })).profile?.name).toBe('Vendors');
    await realms.deleteRealm({ realmId: realm.id as string });
    expect((await oktaFailure(realms.getRealm({ realmId: realm.id as string }))).status).toBe(404);

    const fallback = (await all(await realms.listRealms())).find((r) => r.isDefault);
    const refused = realms.deleteRealm({ realmId: fallback?.id as string });
    expect(await oktaFailure(refused)).toEqual({ status: 400, errorCode: 'E0000178' });
    expect(await oktaFailure(realms.createRealm({ body: { profile: { name: '' } } }))).toEqual({
      status: 400,
      errorCode: 'E0000001',
    });
  });
});
