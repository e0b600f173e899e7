import { collectionPicklist } from '../lib/picklist.ts';
import { startsWithAny } from '../lib/scim.ts';

interface UserSummary {
  id: string;
  status: string;
  profile: { firstName?: string | null; lastName?: string | null; login: string; email?: string | null };
}

export default collectionPicklist<UserSummary>({
  key: 'selectUser',
  label: 'Select User',
  description: 'Users of the org, searched on Okta by login, email, first or last name, every page reachable.',
  scopes: ['okta.users.read'],
  path: '/api/v1/users',
  // `search` rather than `q`: `q` cannot be paged (docs/okta.md §2.3), so a picker built on it stops at one page.
  search: (text) => ({
    search: startsWithAny(['profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'], text),
  }),
  toOption: (user) => {
    const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
    return {
      value: user.id,
      label: name ? `${name} (${user.profile.login})` : user.profile.login,
      description: [user.profile.email, user.status].filter(Boolean).join(' · '),
    };
  },
});
