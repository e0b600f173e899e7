import { collectionPicklist } from '../lib/picklist.ts';
import { scimString } from '../lib/scim.ts';

interface GroupSummary {
  id: string;
  type: string;
  profile: { name: string; description?: string | null };
}

export default collectionPicklist<GroupSummary>({
  key: 'selectGroup',
  label: 'Select Group',
  description: 'Groups of the org, searched on Okta by name, every page reachable.',
  scopes: ['okta.groups.read'],
  path: '/api/v1/groups',
  // `search` rather than `q`: `q` cannot be paged and stops at 300 groups (API-FACTS §2.4).
  search: (text) => ({ search: `profile.name sw ${scimString(text)}` }),
  toOption: (group) => ({
    value: group.id,
    label: group.profile.name,
    description: [group.profile.description, group.type].filter(Boolean).join(' · '),
  }),
});
