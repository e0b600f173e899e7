/**
 * @module `/api/v1/devices`: list with `search` and `expand`, read, delete, lifecycle, and a device's users
 * (docs/okta.md §7.5; spec Device tag).
 */
import { HttpResponse, http } from 'msw';
import { type FilterRules, filterOrFail } from '../filter.ts';
import type { Device } from '../org/devices.ts';
import { guard, pageAfterId, pageResponse, readLimit, validationFailed } from '../responses.ts';
import type { Org, User } from '../state.ts';
import { userJson } from './users.ts';

/** `co` only on these profile attributes (spec listDevices `search`). */
const CONTAINS = new Set([
  'profile.displayName',
  'profile.serialNumber',
  'profile.imei',
  'profile.meid',
  'profile.udid',
  'profile.sid',
]);

/** `search`: every profile attribute, id, status and lastUpdated; case-insensitive (spec listDevices). */
const SEARCH_RULES: FilterRules = {
  attributes: (a) => a === 'id' || a === 'status' || a === 'lastUpdated' || a.startsWith('profile.'),
  operators: (a) =>
    a === 'lastUpdated'
      ? ['eq', 'gt', 'ge', 'lt', 'le']
      : CONTAINS.has(a)
        ? ['eq', 'sw', 'co', 'pr']
        : ['eq', 'sw', 'pr'],
  allowNot: false,
  caseInsensitive: true,
};

const LIFECYCLE = ['activate', 'deactivate', 'suspend', 'unsuspend'] as const;

/** The lifecycle links a device's status allows. */
const LINKS: Record<Device['status'], (typeof LIFECYCLE)[number][]> = {
  CREATED: ['activate', 'deactivate'],
  ACTIVE: ['deactivate', 'suspend'],
  SUSPENDED: ['deactivate', 'unsuspend'],
  DEACTIVATED: ['activate'],
};

export function deviceHandlers(org: Org) {
  const deviceUsers = (device: Device, origin: string) =>
    device.users.map((link) => ({
      created: link.created,
      managementStatus: link.managementStatus,
      screenLockType: 'BIOMETRIC',
      user: userJson(org.users.byId(link.userId) as User, origin),
    }));

  const deviceJson = (device: Device, origin: string, expand?: string | null) => {
    const self = `${origin}/api/v1/devices/${device.id}`;
    const { users: _users, ...fields } = device;
    const links: Record<string, unknown> = {
      self: { href: self, hints: { allow: ['GET', 'PATCH', 'PUT'] } },
      users: { href: `${self}/users`, hints: { allow: ['GET'] } },
    };
    for (const op of LINKS[device.status]) {
      links[op] = { href: `${self}/lifecycle/${op}`, hints: { allow: ['POST'] } };
    }
    const embedded =
      expand === 'user'
        ? { users: deviceUsers(device, origin) }
        : expand === 'userSummary'
          ? {
              users: device.users.map((link) => {
                const user = org.users.byId(link.userId);
                const { login, email, firstName, lastName } = user.profile;
                return {
                  created: link.created,
                  managementStatus: link.managementStatus,
                  user: { id: user.id, status: user.status, profile: { login, email, firstName, lastName } },
                };
              }),
            }
          : undefined;
    return {
      ...fields,
      resourceType: 'UDDevice',
      resourceDisplayName: { value: device.profile.displayName, sensitive: false },
      resourceAlternateId: null,
      resourceId: device.id,
      _links: links,
      ...(embedded ? { _embedded: embedded } : {}),
    };
  };

  return [
    http.get(
      '*/api/v1/devices',
      guard(({ request }) => {
        const url = new URL(request.url);
        const limit = readLimit(url, 200, 200);
        const search = url.searchParams.get('search');
        const expand = url.searchParams.get('expand');
        if (expand !== null && expand !== 'user' && expand !== 'userSummary') {
          throw validationFailed('expand: must be user or userSummary');
        }
        const match = search ? filterOrFail<Device>(search, SEARCH_RULES) : () => true;
        const page = pageAfterId(url, 'devices', org.devices.list().filter(match), (d) => d.id, limit);
        return pageResponse(request, { ...page, items: page.items.map((d) => deviceJson(d, url.origin, expand)) });
      }),
    ),

    http.get(
      '*/api/v1/devices/:deviceId',
      guard(({ request, params }) =>
        HttpResponse.json(deviceJson(org.devices.get(params.deviceId as string), new URL(request.url).origin)),
      ),
    ),

    http.delete(
      '*/api/v1/devices/:deviceId',
      guard(({ params }) => {
        org.devices.delete(params.deviceId as string);
        return new HttpResponse(null, { status: 204 });
      }),
    ),

    ...LIFECYCLE.map((op) =>
      http.post(
        `*/api/v1/devices/:deviceId/lifecycle/${op}`,
        guard(({ params }) => {
          org.devices.transition(params.deviceId as string, op);
          return new HttpResponse(null, { status: 204 });
        }),
      ),
    ),

    http.get(
      '*/api/v1/devices/:deviceId/users',
      guard(({ request, params }) =>
        HttpResponse.json(deviceUsers(org.devices.get(params.deviceId as string), new URL(request.url).origin)),
      ),
    ),
  ];
}
