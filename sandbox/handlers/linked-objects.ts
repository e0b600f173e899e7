/**
 * @module Linked objects: definitions under `/api/v1/meta/schemas/user/linkedObjects`, values under
 * `/api/v1/users/{id}/linkedObjects` (docs/okta.md §7.5).
 */
import { HttpResponse, http } from 'msw';
import type { LinkedObjectDefinition } from '../org/linked-objects.ts';
import { guard, readJson } from '../responses.ts';
import type { Org } from '../state.ts';

const BASE = '/api/v1/meta/schemas/user/linkedObjects';

function definitionJson(definition: LinkedObjectDefinition, origin: string) {
  return { ...definition, _links: { self: { href: `${origin}${BASE}/${definition.primary.name}` } } };
}

export function linkedObjectHandlers(org: Org) {
  const origin = (request: Request) => new URL(request.url).origin;
  return [
    http.get(
      `*${BASE}`,
      guard(({ request }) =>
        HttpResponse.json(org.linkedObjects.list().map((d) => definitionJson(d, origin(request)))),
      ),
    ),

    http.post(
      `*${BASE}`,
      guard(async ({ request }) =>
        HttpResponse.json(definitionJson(org.linkedObjects.create(await readJson(request)), origin(request)), {
          status: 201,
        }),
      ),
    ),

    http.get(
      `*${BASE}/:name`,
      guard(({ request, params }) =>
        HttpResponse.json(definitionJson(org.linkedObjects.get(params.name as string), origin(request))),
      ),
    ),

    http.delete(
      `*${BASE}/:name`,
      guard(({ params }) => {
        org.linkedObjects.delete(params.name as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.put(
      '*/api/v1/users/:userId/linkedObjects/:primaryName/:primaryUserId',
      guard(({ params }) => {
        org.linkedObjects.set(params.userId as string, params.primaryName as string, params.primaryUserId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.get(
      '*/api/v1/users/:userId/linkedObjects/:name',
      guard(({ request, params }) => {
        const ids = org.linkedObjects.usersLinkedTo(params.userId as string, params.name as string);
        // Each value is a link to the other user (spec example of listLinkedObjectsForUser).
        return HttpResponse.json(
          ids.map((id) => ({ _links: { self: { href: `${origin(request)}/api/v1/users/${id}` } } })),
        );
      }),
    ),

    http.delete(
      '*/api/v1/users/:userId/linkedObjects/:name',
      guard(({ params }) => {
        org.linkedObjects.remove(params.userId as string, params.name as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
