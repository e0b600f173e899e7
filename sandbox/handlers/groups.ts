/** @module `/api/v1/groups`: list with search, filter, q and expand; CRUD; memberships (docs/okta.md §2.4, §7.3). */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail } from '../filter.ts';
import { ApiError, cursor, guard, pageAfterId, pageResponse, readJson, readLimit } from '../responses.ts';
import type { Group, Org, User } from '../state.ts';
import { appJson } from './apps.ts';
import { userJson } from './users.ts';

const DATES = new Set(['created', 'lastUpdated', 'lastMembershipUpdated']);
const CONTAINS = new Set(['profile.name', 'profile.description']);

/** `search`: sw and eq on any attribute (`source.id` of app groups too), co on name and description; dates compare (§2.4). */
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

export function groupHandlers(org: Org, orgId: string) {
  const groupJson = (group: Group, origin: string, expand?: string | null) => {
    const self = `${origin}/api/v1/groups/${group.id}`;
    const embedded: Record<string, unknown> = {};
    if (expand === 'stats') {
      embedded.stats = {
        usersCount: org.groups.memberIds(group.id).size,
        appsCount: org.groups.appsOf(group.id).length,
        groupPushMappingsCount: 0,
        hasAdminPrivilege: false,
      };
    }
    if (expand === 'app' && group.appId) embedded.app = { id: group.appId };
    const { appId, ...fields } = group;
    return {
      ...fields,
      objectClass: [group.type === 'OKTA_GROUP' ? 'okta:user_group' : 'okta:windows_security_principal'],
      ...(Object.keys(embedded).length ? { _embedded: embedded } : {}),
      _links: {
        logo: [
          { name: 'medium', href: `${origin}/assets/img/logos/groups/okta-medium.png`, type: 'image/png' },
          { name: 'large', href: `${origin}/assets/img/logos/groups/okta-large.png`, type: 'image/png' },
        ],
        // App groups link the app they come from (spec Group `_links.source`).
        ...(appId ? { source: { href: `${origin}/api/v1/apps/${appId}` } } : {}),
        users: { href: `${self}/users` },
        apps: { href: `${self}/apps` },
        self: { href: self },
      },
    };
  };
  /** What `search` and `filter` read: the group, with `source.id` for app groups. */
  const searchable = (group: Group) => (group.appId ? { ...group, source: { id: group.appId } } : group);

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
        const test = search
          ? filterOrFail<unknown>(search, SEARCH_RULES)
          : filter
            ? filterOrFail<unknown>(filter, FILTER_RULES)
            : () => true;
        let groups = org.groups.list().filter((g) => test(searchable(g)));
        const sortBy = url.searchParams.get('sortBy');
        if (search && sortBy) groups = sorted(groups, sortBy, url.searchParams.get('sortOrder'));
        const page =
          sortBy && search ? pageInOrder(url, groups, limit) : pageAfterId(url, 'groups', groups, (g) => g.id, limit);
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

    http.get(
      '*/api/v1/groups/:groupId/apps',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        // Default 20 (spec listAssignedApplicationsForGroup); apps' own maximum, 200.
        const limit = readLimit(url, 20, 200);
        const apps = [...org.groups.appsOf(params.groupId as string)].sort((a, b) => (a.id < b.id ? -1 : 1));
        const page = pageAfterId(url, 'groupApps', apps, (app) => app.id, limit);
        return pageResponse(request, { ...page, items: page.items.map((app) => appJson(app, url.origin, orgId)) });
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

/** Search results by one property (`sortBy=profile.name`), ties by id (spec listGroups `sortBy`). */
function sorted(groups: Group[], sortBy: string, sortOrder: string | null): Group[] {
  const read = (group: Group) =>
    sortBy.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], group);
  const direction = sortOrder === 'desc' ? -1 : 1;
  return [...groups].sort((a, b) => {
    const x = String(read(a) ?? '');
    const y = String(read(b) ?? '');
    if (x !== y) return (x < y ? -1 : 1) * direction;
    return a.id < b.id ? -1 : 1;
  });
}

/** Pages of a list in its own order: the cursor is the position reached, opaque to the client. */
function pageInOrder(url: URL, groups: Group[], limit: number) {
  const raw = url.searchParams.get('after');
  const start = raw ? Number(cursor.decode('sortedGroups', raw)) : 0;
  if (!Number.isInteger(start) || start < 0) throw new ApiError('E0000054');
  const items = groups.slice(start, start + limit);
  const end = start + items.length;
  return { items, after: end < groups.length ? cursor.encode('sortedGroups', String(end)) : undefined };
}
