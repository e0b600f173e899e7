import { z } from 'zod';
import { defineDataSource } from '../lib/define.ts';
import { scimString } from '../lib/scim.ts';

interface GroupSummary {
  id: string;
  type: string;
  profile: { name: string; description?: string | null };
}

const PAGE_SIZE = 50;

export default defineDataSource({
  key: 'selectGroup',
  label: 'Select Group',
  description: 'Groups of the org, searched on Okta by name, every page reachable.',
  scopes: ['okta.groups.read'],
  dependsOn: [],
  input: z.object({}),
  async list({ okta, search, cursor, signal }) {
    // `search` rather than `q`: `q` cannot be paged and stops at 300 groups (API-FACTS §2.4).
    const query = search ? { search: `profile.name sw ${scimString(search)}` } : {};
    const page = await okta.page<GroupSummary>({
      path: '/api/v1/groups',
      query: { ...query, limit: PAGE_SIZE, after: cursor },
      signal,
    });
    return {
      options: page.items.map((group) => ({
        value: group.id,
        label: group.profile.name,
        description: [group.profile.description, group.type].filter(Boolean).join(' · '),
      })),
      nextCursor: page.nextCursor,
    };
  },
});
