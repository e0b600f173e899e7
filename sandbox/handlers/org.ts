/** @module The org itself: `/.well-known/okta-organization` (unauthenticated) and `/api/v1/org`. */
import { HttpResponse, http } from 'msw';

export function orgHandlers(orgId: string) {
  return [
    // Identity Engine orgs answer pipeline "idx", Classic orgs "v1" (API-FACTS §7.5).
    http.get('*/.well-known/okta-organization', ({ request }) => {
      const origin = new URL(request.url).origin;
      return HttpResponse.json({ id: orgId, pipeline: 'idx', _links: { organization: { href: origin } } });
    }),
    http.get('*/api/v1/org', ({ request }) => {
      const origin = new URL(request.url).origin;
      return HttpResponse.json({
        id: orgId,
        companyName: 'Sandbox Inc.',
        status: 'ACTIVE',
        subdomain: 'sandbox',
        website: 'https://sandbox.example.com',
        created: '2024-01-01T00:00:00.000Z',
        _links: { self: { href: `${origin}/api/v1/org` } },
      });
    }),
  ];
}
