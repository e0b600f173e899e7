import { z } from 'zod';
import { defineDataSource } from '../lib/define.ts';
import { startsWithAny } from '../lib/scim.ts';

interface UserSummary {
  id: string;
  status: string;
  profile: { firstName?: string | null; lastName?: string | null; login: string; email?: string | null };
}

const PAGE_SIZE = 50;

export default defineDataSource({
  key: 'selectUser',
  label: 'Select User',
  description: 'Users of the org, searched on Okta by login, email, first or last name, every page reachable.',
  scopes: ['okta.users.read'],
  dependsOn: [],
  input: z.object({}),
  async list({ okta, search, cursor, signal }) {
    // `search` rather than `q`: `q` cannot be paged (API-FACTS §2.3), so a picker built on it stops at one page.
    const query = search
      ? { search: startsWithAny(['profile.login', 'profile.email', 'profile.firstName', 'profile.lastName'], search) }
      : {};
    const page = await okta.page<UserSummary>({
      path: '/api/v1/users',
      query: { ...query, limit: PAGE_SIZE, after: cursor },
      signal,
    });
    return {
      options: page.items.map((user) => {
        const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
        return {
          value: user.id,
          label: name ? `${name} (${user.profile.login})` : user.profile.login,
          description: [user.profile.email, user.status].filter(Boolean).join(' · '),
        };
      }),
      nextCursor: page.nextCursor,
    };
  },
});
