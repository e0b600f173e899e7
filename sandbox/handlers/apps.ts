/** @module `/api/v1/apps`: list with q and filter, read, lifecycle and user assignments (API-FACTS §2.5, §7.4). */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail } from '../filter.ts';
import { ApiError, guard, pageAfterId, pageResponse, readJson, readLimit } from '../responses.ts';
import type { App, AppUser, Org } from '../state.ts';

/** `filter`: id, status and name with eq; also `user.id eq` and `group.id eq` (§2.5). */
const FILTER_RULES: FilterRules = {
  attributes: (a) => ['id', 'status', 'name', 'user.id', 'group.id'].includes(a),
  operators: () => ['eq'],
  allowNot: false,
  caseInsensitive: false,
};

export function appJson(app: App, origin: string) {
  const self = `${origin}/api/v1/apps/${app.id}`;
  return {
    ...app,
    features: [],
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false } },
    settings: { app: {} },
    _links: { users: { href: `${self}/users` }, groups: { href: `${self}/groups` }, self: { href: self } },
  };
}

function appUserJson(appId: string, user: AppUser, origin: string) {
  return {
    ...user,
    _links: { app: { href: `${origin}/api/v1/apps/${appId}` }, user: { href: `${origin}/api/v1/users/${user.id}` } },
  };
}

export function appHandlers(org: Org) {
  return [
    http.get(
      '*/api/v1/apps',
      guard(({ request }) => {
        const url = new URL(request.url);
        const limit = readLimit(url, 20, 200);
        const q = url.searchParams.get('q')?.toLowerCase();
        const filter = url.searchParams.get('filter');
        let match: (app: App) => boolean = () => true;
        if (filter) {
          const test = filterOrFail<unknown>(filter, FILTER_RULES);
          // `user.id` and `group.id` match apps assigned to that user or group.
          match = (app) => test({ ...app, user: { id: [...org.apps.usersOf(app.id).keys()] }, group: { id: [] } });
        }
        const apps = org
          .listApps()
          .filter((a) => (q ? a.name.toLowerCase().startsWith(q) || a.label.toLowerCase().startsWith(q) : true))
          .filter(match);
        const page = pageAfterId(url, 'apps', apps, (a) => a.id, limit);
        return pageResponse(request, { ...page, items: page.items.map((a) => appJson(a, url.origin)) });
      }),
    ),

    http.get(
      '*/api/v1/apps/:appId',
      guard(({ request, params }) =>
        HttpResponse.json(appJson(org.apps.get(params.appId as string), new URL(request.url).origin)),
      ),
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
        const assignments = [...org.apps.usersOf(appId).values()].sort((a, b) => (a.id < b.id ? -1 : 1));
        const page = pageAfterId(url, 'appusers', assignments, (a) => a.id, limit);
        return pageResponse(request, { ...page, items: page.items.map((a) => appUserJson(appId, a, url.origin)) });
      }),
    ),

    http.post(
      '*/api/v1/apps/:appId/users',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        if (typeof body.id !== 'string') throw new ApiError('E0000028');
        const credentials = body.credentials as { userName?: string } | undefined;
        const assignment = org.apps.assign(params.appId as string, body.id, {
          ...(credentials?.userName ? { userName: credentials.userName } : {}),
          ...(body.profile ? { profile: body.profile as Record<string, unknown> } : {}),
        });
        return HttpResponse.json(appUserJson(params.appId as string, assignment, new URL(request.url).origin));
      }),
    ),

    http.get(
      '*/api/v1/apps/:appId/users/:userId',
      guard(({ request, params }) => {
        const assignment = org.apps.usersOf(params.appId as string).get(params.userId as string);
        if (!assignment) throw new ApiError('E0000007', `Resource not found: ${params.userId} (AppUser)`);
        return HttpResponse.json(appUserJson(params.appId as string, assignment, new URL(request.url).origin));
      }),
    ),

    http.delete(
      '*/api/v1/apps/:appId/users/:userId',
      guard(({ params }) => {
        org.apps.unassign(params.appId as string, params.userId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
