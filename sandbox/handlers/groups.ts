/** @module `/api/v1/groups`: list with search, filter, q and expand; CRUD; memberships (API-FACTS §2.4, §7.3). */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail } from '../filter.ts';
import { ApiError, guard, pageAfterId, pageResponse, readJson, readLimit } from '../responses.ts';
import type { Group, Org, User } from '../state.ts';
import { userJson } from './users.ts';

const DATES = new Set(['created', 'lastUpdated', 'lastMembershipUpdated']);
const CONTAINS = new Set(['profile.name', 'profile.description']);

/** `search`: sw and eq, co on name and description; dates compare (§2.4). */
const SEARCH_RULES: FilterRules = {
  operators: (a) =>
    DATES.has(a) ? ['eq', 'gt', 'ge', 'lt', 'le'] : CONTAINS.has(a) ? ['eq', 'sw', 'co'] : ['eq', 'sw'],
  allowNot: false,
  caseInsensitive: true,
};
/** `filter`: id, type and the two dates (§2.4). */
const FILTER_RULES: FilterRules = {
  attributes: (a) => a === 'id' || a === 'type' || a === 'lastUpdated' || a === 'lastMembershipUpdated',
  operators: (a) => (DATES.has(a) ? ['eq', 'gt', 'ge', 'lt', 'le'] : ['eq']),
  allowNot: false,
  caseInsensitive: false,
};

export function groupHandlers(org: Org) {
  const groupJson = (group: Group, origin: string, expand?: string | null) => {
    const self = `${origin}/api/v1/groups/${group.id}`;
    const embedded: Record<string, unknown> = {};
    if (expand === 'stats') {
      embedded.stats = {
        usersCount: org.groups.memberIds(group.id).size,
        appsCount: org.groups.appIdsOf(group.id).length,
        groupPushMappingsCount: 0,
        hasAdminPrivilege: false,
      };
    }
    if (expand === 'app' && group.appId) embedded.app = { id: group.appId };
    const { appId: _appId, ...fields } = group;
    return {
      ...fields,
      objectClass: [group.type === 'OKTA_GROUP' ? 'okta:user_group' : 'okta:windows_security_principal'],
      ...(Object.keys(embedded).length ? { _embedded: embedded } : {}),
      _links: {
        logo: [{ name: 'medium', href: `${origin}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' }],
        users: { href: `${self}/users` },
        apps: { href: `${self}/apps` },
        self: { href: self },
      },
    };
  };

  return [
    http.get(
      '*/api/v1/groups',
      guard(({ request }) => {
        const url = new URL(request.url);
        const search = url.searchParams.get('search');
        const filter = url.searchParams.get('filter');
        const q = url.searchParams.get('q');
        const expand = url.searchParams.get('expand');
        if (search !== null && filter !== null) throw new ApiError('E0000033');
        const json = (g: Group) => groupJson(g, url.origin, expand);
        if (q !== null) {
          // A starts-with match on the name, default 300, no pages (§2.2).
          const limit = readLimit(url, 300, 10000);
          const prefix = q.toLowerCase();
          const items = org
            .listGroups()
            .filter((g) => g.profile.name.toLowerCase().startsWith(prefix))
            .slice(0, limit);
          return pageResponse(request, { items: items.map(json) });
        }
        const limit = readLimit(url, 10000, 10000);
        const match = search
          ? filterOrFail<Group>(search, SEARCH_RULES)
          : filter
            ? filterOrFail<Group>(filter, FILTER_RULES)
            : () => true;
        const page = pageAfterId(url, 'groups', org.groups.list().filter(match), (g) => g.id, limit);
        return pageResponse(request, { ...page, items: page.items.map(json) });
      }),
    ),

    http.post(
      '*/api/v1/groups',
      guard(async ({ request }) => {
        const body = await readJson(request);
        const group = org.groups.create((body.profile ?? {}) as Group['profile']);
        return HttpResponse.json(groupJson(group, new URL(request.url).origin));
      }),
    ),

    http.get(
      '*/api/v1/groups/:groupId',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        return HttpResponse.json(
          groupJson(org.groups.get(params.groupId as string), url.origin, url.searchParams.get('expand')),
        );
      }),
    ),

    http.put(
      '*/api/v1/groups/:groupId',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        const group = org.groups.update(params.groupId as string, body.profile as Group['profile']);
        return HttpResponse.json(groupJson(group, new URL(request.url).origin));
      }),
    ),

    http.delete(
      '*/api/v1/groups/:groupId',
      guard(({ params }) => {
        org.groups.delete(params.groupId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.get(
      '*/api/v1/groups/:groupId/users',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        const limit = readLimit(url, 1000, 10000);
        const ids = [...org.groups.memberIds(params.groupId as string)].sort();
        const page = pageAfterId(url, 'members', ids, (id) => id, limit);
        return pageResponse(request, {
          ...page,
          items: page.items.map((id) => userJson(org.users.find(id) as User, url.origin)),
        });
      }),
    ),

    http.put(
      '*/api/v1/groups/:groupId/users/:userId',
      guard(({ params }) => {
        org.groups.addMember(params.groupId as string, params.userId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.delete(
      '*/api/v1/groups/:groupId/users/:userId',
      guard(({ params }) => {
        org.groups.removeMember(params.groupId as string, params.userId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
