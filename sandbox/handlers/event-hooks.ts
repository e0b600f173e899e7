/**
 * @module `/api/v1/eventHooks`: list (no paging), create, read, replace, delete, and the activate, deactivate and
 * verify lifecycle (docs/okta.md §4.3). The auth scheme's `value` is write-only: never answered.
 */
import { HttpResponse, http } from 'msw';
import type { EventHook } from '../org/event-hooks.ts';
import { ApiError, guard, readJson } from '../responses.ts';
import type { Org } from '../state.ts';

function hookJson(hook: EventHook, origin: string) {
  const self = `${origin}/api/v1/eventHooks/${hook.id}`;
  const { authScheme, ...config } = hook.channel.config;
  const post = { hints: { allow: ['POST'] } };
  return {
    ...hook,
    channel: {
      ...hook.channel,
      config: { ...config, ...(authScheme ? { authScheme: { type: authScheme.type, key: authScheme.key } } : {}) },
    },
    _links: {
      self: { href: self },
      verify: { href: `${self}/lifecycle/verify`, ...post },
      [hook.status === 'ACTIVE' ? 'deactivate' : 'activate']: {
        href: `${self}/lifecycle/${hook.status === 'ACTIVE' ? 'deactivate' : 'activate'}`,
        ...post,
      },
    },
  };
}

export function eventHookHandlers(org: Org) {
  const hooks = org.eventHooks;
  const answer = (request: Request, hook: EventHook) => HttpResponse.json(hookJson(hook, new URL(request.url).origin));

  return [
    http.get(
      '*/api/v1/eventHooks',
      guard(({ request }) => HttpResponse.json(hooks.list().map((h) => hookJson(h, new URL(request.url).origin)))),
    ),
    http.post(
      '*/api/v1/eventHooks',
      guard(async ({ request }) => answer(request, hooks.create(await readJson(request)))),
    ),
    http.get(
      '*/api/v1/eventHooks/:id',
      guard(({ request, params }) => answer(request, hooks.get(params.id as string))),
    ),
    http.put(
      '*/api/v1/eventHooks/:id',
      guard(async ({ request, params }) =>
        answer(request, hooks.replace(params.id as string, await readJson(request))),
      ),
    ),
    http.delete(
      '*/api/v1/eventHooks/:id',
      guard(({ params }) => {
        hooks.delete(params.id as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
    http.post(
      '*/api/v1/eventHooks/:id/lifecycle/:operation',
      guard(async ({ request, params }) => {
        const id = params.id as string;
        switch (params.operation) {
          case 'activate':
            return answer(request, hooks.activate(id));
          case 'deactivate':
            return answer(request, hooks.deactivate(id));
          case 'verify':
            return answer(request, await hooks.verify(id));
          default:
            throw new ApiError('E0000008');
        }
      }),
    ),
  ];
}
