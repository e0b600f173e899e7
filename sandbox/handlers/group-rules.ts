/**
 * @module `/api/v1/groups/rules`: list (keyword search, id-cursor pages), CRUD and lifecycle (docs/okta.md §7.3, spec
 * GroupRule tag). Registered before the group handlers, whose `/api/v1/groups/:groupId` would otherwise take "rules".
 */
import { HttpResponse, http } from 'msw';
import type { GroupRule } from '../org/group-rules.ts';
import { guard, pageAfterId, pageResponse, readJson, readLimit } from '../responses.ts';
import type { Org } from '../state.ts';

export function groupRuleHandlers(org: Org) {
  const ruleJson = (rule: GroupRule, expand: string | null) => ({
    ...structuredClone(rule),
    ...(expand === 'groupIdToGroupNameMap'
      ? { _embedded: { groupIdToGroupNameMap: org.groupRules.groupNames(rule) } }
      : {}),
  });
  const expandOf = (request: Request) => new URL(request.url).searchParams.get('expand');

  return [
    http.get(
      '*/api/v1/groups/rules',
      guard(({ request }) => {
        const url = new URL(request.url);
        // limit 1–200, default 50 (spec listGroupRules).
        const limit = readLimit(url, 50, 200);
        // `search` is a keyword: rules whose name holds it, whatever the case.
        const keyword = url.searchParams.get('search')?.toLowerCase();
        const rules = org.groupRules.list().filter((rule) => !keyword || rule.name.toLowerCase().includes(keyword));
        const page = pageAfterId(url, 'rules', rules, (rule) => rule.id, limit);
        return pageResponse(request, { ...page, items: page.items.map((rule) => ruleJson(rule, expandOf(request))) });
      }),
    ),

    http.post(
      '*/api/v1/groups/rules',
      guard(async ({ request }) => HttpResponse.json(ruleJson(org.groupRules.create(await readJson(request)), null))),
    ),

    http.get(
      '*/api/v1/groups/rules/:ruleId',
      guard(({ request, params }) =>
        HttpResponse.json(ruleJson(org.groupRules.get(params.ruleId as string), expandOf(request))),
      ),
    ),

    http.put(
      '*/api/v1/groups/rules/:ruleId',
      guard(async ({ request, params }) =>
        HttpResponse.json(ruleJson(org.groupRules.replace(params.ruleId as string, await readJson(request)), null)),
      ),
    ),

    http.delete(
      '*/api/v1/groups/rules/:ruleId',
      guard(({ request, params }) => {
        const removeUsers = new URL(request.url).searchParams.get('removeUsers') === 'true';
        org.groupRules.delete(params.ruleId as string, removeUsers);
        return new HttpResponse(null, { status: 202 });
      }),
    ),

    http.post(
      '*/api/v1/groups/rules/:ruleId/lifecycle/activate',
      guard(({ params }) => {
        org.groupRules.activate(params.ruleId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.post(
      '*/api/v1/groups/rules/:ruleId/lifecycle/deactivate',
      guard(({ params }) => {
        org.groupRules.deactivate(params.ruleId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),
  ];
}
