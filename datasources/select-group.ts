import { collectionPicklist } from '../lib/picklist.ts';
import { scimString } from '../lib/scim.ts';

interface GroupSummary {
  id: string;
  type: string;
  profile: { name: string; description?: string | null };
  _embedded?: { stats?: { usersCount?: number } };
}

/** "Engineering (42 members)": the count comes in the same call (`expand=stats`, docs/okta.md §2.4). */
function labelOf(group: GroupSummary): string {
  const count = group._embedded?.stats?.usersCount;
  if (typeof count !== 'number') return group.profile.name;
  return `${group.profile.name} (${count} ${count === 1 ? 'member' : 'members'})`;
}

export default collectionPicklist<GroupSummary>({
  key: 'selectGroup',
  label: 'Select Group',
  description: 'Groups of the org with their member counts, searched on Okta by name, every page reachable.',
  scopes: ['okta.groups.read'],
  path: '/api/v1/groups',
  query: () => ({ expand: 'stats' }),
  // `search` rather than `q`: `q` cannot be paged and stops at 300 groups (docs/okta.md §2.4).
  search: (text) => ({ search: `profile.name sw ${scimString(text)}` }),
  toOption: (group) => ({
    value: group.id,
    label: labelOf(group),
    description: [group.profile.description, group.type].filter(Boolean).join(' · '),
  }),
});
