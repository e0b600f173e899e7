/**
 * @module The org itself: `/.well-known/okta-organization` (unauthenticated), the general settings `/api/v1/org`
 * (GET, POST partial, PUT replace), contact users, end-user footer preference, Okta communication opt-out, logo.
 */
import { HttpResponse, http } from 'msw';
import { CONTACT_TYPES, type ContactType } from '../org/org-settings.ts';
import { ApiError, guard, readJson } from '../responses.ts';
import type { Org } from '../state.ts';

export function orgHandlers(org: Org, orgId: string) {
  const settings = org.settings;
  const originOf = (request: Request) => new URL(request.url).origin;

  const settingsJson = (origin: string) => ({
    id: orgId,
    ...settings.general,
    created: settings.created,
    lastUpdated: settings.lastUpdated,
    expiresAt: null,
    status: 'ACTIVE',
    subdomain: 'sandbox',
    _links: {
      contacts: { href: `${origin}/api/v1/org/contacts` },
      preferences: { href: `${origin}/api/v1/org/preferences` },
      oktaCommunication: { href: `${origin}/api/v1/org/privacy/oktaCommunication` },
      logo: { href: `${origin}/api/v1/org/logo` },
      oktaSupport: { href: `${origin}/api/v1/org/privacy/oktaSupport` },
      uploadLogo: { href: `${origin}/api/v1/org/logo`, hints: { allow: ['POST'] } },
    },
  });

  const contactType = (value: string): ContactType => {
    if (!(CONTACT_TYPES as readonly string[]).includes(value)) {
      throw new ApiError('E0000007', `Resource not found: ${value} (OrgContactType)`);
    }
    return value as ContactType;
  };

  const contactJson = (type: ContactType, origin: string) => {
    const userId = settings.contacts.get(type) ?? null;
    return { contactType: type, userId, _links: { user: { href: `${origin}/api/v1/users/${userId}` } } };
  };

  const preferencesJson = (origin: string) => ({
    showEndUserFooter: settings.showEndUserFooter,
    _links: {
      [settings.showEndUserFooter ? 'hideEndUserFooter' : 'showEndUserFooter']: {
        href: `${origin}/api/v1/org/preferences/${settings.showEndUserFooter ? 'hide' : 'show'}EndUserFooter`,
        hints: { allow: ['POST'] },
      },
    },
  });

  const communicationJson = (origin: string) => ({
    optOutEmailUsers: settings.optOutEmailUsers,
    _links: {
      [settings.optOutEmailUsers ? 'optIn' : 'optOut']: {
        href: `${origin}/api/v1/org/privacy/oktaCommunication/${settings.optOutEmailUsers ? 'optIn' : 'optOut'}`,
        hints: { allow: ['POST'] },
      },
    },
  });

  return [
    // Identity Engine orgs answer pipeline "idx", Classic orgs "v1" (docs/okta.md §7.5).
    http.get('*/.well-known/okta-organization', ({ request }) =>
      HttpResponse.json({ id: orgId, pipeline: 'idx', _links: { organization: { href: originOf(request) } } }),
    ),

    http.get('*/api/v1/org', ({ request }) => HttpResponse.json(settingsJson(originOf(request)))),

    ...(['post', 'put'] as const).map((method) =>
      http[method](
        '*/api/v1/org',
        guard(async ({ request }) => {
          settings.update(await readJson(request), method === 'put');
          return HttpResponse.json(settingsJson(originOf(request)));
        }),
      ),
    ),

    http.get('*/api/v1/org/contacts', ({ request }) =>
      HttpResponse.json(
        CONTACT_TYPES.map((type) => ({
          contactType: type,
          _links: { [type.toLowerCase()]: { href: `${originOf(request)}/api/v1/org/contacts/${type}` } },
        })),
      ),
    ),

    http.get(
      '*/api/v1/org/contacts/:contactType',
      guard(({ request, params }) =>
        HttpResponse.json(contactJson(contactType(params.contactType as string), originOf(request))),
      ),
    ),

    http.put(
      '*/api/v1/org/contacts/:contactType',
      guard(async ({ request, params }) => {
        const type = contactType(params.contactType as string);
        settings.setContact(type, (await readJson(request)).userId);
        return HttpResponse.json(contactJson(type, originOf(request)));
      }),
    ),

    http.get('*/api/v1/org/preferences', ({ request }) => HttpResponse.json(preferencesJson(originOf(request)))),
    ...(['hide', 'show'] as const).map((op) =>
      http.post(`*/api/v1/org/preferences/${op}EndUserFooter`, ({ request }) => {
        settings.showEndUserFooter = op === 'show';
        return HttpResponse.json(preferencesJson(originOf(request)));
      }),
    ),

    http.get('*/api/v1/org/privacy/oktaCommunication', ({ request }) =>
      HttpResponse.json(communicationJson(originOf(request))),
    ),
    ...(['optIn', 'optOut'] as const).map((op) =>
      http.post(`*/api/v1/org/privacy/oktaCommunication/${op}`, ({ request }) => {
        settings.optOutEmailUsers = op === 'optOut';
        return HttpResponse.json(communicationJson(originOf(request)));
      }),
    ),

    // Still in Okta's SDK (uploadOrgLogo, 201 with no body), no longer in the current spec: brands took it over.
    http.post(
      '*/api/v1/org/logo',
      guard(async ({ request }) => {
        const type = request.headers.get('content-type') ?? '';
        if (!type.startsWith('multipart/form-data'))
          throw new ApiError('E0000001', 'file: a multipart file is required', ['file: a multipart file is required']);
        await request.arrayBuffer();
        return new HttpResponse(null, { status: 201 });
      }),
    ),
  ];
}
