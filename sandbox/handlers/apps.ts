/**
 * @module `/api/v1/apps`: apps (create, read, replace, list with q and filter, lifecycle, delete), their users and
 * their group assignments (docs/okta.md §2.5, §7.4).
 */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail } from '../filter.ts';
import type { AssignInput } from '../org/apps.ts';
import { ApiError, guard, pageAfterId, pageResponse, readJson, readLimit, validationFailed } from '../responses.ts';
import type { App, AppGroup, AppUser, Group, Org } from '../state.ts';
import { userJson } from './users.ts';

/**
 * `filter`: `id`, `status`, `name`, `credentials.signing.kid`, `settings.slo.enabled` (spec), and `user.id`,
 * `group.id` (docs/okta.md §2.5, [OLDDOCS]), with `eq`, joined by `and`/`or`.
 */
const FILTER_RULES: FilterRules = {
  attributes: (a) =>
    ['id', 'status', 'name', 'credentials.signing.kid', 'settings.slo.enabled', 'user.id', 'group.id'].includes(a),
  operators: () => ['eq'],
  allowNot: false,
  caseInsensitive: false,
};

/** The values a filter compares `attribute` with: `user.id eq "…"` only ever tests these ids. */
function filterValues(filter: string, attribute: string): string[] {
  const pattern = new RegExp(`${attribute.replace('.', '\\.')}\\s+eq\\s+"((?:[^"\\\\]|\\\\.)*)"`, 'gi');
  return [...filter.matchAll(pattern)].map((m) => (m[1] as string).replace(/\\(.)/g, '$1'));
}

/** `true`/`false` query flags; anything else is Okta's 400. */
function readFlag(url: URL, name: string, fallback: boolean): boolean {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw !== 'true' && raw !== 'false') throw validationFailed(`${name}: must be true or false`);
  return raw === 'true';
}

/** Okta reads `limit=-1` (the spec's default for apps) as "the server's default". */
function readAppLimit(url: URL, fallback: number, max: number): number {
  if (url.searchParams.get('limit') === '-1') return fallback;
  return readLimit(url, fallback, max);
}

function startsWith(value: unknown, prefix: string): boolean {
  return typeof value === 'string' && value.toLowerCase().startsWith(prefix);
}

/** An app as Okta returns it (also listed by `/api/v1/groups/{groupId}/apps`). */
export function appJson(app: App, origin: string, orgId: string) {
  const self = `${origin}/api/v1/apps/${app.id}`;
  const lifecycle = app.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    id: app.id,
    orn: `orn:okta:idp:${orgId}:apps:${app.name}:${app.id}`,
    name: app.name,
    label: app.label,
    status: app.status,
    lastUpdated: app.lastUpdated,
    created: app.created,
    accessibility: app.accessibility,
    visibility: app.visibility,
    features: app.features,
    signOnMode: app.signOnMode,
    credentials: app.credentials,
    settings: app.settings,
    ...(app.profile ? { profile: app.profile } : {}),
    _links: {
      uploadLogo: { href: `${self}/logo`, hints: { allow: ['POST'] } },
      appLinks: Object.keys(app.visibility.appLinks as object).map((name) => ({
        name,
        href: `${origin}/home/${app.name}/${app.id}/${name}`,
        type: 'text/html',
      })),
      groups: { href: `${self}/groups` },
      logo: [{ name: 'medium', href: `${origin}/assets/img/logos/default.png`, type: 'image/png' }],
      users: { href: `${self}/users` },
      [lifecycle]: { href: `${self}/lifecycle/${lifecycle}` },
      ...(app.signOnMode === 'SAML_2_0'
        ? { metadata: { href: `${self}/sso/saml/metadata`, type: 'application/xml' } }
        : {}),
    },
  };
}

export function appHandlers(org: Org, orgId = '00o0000000000sandbox') {
  const appBody = (app: App, origin: string) => appJson(app, origin, orgId);

  /** `useOptimization=true`: "a subset of app instance properties" (spec: `listApplications`). */
  const optimizedJson = (app: App, origin: string) => ({
    id: app.id,
    name: app.name,
    label: app.label,
    status: app.status,
    signOnMode: app.signOnMode,
    created: app.created,
    lastUpdated: app.lastUpdated,
    _links: { self: { href: `${origin}/api/v1/apps/${app.id}` } },
  });

  const appUserJson = (appId: string, assignment: AppUser, origin: string, expand?: string | null) => {
    const user = org.users.find(assignment.id);
    return {
      id: assignment.id,
      externalId: null,
      created: assignment.created,
      lastUpdated: assignment.lastUpdated,
      scope: assignment.scope,
      status: assignment.status,
      statusChanged: assignment.statusChanged,
      passwordChanged: assignment.passwordChanged,
      syncState: 'DISABLED',
      credentials: assignment.credentials,
      profile: assignment.profile,
      ...(expand === 'user' && user ? { _embedded: { user: userJson(user, origin) } } : {}),
      _links: {
        app: { href: `${origin}/api/v1/apps/${appId}` },
        user: { href: `${origin}/api/v1/users/${assignment.id}` },
        ...(assignment.scope === 'GROUP' ? { group: { href: `${origin}/api/v1/apps/${appId}/groups` } } : {}),
      },
    };
  };

  const groupSummary = (group: Group, origin: string) => {
    const self = `${origin}/api/v1/groups/${group.id}`;
    const { appId: _appId, ...fields } = group;
    return {
      ...fields,
      objectClass: [group.type === 'OKTA_GROUP' ? 'okta:user_group' : 'okta:windows_security_principal'],
      _links: { users: { href: `${self}/users` }, apps: { href: `${self}/apps` } },
    };
  };

  const appGroupJson = (appId: string, assignment: AppGroup, origin: string, expand?: string | null) => {
    const app = `${origin}/api/v1/apps/${appId}`;
    return {
      id: assignment.id,
      priority: assignment.priority,
      lastUpdated: assignment.lastUpdated,
      profile: assignment.profile,
      ...(expand === 'group' ? { _embedded: { group: groupSummary(org.groups.get(assignment.id), origin) } } : {}),
      _links: {
        app: { href: app },
        self: { href: `${app}/groups/${assignment.id}` },
        group: { href: `${origin}/api/v1/groups/${assignment.id}` },
      },
    };
  };

  /** `{ id, scope, credentials: { userName, password: { value } }, profile }` → what the org keeps. */
  const assignInput = (body: Record<string, unknown>): AssignInput => {
    const credentials = (body.credentials ?? {}) as { userName?: unknown; password?: { value?: unknown } };
    if (body.profile !== undefined && (typeof body.profile !== 'object' || Array.isArray(body.profile))) {
      throw validationFailed('profile: must be an object');
    }
    return {
      ...(typeof credentials.userName === 'string' ? { userName: credentials.userName } : {}),
      ...(typeof credentials.password?.value === 'string' ? { password: credentials.password.value } : {}),
      ...(body.profile ? { profile: body.profile as Record<string, unknown> } : {}),
    };
  };

  return [
    http.get(
      '*/api/v1/apps',
      guard(({ request }) => {
        const url = new URL(request.url);
        const limit = readAppLimit(url, 20, 200);
        const q = url.searchParams.get('q')?.toLowerCase();
        const filter = url.searchParams.get('filter');
        const expand = url.searchParams.get('expand');
        const optimized = readFlag(url, 'useOptimization', false);
        readFlag(url, 'includeNonDeleted', false);
        let match: (app: App) => boolean = () => true;
        const userIds = filter ? filterValues(filter, 'user.id') : [];
        if (filter) {
          const test = filterOrFail<unknown>(filter, FILTER_RULES);
          const groupIds = filterValues(filter, 'group.id');
          // `user.id` and `group.id` name the apps that user or group is assigned to: only the ids the filter
          // names are looked up.
          match = (app) =>
            test({
              ...app,
              user: { id: userIds.filter((id) => org.apps.isAssigned(app.id, id)) },
              group: { id: groupIds.filter((id) => org.apps.appsOfGroup(id).includes(app)) },
            });
        }
        // `expand=user/{userId}` works with the `user.id eq` filter for the same user only (docs/okta.md §2.5).
        const expandUser = expand?.startsWith('user/') ? expand.slice('user/'.length) : undefined;
        if (expand && (!expandUser || !userIds.includes(expandUser))) {
          throw validationFailed('expand: only user/{userId}, with the filter user.id eq "{userId}"');
        }
        const apps = org.apps
          .list()
          .filter((a) => (q ? startsWith(a.name, q) || startsWith(a.label, q) : true))
          .filter(match);
        const page = pageAfterId(url, 'apps', apps, (a) => a.id, limit);
        const items = page.items.map((app) => {
          const json = optimized ? optimizedJson(app, url.origin) : appBody(app, url.origin);
          if (!expandUser) return json;
          const user = appUserJson(app.id, org.apps.appUser(app.id, expandUser), url.origin);
          return { ...json, _embedded: { user } };
        });
        return pageResponse(request, { ...page, items });
      }),
    ),

    http.post(
      '*/api/v1/apps',
      guard(async ({ request }) => {
        const url = new URL(request.url);
        const activate = readFlag(url, 'activate', true);
        const app = org.apps.create(await readJson(request), { activate });
        return HttpResponse.json(appBody(app, url.origin));
      }),
    ),

    http.get(
      '*/api/v1/apps/:appId',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        const app = org.apps.get(params.appId as string);
        const json = appBody(app, url.origin);
        const expand = url.searchParams.get('expand');
        if (expand?.startsWith('user/')) {
          const user = appUserJson(app.id, org.apps.appUser(app.id, expand.slice(5)), url.origin);
          return HttpResponse.json({ ...json, _embedded: { user } });
        }
        return HttpResponse.json(json);
      }),
    ),

    http.put(
      '*/api/v1/apps/:appId',
      guard(async ({ request, params }) => {
        const app = org.apps.replace(params.appId as string, await readJson(request));
        return HttpResponse.json(appBody(app, new URL(request.url).origin));
      }),
    ),

    http.delete(
      '*/api/v1/apps/:appId',
      guard(({ params }) => {
        org.apps.delete(params.appId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.post(
      '*/api/v1/apps/:appId/lifecycle/:operation',
      guard(({ params }) => {
        const operation = params.operation as string;
        if (operation !== 'activate' && operation !== 'deactivate') throw new ApiError('E0000008');
        org.apps.setStatus(params.appId as string, operation === 'activate' ? 'ACTIVE' : 'INACTIVE');
        return HttpResponse.json({});
      }),
    ),

    http.get(
      '*/api/v1/apps/:appId/users',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        const limit = readLimit(url, 50, 500);
        const appId = params.appId as string;
        // `q`: starts-with on userName, firstName, lastName and email (spec parameter `queryAppUserQ`).
        const q = url.searchParams.get('q')?.toLowerCase();
        const matches = (assignment: AppUser) => {
          if (!q) return true;
          const profile = { ...(org.users.find(assignment.id)?.profile ?? {}), ...assignment.profile };
          return [assignment.credentials.userName, profile.firstName, profile.lastName, profile.email].some((v) =>
            startsWith(v, q),
          );
        };
        const assignments = org.apps.usersOf(appId).filter(matches);
        const page = pageAfterId(url, 'appusers', assignments, (a) => a.id, limit);
        const expand = url.searchParams.get('expand');
        return pageResponse(request, {
          ...page,
          items: page.items.map((a) => appUserJson(appId, a, url.origin, expand)),
        });
      }),
    ),

    http.post(
      '*/api/v1/apps/:appId/users',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        if (typeof body.id !== 'string' || body.id === '') throw validationFailed('id: The field cannot be left blank');
        if (body.scope !== undefined && body.scope !== 'USER') {
          throw validationFailed('scope: Only USER can be assigned directly; assign a group for GROUP');
        }
        const appId = params.appId as string;
        const assignment = org.apps.assign(appId, body.id, assignInput(body));
        return HttpResponse.json(appUserJson(appId, assignment, new URL(request.url).origin));
      }),
    ),

    http.get(
      '*/api/v1/apps/:appId/users/:userId',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        const appId = params.appId as string;
        const assignment = org.apps.appUser(appId, params.userId as string);
        return HttpResponse.json(appUserJson(appId, assignment, url.origin, url.searchParams.get('expand')));
      }),
    ),

    http.post(
      '*/api/v1/apps/:appId/users/:userId',
      guard(async ({ request, params }) => {
        const appId = params.appId as string;
        const assignment = org.apps.updateUser(appId, params.userId as string, assignInput(await readJson(request)));
        return HttpResponse.json(appUserJson(appId, assignment, new URL(request.url).origin));
      }),
    ),

    http.delete(
      '*/api/v1/apps/:appId/users/:userId',
      guard(({ request, params }) => {
        readFlag(new URL(request.url), 'sendEmail', false);
        org.apps.unassign(params.appId as string, params.userId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.get(
      '*/api/v1/apps/:appId/groups',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        // The spec says 20 to 200; Okta's own SDK tests page with limit=2, so any limit from 1 is read as given.
        const limit = readLimit(url, 20, 200);
        const appId = params.appId as string;
        // `q`: starts-with on the group name (spec: `listApplicationGroupAssignments`).
        const q = url.searchParams.get('q')?.toLowerCase();
        const assignments = org.apps
          .groupsOf(appId)
          .filter((a) => !q || startsWith(org.groups.get(a.id).profile.name, q));
        const page = pageAfterId(url, 'appgroups', assignments, (a) => a.id, limit);
        const expand = url.searchParams.get('expand');
        return pageResponse(request, {
          ...page,
          items: page.items.map((a) => appGroupJson(appId, a, url.origin, expand)),
        });
      }),
    ),

    http.get(
      '*/api/v1/apps/:appId/groups/:groupId',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        const appId = params.appId as string;
        const assignment = org.apps.appGroup(appId, params.groupId as string);
        return HttpResponse.json(appGroupJson(appId, assignment, url.origin, url.searchParams.get('expand')));
      }),
    ),

    http.put(
      '*/api/v1/apps/:appId/groups/:groupId',
      guard(async ({ request, params }) => {
        const appId = params.appId as string;
        const assignment = org.apps.assignGroup(appId, params.groupId as string, await readJson(request));
        return HttpResponse.json(appGroupJson(appId, assignment, new URL(request.url).origin));
      }),
    ),

    http.delete(
      '*/api/v1/apps/:appId/groups/:groupId',
      guard(({ params }) => {
        org.apps.unassignGroup(params.appId as string, params.groupId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
