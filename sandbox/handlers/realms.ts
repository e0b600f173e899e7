/**
 * @module `/api/v1/realms`: list with `search` (`co` on `profile.name` only, docs/okta.md §7.5), CRUD.
 */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail } from '../filter.ts';
import type { Realm } from '../org/realms.ts';
import { guard, pageAfterId, pageResponse, readJson, readLimit, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';

/** Realms search only with `co` on the name (docs/okta.md §7.5); case-insensitive like every Okta `search`. */
const SEARCH_RULES: FilterRules = {
  attributes: (a) => a === 'profile.name',
  operators: () => ['co'],
  allowNot: false,
  caseInsensitive: true,
};

const SORTABLE = new Set(['profile.name', 'created', 'lastUpdated', 'id']);

export function realmHandlers(org: Org) {
  const realmJson = (realm: Realm, origin: string) => ({
    ...realm,
    _links: { self: { rel: 'self', href: `${origin}/api/v1/realms/${realm.id}`, method: 'GET' } },
  });

  return [
    http.get(
      '*/api/v1/realms',
      guard(({ request }) => {
        const url = new URL(request.url);
        const search = url.searchParams.get('search');
        // Default 200, or 10 with a search (spec listRealms `limit`).
        const limit = readLimit(url, search ? 10 : 200, 200);
        let realms = [...org.realms.list()];
        if (search) realms = realms.filter(filterOrFail<Realm>(search, SEARCH_RULES));
        const sortBy = url.searchParams.get('sortBy');
        if (sortBy) {
          // Sorting is for search queries only (spec listRealms `sortBy`).
          if (!search || !SORTABLE.has(sortBy)) throw validationFailed('sortBy: only with search, on a realm field');
          const read = (r: Realm) => String(sortBy === 'profile.name' ? r.profile.name : r[sortBy as keyof Realm]);
          const sign = url.searchParams.get('sortOrder')?.toLowerCase() === 'desc' ? -1 : 1;
          realms.sort((a, b) => sign * read(a).localeCompare(read(b)));
          const items = realms.slice(0, limit);
          return pageResponse(request, { items: items.map((r) => realmJson(r, url.origin)) });
        }
        const page = pageAfterId(url, 'realms', realms, (r) => r.id, limit);
        return pageResponse(request, { ...page, items: page.items.map((r) => realmJson(r, url.origin)) });
      }),
    ),

    http.post(
      '*/api/v1/realms',
      guard(async ({ request }) => {
        const body = await readJson(request);
        return HttpResponse.json(realmJson(org.realms.create(body.profile), new URL(request.url).origin));
      }),
    ),

    http.get(
      '*/api/v1/realms/:realmId',
      guard(({ request, params }) =>
        HttpResponse.json(realmJson(org.realms.get(params.realmId as string), new URL(request.url).origin)),
      ),
    ),

    http.put(
      '*/api/v1/realms/:realmId',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        const realm = org.realms.replace(params.realmId as string, body.profile);
        return HttpResponse.json(realmJson(realm, new URL(request.url).origin));
      }),
    ),

    http.delete(
      '*/api/v1/realms/:realmId',
      guard(({ params }) => {
        org.realms.delete(params.realmId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
