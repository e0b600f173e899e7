/** @module `/api/v1/meta/types/user` and the profile schema of each type, `/api/v1/meta/schemas/user/{schemaId}`. */
import { HttpResponse, http } from 'msw';
import type { UserType } from '../org/user-types.ts';
import { guard, readJson } from '../responses.ts';
import type { Org } from '../state.ts';

function userTypeJson(type: UserType, origin: string) {
  const { schemaId, ...fields } = type;
  return {
    ...fields,
    _links: {
      self: { href: `${origin}/api/v1/meta/types/user/${type.id}` },
      schema: { href: `${origin}/api/v1/meta/schemas/user/${schemaId}` },
    },
  };
}

export function userTypeHandlers(org: Org) {
  const origin = (request: Request) => new URL(request.url).origin;
  const json = (request: Request, type: UserType) => HttpResponse.json(userTypeJson(type, origin(request)));
  return [
    http.get(
      '*/api/v1/meta/types/user',
      guard(({ request }) => HttpResponse.json(org.userTypes.list().map((t) => userTypeJson(t, origin(request))))),
    ),
    http.post(
      '*/api/v1/meta/types/user',
      guard(async ({ request }) => json(request, org.userTypes.create(await readJson(request)))),
    ),
    http.get(
      '*/api/v1/meta/types/user/:typeId',
      guard(({ request, params }) => json(request, org.userTypes.get(params.typeId as string))),
    ),
    http.post(
      '*/api/v1/meta/types/user/:typeId',
      guard(async ({ request, params }) =>
        json(request, org.userTypes.update(params.typeId as string, await readJson(request), false)),
      ),
    ),
    http.put(
      '*/api/v1/meta/types/user/:typeId',
      guard(async ({ request, params }) =>
        json(request, org.userTypes.update(params.typeId as string, await readJson(request), true)),
      ),
    ),
    http.delete(
      '*/api/v1/meta/types/user/:typeId',
      guard(({ params }) => {
        org.userTypes.delete(params.typeId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.get(
      '*/api/v1/meta/schemas/user/:schemaId',
      guard(({ request, params }) =>
        HttpResponse.json(org.userTypes.schema(params.schemaId as string, origin(request))),
      ),
    ),
    http.post(
      '*/api/v1/meta/schemas/user/:schemaId',
      guard(async ({ request, params }) => {
        const schemaId = params.schemaId as string;
        org.userTypes.updateSchema(schemaId, await readJson(request));
        return HttpResponse.json(org.userTypes.schema(schemaId, origin(request)));
      }),
    ),
  ];
}
