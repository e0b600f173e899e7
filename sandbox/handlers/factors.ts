/** @module `/api/v1/users/{userId}/factors`: catalogue, questions, enrol, activate, verify, unenrol (docs/okta.md §7.5). */
import { HttpResponse, http } from 'msw';
import type { Factor } from '../org/factors.ts';
import { guard, readJson } from '../responses.ts';
import type { Org } from '../state.ts';

function bool(url: URL, name: string): boolean {
  return url.searchParams.get(name)?.toLowerCase() === 'true';
}

/** A factor as Okta returns it, with the links its state allows (spec UserFactor examples). */
export function factorJson(factor: Factor, origin: string, options: { embedActivation?: boolean } = {}) {
  const user = `${origin}/api/v1/users/${factor.userId}`;
  const self = `${user}/factors/${factor.id}`;
  const links: Record<string, unknown> = {
    self: { href: self, hints: { allow: factor.status === 'ACTIVE' ? ['GET', 'DELETE'] : ['GET'] } },
    user: { href: user, hints: { allow: ['GET'] } },
  };
  if (factor.factorType === 'question') {
    links.questions = { href: `${user}/factors/questions`, hints: { allow: ['GET'] } };
  } else if (factor.status === 'ACTIVE') {
    links.verify = { href: `${self}/verify`, hints: { allow: ['POST'] } };
  } else if (factor.factorType === 'push') {
    links.poll = { href: `${self}/lifecycle/activate/poll`, hints: { allow: ['POST'] } };
  } else {
    links.activate = { href: `${self}/lifecycle/activate`, hints: { allow: ['POST'] } };
    if (['sms', 'call', 'email'].includes(factor.factorType)) {
      links.resend = [{ name: factor.factorType, href: `${self}/resend`, hints: { allow: ['POST'] } }];
    }
  }
  const json: Record<string, unknown> = {
    id: factor.id,
    factorType: factor.factorType,
    provider: factor.provider,
    vendorName: factor.vendorName,
    status: factor.status,
    created: factor.created,
    lastUpdated: factor.lastUpdated,
    profile: factor.profile,
    _links: links,
  };
  // The shared secret is shown once, in the answer to the enrolment, as Okta does.
  if (options.embedActivation && factor.status === 'PENDING_ACTIVATION') {
    if (factor.secret) {
      json._embedded = {
        activation: {
          timeStep: 30,
          sharedSecret: factor.secret,
          encoding: 'base32',
          keyLength: 6,
          _links: { qrcode: { href: `${self}/qr/sandbox`, type: 'image/png' } },
        },
      };
    } else if (factor.factorType === 'push') {
      json._embedded = {
        activation: {
          expiresAt: new Date(Date.parse(factor.created) + 10 * 60_000).toISOString(),
          factorResult: 'WAITING',
          _links: { qrcode: { href: `${self}/qr/sandbox`, type: 'image/png' } },
        },
      };
    }
  }
  return json;
}

export function factorHandlers(org: Org) {
  const origin = (request: Request) => new URL(request.url).origin;
  return [
    http.get(
      '*/api/v1/users/:userId/factors',
      guard(({ request, params }) =>
        HttpResponse.json(org.factors.list(params.userId as string).map((f) => factorJson(f, origin(request)))),
      ),
    ),

    http.get(
      '*/api/v1/users/:userId/factors/catalog',
      guard(({ request, params }) => {
        const user = `${origin(request)}/api/v1/users/${params.userId}`;
        return HttpResponse.json(
          org.factors.catalog(params.userId as string).map((entry) => ({
            ...entry,
            _links: {
              enroll: { href: `${user}/factors`, hints: { allow: ['POST'] } },
              ...(entry.factorType === 'question'
                ? { questions: { href: `${user}/factors/questions`, hints: { allow: ['GET'] } } }
                : {}),
            },
          })),
        );
      }),
    ),

    http.get(
      '*/api/v1/users/:userId/factors/questions',
      guard(({ params }) => HttpResponse.json(org.factors.questions(params.userId as string))),
    ),

    http.post(
      '*/api/v1/users/:userId/factors',
      guard(async ({ request, params }) => {
        const url = new URL(request.url);
        const factor = org.factors.enroll(params.userId as string, await readJson(request), {
          activate: bool(url, 'activate'),
        });
        return HttpResponse.json(factorJson(factor, url.origin, { embedActivation: true }));
      }),
    ),

    http.get(
      '*/api/v1/users/:userId/factors/:factorId',
      guard(({ request, params }) =>
        HttpResponse.json(
          factorJson(org.factors.get(params.userId as string, params.factorId as string), origin(request)),
        ),
      ),
    ),

    http.delete(
      '*/api/v1/users/:userId/factors/:factorId',
      guard(({ params }) => {
        org.factors.unenroll(params.userId as string, params.factorId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.post(
      '*/api/v1/users/:userId/factors/:factorId/lifecycle/activate',
      guard(async ({ request, params }) => {
        const factor = org.factors.activate(
          params.userId as string,
          params.factorId as string,
          await readJson(request),
        );
        return HttpResponse.json(factorJson(factor, origin(request)));
      }),
    ),

    http.post(
      '*/api/v1/users/:userId/factors/:factorId/resend',
      guard(({ request, params }) => {
        const factor = org.factors.resend(params.userId as string, params.factorId as string);
        return HttpResponse.json(factorJson(factor, origin(request)));
      }),
    ),

    http.post(
      '*/api/v1/users/:userId/factors/:factorId/verify',
      guard(async ({ request, params }) => {
        const { factorResult, transaction, factor } = org.factors.verify(
          params.userId as string,
          params.factorId as string,
          await readJson(request),
        );
        const self = `${origin(request)}/api/v1/users/${factor.userId}/factors/${factor.id}`;
        if (transaction) {
          // Push: 201 with the transaction to poll (spec verifyFactor).
          const poll = `${self}/transactions/${transaction.id}`;
          return HttpResponse.json(
            {
              factorResult,
              expiresAt: new Date(transaction.expiresAt).toISOString(),
              profile: factor.profile,
              _links: {
                poll: { href: poll, hints: { allow: ['GET'] } },
                cancel: { href: poll, hints: { allow: ['DELETE'] } },
              },
            },
            { status: 201 },
          );
        }
        return HttpResponse.json({
          factorResult,
          ...(factorResult === 'CHALLENGE'
            ? { profile: factor.profile, _links: { verify: { href: `${self}/verify`, hints: { allow: ['POST'] } } } }
            : {}),
        });
      }),
    ),

    http.get(
      '*/api/v1/users/:userId/factors/:factorId/transactions/:transactionId',
      guard(({ params }) => {
        const { transaction, factorResult } = org.factors.transaction(
          params.userId as string,
          params.factorId as string,
          params.transactionId as string,
        );
        return HttpResponse.json({ factorResult, expiresAt: new Date(transaction.expiresAt).toISOString() });
      }),
    ),
  ];
}
