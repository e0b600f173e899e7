/**
 * @module `/api/v1/users`: list with search, filter and q; create; read, update, delete; the lifecycle operations
 * (docs/okta.md §2.3, §7.1, §7.2).
 */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail, type Operator, rangeOf } from '../filter.ts';
import { ApiError, cursor, guard, pageResponse, readJson, readLimit, validationFailed } from '../responses.ts';
import type { Org, User, UserStatus } from '../state.ts';

const ALL_OPERATORS: Operator[] = ['eq', 'sw', 'gt', 'ge', 'lt', 'le', 'pr'];
const CONTAINS_ATTRIBUTES = new Set(['profile.firstName', 'profile.lastName', 'profile.email', 'profile.login']);

/** `search`: any attribute; `co` only on four profile attributes; no `ne`; case-insensitive values (§2.3). */
export const SEARCH_RULES: FilterRules = {
  operators: (attribute) => (CONTAINS_ATTRIBUTES.has(attribute) ? [...ALL_OPERATORS, 'co'] : ALL_OPERATORS),
  allowNot: false,
  caseInsensitive: true,
};

const FILTER_ATTRIBUTES = new Set([
  'status',
  'lastUpdated',
  'id',
  'profile.login',
  'profile.email',
  'profile.firstName',
  'profile.lastName',
]);

/** `filter`: seven attributes, `eq` only but for lastUpdated, case-sensitive (§2.3). */
const FILTER_RULES: FilterRules = {
  attributes: (attribute) => FILTER_ATTRIBUTES.has(attribute),
  operators: (attribute) => (attribute === 'lastUpdated' ? ['eq', 'gt', 'ge', 'lt', 'le'] : ['eq']),
  allowNot: false,
  caseInsensitive: false,
};

/** The links a single user carries: only the operations its status allows (§7.1). */
const OPERATIONS: Record<UserStatus, string[]> = {
  STAGED: ['activate', 'deactivate', 'changePassword', 'changeRecoveryQuestion'],
  PROVISIONED: ['reactivate', 'deactivate', 'resetPassword'],
  ACTIVE: [
    'suspend',
    'deactivate',
    'resetPassword',
    'expirePassword',
    'resetFactors',
    'forgotPassword',
    'changePassword',
    'changeRecoveryQuestion',
  ],
  RECOVERY: ['reactivate', 'deactivate', 'resetPassword', 'expirePassword', 'changePassword', 'changeRecoveryQuestion'],
  PASSWORD_EXPIRED: ['deactivate', 'resetPassword', 'expirePassword', 'resetFactors', 'changePassword'],
  LOCKED_OUT: ['unlock', 'deactivate', 'resetPassword', 'expirePassword'],
  SUSPENDED: ['unsuspend', 'deactivate'],
  DEPROVISIONED: ['activate'],
};
const OPERATION_PATHS: Record<string, string> = {
  resetPassword: 'lifecycle/reset_password',
  expirePassword: 'lifecycle/expire_password',
  resetFactors: 'lifecycle/reset_factors',
  forgotPassword: 'credentials/forgot_password',
  changePassword: 'credentials/change_password',
  changeRecoveryQuestion: 'credentials/change_recovery_question',
};

export function userJson(user: User, origin: string, detail: 'single' | 'collection' = 'collection') {
  const self = `${origin}/api/v1/users/${user.id}`;
  const links: Record<string, { href: string; method?: string }> = { self: { href: self } };
  if (detail === 'single') {
    links.type = { href: `${origin}/api/v1/meta/types/user/${user.type.id}` };
    for (const op of OPERATIONS[user.status]) {
      links[op] = { href: `${self}/${OPERATION_PATHS[op] ?? `lifecycle/${op}`}`, method: 'POST' };
    }
  }
  return {
    id: user.id,
    status: user.status,
    created: user.created,
    activated: user.activated,
    statusChanged: user.statusChanged,
    lastLogin: user.lastLogin,
    lastUpdated: user.lastUpdated,
    passwordChanged: user.passwordChanged,
    type: user.type,
    profile: user.profile,
    credentials: credentialsJson(user),
    _links: links,
  };
}

/** What `credentials` shows: that a password exists, the recovery question, the provider (spec UserCredentials). */
export function credentialsJson(user: User) {
  return {
    ...(user.password ? { password: {} } : {}),
    ...(user.recoveryQuestion ? { recovery_question: { question: user.recoveryQuestion } } : {}),
    provider: { type: 'OKTA', name: 'OKTA' },
  };
}

interface CredentialsBody {
  password?: { value?: string };
  recovery_question?: { question?: string; answer?: string };
}

function read(user: User, attribute: string): unknown {
  let value: unknown = user;
  for (const part of attribute.split('.')) value = (value as Record<string, unknown> | undefined)?.[part];
  return value;
}

function bool(url: URL, name: string, fallback: boolean): boolean {
  const value = url.searchParams.get(name);
  return value === null ? fallback : value.toLowerCase() === 'true';
}

/** The credentials an admin update sets: a password, a recovery question with its answer. */
function credentialChanges(body: Record<string, unknown>) {
  const credentials = (body.credentials ?? {}) as CredentialsBody;
  const password = credentials.password?.value;
  const question = credentials.recovery_question?.question;
  const answer = credentials.recovery_question?.answer;
  return {
    ...(password ? { password } : {}),
    ...(question ? { recoveryQuestion: question } : {}),
    ...(answer ? { recoveryAnswer: answer } : {}),
  };
}

export function userHandlers(org: Org) {
  const origin = (request: Request) => new URL(request.url).origin;
  const single = (request: Request, user: User) => HttpResponse.json(userJson(user, origin(request), 'single'));

  const lifecycle = (name: string, run: (id: string, url: URL) => Response | User) =>
    http.post(
      `*/api/v1/users/:id/lifecycle/${name}`,
      guard(({ request, params }) => {
        const result = run(params.id as string, new URL(request.url));
        return result instanceof Response ? result : single(request, result);
      }),
    );

  /** credentials/…: the user's credentials as they are after the change (spec UserCredentials). */
  const credentialsOperation = (name: string, run: (id: string, body: Record<string, unknown>) => User) =>
    http.post(
      `*/api/v1/users/:id/credentials/${name}`,
      guard(async ({ request, params }) => {
        const user = run(params.id as string, await readJson(request));
        return HttpResponse.json(credentialsJson(user));
      }),
    );

  /** What activate and reactivate answer: an activation link when no email is sent, else an empty object. */
  const activation = (url: URL, user: User) => {
    if (bool(url, 'sendEmail', true)) return HttpResponse.json({});
    const token = `sandbox${user.id.slice(-10)}${Math.random().toString(36).slice(2, 10)}`;
    return HttpResponse.json({ activationUrl: `${url.origin}/tokens/${token}/verify`, activationToken: token });
  };

  return [
    http.get(
      '*/api/v1/users',
      guard(({ request }) => {
        const url = new URL(request.url);
        const search = url.searchParams.get('search');
        const filter = url.searchParams.get('filter');
        const q = url.searchParams.get('q');
        if (search !== null && filter !== null) throw new ApiError('E0000033');

        if (q !== null) {
          // Starts-with on first name, last name or email; no pages (§2.3).
          const limit = readLimit(url, 10, 200);
          const prefix = q.toLowerCase();
          const items = org
            .listUsers()
            .filter(
              (u) =>
                u.status !== 'DEPROVISIONED' &&
                [u.profile.firstName, u.profile.lastName, u.profile.email].some(
                  (v) => typeof v === 'string' && v.toLowerCase().startsWith(prefix),
                ),
            )
            .slice(0, limit);
          return pageResponse(request, { items: items.map((u) => userJson(u, url.origin)) });
        }

        const limit = readLimit(url, 200, 200);
        const after = cursor.decode('users', url.searchParams.get('after'));
        const match = search
          ? filterOrFail<User>(search, SEARCH_RULES)
          : filter
            ? filterOrFail<User>(filter, FILTER_RULES)
            : (u: User) => u.status !== 'DEPROVISIONED';
        const sortBy = url.searchParams.get('sortBy');

        if (search && sortBy === 'created') {
          // Okta's search is indexed (docs/okta.md §2.3): sorted on `created`, a page reads from where the last one
          // ended, and a `created` range only its own records.
          const range = rangeOf(search, SEARCH_RULES, 'created') ?? { from: -Infinity, to: Infinity };
          const direction = url.searchParams.get('sortOrder')?.toLowerCase() === 'desc' ? -1 : 1;
          const [at, id] = after?.split('@') ?? [];
          const position = at && id ? { at: Number(at), id } : undefined;
          const { items, next } = org.users.createdPage(match, range, direction, position, limit);
          return pageResponse(request, {
            items: items.map((u) => userJson(u, url.origin)),
            after: next && cursor.encode('users', `${next.at}@${next.id}`),
          });
        }

        if (search && sortBy) {
          const direction = url.searchParams.get('sortOrder')?.toLowerCase() === 'desc' ? -1 : 1;
          const keyOf = (user: User) => String(read(user, sortBy) ?? '');
          const offset = after === undefined ? 0 : Number(after);
          const { items, next } = org.users.sortedPage(match, keyOf, direction, offset, limit);
          return pageResponse(request, {
            items: items.map((u) => userJson(u, url.origin)),
            after: next === undefined ? undefined : cursor.encode('users', String(next)),
          });
        }

        const { items, more } = org.users.page(match, after, limit);
        const last = items.at(-1);
        return pageResponse(request, {
          items: items.map((u) => userJson(u, url.origin)),
          after: more && last ? cursor.encode('users', last.id) : undefined,
        });
      }),
    ),

    http.post(
      '*/api/v1/users',
      guard(async ({ request }) => {
        const url = new URL(request.url);
        const body = await readJson(request);
        const activate = bool(url, 'activate', true);
        const nextLogin = url.searchParams.get('nextLogin');
        if (nextLogin !== null && (nextLogin !== 'changePassword' || !activate)) throw new ApiError('E0000125');
        const profile = body.profile as User['profile'] | undefined;
        if (!profile || typeof profile !== 'object') {
          throw validationFailed('profile: The field cannot be left blank');
        }
        const groupIds = body.groupIds;
        if (Array.isArray(groupIds) && groupIds.length > 20) throw new ApiError('E0000093');
        const credentials = (body.credentials ?? {}) as CredentialsBody;
        const typeId = (body.type as { id?: unknown } | undefined)?.id;
        const user = org.users.create(
          {
            profile,
            ...(credentials.password?.value ? { password: credentials.password.value } : {}),
            ...(credentials.recovery_question?.question
              ? {
                  recoveryQuestion: credentials.recovery_question.question,
                  ...(credentials.recovery_question.answer
                    ? { recoveryAnswer: credentials.recovery_question.answer }
                    : {}),
                }
              : {}),
            ...(Array.isArray(groupIds) ? { groupIds: groupIds as string[] } : {}),
            ...(typeof typeId === 'string' ? { typeId } : {}),
          },
          { activate },
        );
        if (nextLogin === 'changePassword' && user.status === 'ACTIVE') user.status = 'PASSWORD_EXPIRED';
        return single(request, user);
      }),
    ),

    http.get(
      '*/api/v1/users/:id',
      guard(({ request, params }) => single(request, org.users.get(params.id as string))),
    ),

    http.post(
      '*/api/v1/users/:id',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        const profile = body.profile as Record<string, unknown> | undefined;
        const user = org.users.update(
          params.id as string,
          { ...(profile ? { profile } : {}), ...credentialChanges(body) },
          false,
        );
        return single(request, user);
      }),
    ),

    http.put(
      '*/api/v1/users/:id',
      guard(async ({ request, params }) => {
        const body = await readJson(request);
        const typeId = (body.type as { id?: unknown } | undefined)?.id;
        const user = org.users.update(
          params.id as string,
          {
            profile: (body.profile ?? {}) as Record<string, unknown>,
            ...credentialChanges(body),
            ...(typeof typeId === 'string' ? { typeId } : {}),
          },
          true,
        );
        return single(request, user);
      }),
    ),

    http.delete(
      '*/api/v1/users/:id',
      guard(({ params }) => {
        // The first DELETE deactivates, the second removes (§7.1).
        const user = org.users.get(params.id as string);
        if (user.status === 'DEPROVISIONED') org.users.delete(user.id);
        else org.users.deactivate(user.id);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.get(
      '*/api/v1/users/:id/groups',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        return HttpResponse.json(
          org.groups
            .ofUser(params.id as string)
            .map((g) => ({ ...g, _links: { self: { href: `${url.origin}/api/v1/groups/${g.id}` } } })),
        );
      }),
    ),

    lifecycle('activate', (id, url) => activation(url, org.users.activate(id))),
    lifecycle('reactivate', (id, url) => activation(url, org.users.reactivate(id))),
    lifecycle('deactivate', (id) => {
      org.users.deactivate(id);
      return HttpResponse.json({});
    }),
    lifecycle('suspend', (id) => {
      org.users.suspend(id);
      return HttpResponse.json({});
    }),
    lifecycle('unsuspend', (id) => {
      org.users.unsuspend(id);
      return HttpResponse.json({});
    }),
    lifecycle('unlock', (id) => {
      org.users.unlock(id);
      return HttpResponse.json({});
    }),
    lifecycle('reset_password', (id, url) => {
      const user = org.users.resetPassword(id);
      if (bool(url, 'sendEmail', true)) return HttpResponse.json({});
      return HttpResponse.json({ resetPasswordUrl: `${url.origin}/reset_password/sandbox${user.id.slice(-8)}` });
    }),
    lifecycle('expire_password', (id) => org.users.expirePassword(id).user),
    lifecycle('expire_password_with_temp_password', (id) =>
      HttpResponse.json({ tempPassword: org.users.expirePassword(id, { tempPassword: true }).tempPassword }),
    ),
    lifecycle('reset_factors', (id) => {
      org.factors.resetAll(id);
      return new HttpResponse(null, { status: 200 });
    }),

    credentialsOperation('change_password', (id, body) =>
      org.users.changePassword(
        id,
        (body.oldPassword as { value?: unknown } | undefined)?.value,
        (body.newPassword as { value?: unknown } | undefined)?.value,
      ),
    ),
    credentialsOperation('change_recovery_question', (id, body) => {
      const credentials = body as CredentialsBody;
      return org.users.changeRecoveryQuestion(
        id,
        credentials.password?.value,
        credentials.recovery_question?.question,
        credentials.recovery_question?.answer,
      );
    }),
    credentialsOperation('forgot_password_recovery_question', (id, body) => {
      const credentials = body as CredentialsBody;
      return org.users.forgotPasswordSetNewPassword(
        id,
        credentials.recovery_question?.answer,
        credentials.password?.value,
      );
    }),
    http.post(
      '*/api/v1/users/:id/credentials/forgot_password',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        const user = org.users.forgotPassword(params.id as string);
        if (bool(url, 'sendEmail', true)) return HttpResponse.json({});
        return HttpResponse.json({
          resetPasswordUrl: `${url.origin}/signin/reset-password/sandbox${user.id.slice(-8)}`,
        });
      }),
    ),

    http.delete(
      '*/api/v1/users/:id/sessions',
      guard(({ params }) => {
        org.users.clearSessions(params.id as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    http.get(
      '*/api/v1/users/:id/appLinks',
      guard(({ request, params }) => {
        const url = new URL(request.url);
        const user = org.users.get(params.id as string);
        // One link per app assigned to the user (spec AppLink); the sandbox's apps each have one link.
        // Direct and group assignments alike (Apps.appsOfUser).
        const links = org.apps
          .appsOfUser(user.id)
          .filter((app) => app.status === 'ACTIVE')
          .map((app, sortOrder) => ({
            id: user.id,
            label: app.label,
            linkUrl: `${url.origin}/home/${app.name}/${app.id}/${sortOrder + 1}`,
            logoUrl: `${url.origin}/assets/img/logos/default.png`,
            appName: app.name,
            appInstanceId: app.id,
            appAssignmentId: `0ua${app.id.slice(3)}`,
            credentialsSetup: false,
            hidden: false,
            sortOrder,
          }));
        return HttpResponse.json(links);
      }),
    ),
  ];
}
