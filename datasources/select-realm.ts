import { collectionPicklist } from '../lib/picklist.ts';
import type { Realm } from '../lib/schemas/directory.ts';
import { scimString } from '../lib/scim.ts';

export default collectionPicklist<Realm>({
  key: 'selectRealm',
  label: 'Select Realm',
  description: 'Realms of the org, searched on Okta by a part of their name.',
  scopes: ['okta.realms.read'],
  path: '/api/v1/realms',
  // Realms search only with `co` on the name (docs/okta.md §7.5).
  search: (text) => ({ search: `profile.name co ${scimString(text)}` }),
  toOption: (realm) => ({
    value: realm.id,
    label: realm.profile.name,
    description: [
      realm.isDefault ? 'Default realm' : realm.profile.realmType === 'PARTNER' ? 'Partner realm' : undefined,
      realm.profile.domains?.join(', '),
    ]
      .filter(Boolean)
      .join(' · '),
  }),
});
