import { z } from 'zod';
import { collectionPicklist, textMatches } from '../lib/picklist.ts';
import { groupRef } from '../lib/schemas/refs.ts';

interface Member {
  id: string;
  status: string;
  profile: { firstName?: string | null; lastName?: string | null; login: string; email?: string | null };
}

export default collectionPicklist<Member, z.ZodObject<{ groupId: typeof groupRef }>>({
  key: 'selectGroupMember',
  label: 'Select Group Member',
  description: 'Members of the chosen group, page by page; the search keeps the members of each page that match.',
  scopes: ['okta.groups.read'],
  input: z.object({ groupId: groupRef }),
  dependsOn: ['groupId'],
  path: '/api/v1/groups/{groupId}/users',
  // Okta cannot search a group's members (spec listGroupUsers): each page is filtered as it comes, one request a call.
  matches: (user, text) =>
    textMatches(text, user.profile.login, user.profile.email, user.profile.firstName, user.profile.lastName),
  toOption: (user) => {
    const name = [user.profile.firstName, user.profile.lastName].filter(Boolean).join(' ');
    return {
      value: user.id,
      label: name ? `${name} (${user.profile.login})` : user.profile.login,
      description: [user.profile.email, user.status].filter(Boolean).join(' · '),
    };
  },
});
