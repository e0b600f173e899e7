/**
 * @module `/api/v1/policies`: list by type (required) with `status`, `q`, `expand=rules` and paging; CRUD;
 * lifecycle; rules with their CRUD and lifecycle (docs/okta.md §7.5; spec Policy tag).
 */
import { HttpResponse, http } from 'msw';
import { isPolicyType, POLICY_TYPES, type Policy, type PolicyRule } from '../org/policies.ts';
import { ApiError, cursor, guard, pageResponse, readJson, validationFailed } from '../responses.ts';
import type { Org } from '../state.ts';

const noContent = () => new HttpResponse(null, { status: 204 });

export function policyHandlers(org: Org) {
  const ruleJson = (rule: PolicyRule, origin: string) => {
    const self = `${origin}/api/v1/policies/${rule.policyId}/rules/${rule.id}`;
    const { policyId: _policyId, ...fields } = rule;
    const op = rule.status === 'ACTIVE' ? 'deactivate' : 'activate';
    return {
      ...fields,
      _links: {
        self: { href: self, hints: { allow: rule.system ? ['GET', 'PUT'] : ['GET', 'PUT', 'DELETE'] } },
        ...(rule.system ? {} : { [op]: { href: `${self}/lifecycle/${op}`, hints: { allow: ['POST'] } } }),
      },
    };
  };

  const policyJson = (policy: Policy, origin: string, expand?: string | null) => {
    const self = `${origin}/api/v1/policies/${policy.id}`;
    const op = policy.status === 'ACTIVE' ? 'deactivate' : 'activate';
    return {
      ...policy,
      ...(expand === 'rules'
        ? { _embedded: { rules: org.policies.rulesOf(policy.id).map((r) => ruleJson(r, origin)) } }
        : {}),
      _links: {
        self: { href: self, hints: { allow: policy.system ? ['GET', 'PUT'] : ['GET', 'PUT', 'DELETE'] } },
        ...(policy.system ? {} : { [op]: { href: `${self}/lifecycle/${op}`, hints: { allow: ['POST'] } } }),
        rules: { href: `${self}/rules`, hints: { allow: ['GET', 'POST'] } },
      },
    };
  };

  const origin = (request: Request) => new URL(request.url).origin;
  const flag = (request: Request, name: string) => new URL(request.url).searchParams.get(name) !== 'false';

  return [
    http.get(
      '*/api/v1/policies',
      guard(({ request }) => {
        const url = new URL(request.url);
        const type = url.searchParams.get('type');
        if (!isPolicyType(type)) {
          throw validationFailed(`type: required, one of ${Object.keys(POLICY_TYPES).join(', ')}`);
        }
        const status = url.searchParams.get('status');
        if (status !== null && status !== 'ACTIVE' && status !== 'INACTIVE') {
          throw validationFailed('status: must be ACTIVE or INACTIVE');
        }
        const q = url.searchParams.get('q')?.toLowerCase();
        let policies = org.policies
          .ofType(type)
          .filter((p) => (status === null || p.status === status) && (!q || p.name.toLowerCase().startsWith(q)));
        if (url.searchParams.get('sortBy') === 'name') policies = policies.sort((a, b) => a.name.localeCompare(b.name));
        // Without a limit Okta returns every policy of the type; with one, pages in priority order.
        const rawLimit = url.searchParams.get('limit');
        const limit = rawLimit === null || rawLimit === '' ? policies.length : Number(rawLimit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new ApiError('E0000001', 'limit: must be a whole number from 1');
        const after = cursor.decode('policies', url.searchParams.get('after'));
        const start = after === undefined ? 0 : policies.findIndex((p) => p.id === after) + 1;
        const items = policies.slice(start, start + limit);
        const last = items.at(-1);
        const more = start + items.length < policies.length && last;
        return pageResponse(request, {
          items: items.map((p) => policyJson(p, url.origin, url.searchParams.get('expand'))),
          after: more ? cursor.encode('policies', last.id) : undefined,
        });
      }),
    ),

    http.post(
      '*/api/v1/policies',
      guard(async ({ request }) => {
        const body = await readJson(request);
        const policy = org.policies.create(body, { activate: flag(request, 'activate') });
        return HttpResponse.json(policyJson(policy, origin(request)));
      }),
    ),

    http.get(
      '*/api/v1/policies/:policyId',
      guard(({ request, params }) => {
        const expand = new URL(request.url).searchParams.get('expand');
        return HttpResponse.json(policyJson(org.policies.get(params.policyId as string), origin(request), expand));
      }),
    ),

    http.put(
      '*/api/v1/policies/:policyId',
      guard(async ({ request, params }) => {
        const policy = org.policies.replace(params.policyId as string, await readJson(request));
        return HttpResponse.json(policyJson(policy, origin(request)));
      }),
    ),

    http.delete(
      '*/api/v1/policies/:policyId',
      guard(({ params }) => {
        org.policies.delete(params.policyId as string);
        return noContent();
      }),
    ),

    http.post(
      '*/api/v1/policies/:policyId/lifecycle/activate',
      guard(({ params }) => {
        org.policies.setStatus(params.policyId as string, 'ACTIVE');
        return noContent();
      }),
    ),

    http.post(
      '*/api/v1/policies/:policyId/lifecycle/deactivate',
      guard(({ params }) => {
        org.policies.setStatus(params.policyId as string, 'INACTIVE');
        return noContent();
      }),
    ),

    http.get(
      '*/api/v1/policies/:policyId/rules',
      guard(({ request, params }) =>
        HttpResponse.json(org.policies.rulesOf(params.policyId as string).map((r) => ruleJson(r, origin(request)))),
      ),
    ),

    http.post(
      '*/api/v1/policies/:policyId/rules',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        const rule = org.policies.createRule(params.policyId as string, body, { activate: flag(request, 'activate') });
        return HttpResponse.json(ruleJson(rule, origin(request)));
      }),
    ),

    http.get(
      '*/api/v1/policies/:policyId/rules/:ruleId',
      guard(({ request, params }) =>
        HttpResponse.json(
          ruleJson(org.policies.getRule(params.policyId as string, params.ruleId as string), origin(request)),
        ),
      ),
    ),

    http.put(
      '*/api/v1/policies/:policyId/rules/:ruleId',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        const rule = org.policies.replaceRule(params.policyId as string, params.ruleId as string, body);
        return HttpResponse.json(ruleJson(rule, origin(request)));
      }),
    ),

    http.delete(
      '*/api/v1/policies/:policyId/rules/:ruleId',
      guard(({ params }) => {
        org.policies.deleteRule(params.policyId as string, params.ruleId as string);
        return noContent();
      }),
    ),

    http.post(
      '*/api/v1/policies/:policyId/rules/:ruleId/lifecycle/activate',
      guard(({ params }) => {
        org.policies.setRuleStatus(params.policyId as string, params.ruleId as string, 'ACTIVE');
        return noContent();
      }),
    ),

    http.post(
      '*/api/v1/policies/:policyId/rules/:ruleId/lifecycle/deactivate',
      guard(({ params }) => {
        org.policies.setRuleStatus(params.policyId as string, params.ruleId as string, 'INACTIVE');
        return noContent();
      }),
    ),
  ];
}
