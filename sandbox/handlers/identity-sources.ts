/**
 * @module `/api/v1/identity-sources/{identitySourceId}/sessions…`: import sessions, bulk upserts and the import
 * trigger (docs/okta.md §7.5; rules in sandbox/org/identity-sources.ts).
 */
import { HttpResponse, http } from 'msw';
import { guard, readJson } from '../responses.ts';
import type { Org } from '../state.ts';

const BASE = '*/api/v1/identity-sources/:identitySourceId/sessions';

export function identitySourceHandlers(org: Org) {
  const sources = org.identitySources;
  return [
    http.get(
      BASE,
      guard(({ params }) => HttpResponse.json(sources.list(params.identitySourceId as string))),
    ),
    // 200 with the session, as the spec says (createIdentitySourceSession).
    http.post(
      BASE,
      guard(({ params }) => HttpResponse.json(sources.create(params.identitySourceId as string))),
    ),
    http.get(
      `${BASE}/:sessionId`,
      guard(({ params }) =>
        HttpResponse.json(sources.get(params.identitySourceId as string, params.sessionId as string)),
      ),
    ),
    http.delete(
      `${BASE}/:sessionId`,
      guard(({ params }) => {
        sources.delete(params.identitySourceId as string, params.sessionId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.post(
      `${BASE}/:sessionId/bulk-upsert`,
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        sources.bulkUpsert(params.identitySourceId as string, params.sessionId as string, body);
        return new HttpResponse(null, { status: 202 });
      }),
    ),
    http.post(
      `${BASE}/:sessionId/start-import`,
      guard(({ params }) =>
        HttpResponse.json(sources.startImport(params.identitySourceId as string, params.sessionId as string)),
      ),
    ),
  ];
}
