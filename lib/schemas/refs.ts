/**
 * @module References to Okta objects in action inputs: the zod fields (with the picklist that fills them) and how a
 * user reference, an id or a login, becomes a user.
 */
import { OktaApiError } from '../errors.ts';
import type { OktaClient } from '../http/client.ts';
import { decodeFully, segment } from '../http/path.ts';
import { scimString } from '../scim.ts';
import { idText, loginOrIdText } from './bounds.ts';
import type { User } from './user.ts';

export const userRef = loginOrIdText('Enter a user id or login').meta({
  label: 'User',
  description: 'Okta user id or login',
  example: '00ub0oNGTSWTBKOLGLNR',
  placeholder: 'ada@example.com',
  dataSource: 'selectUser',
});

export const groupRef = idText('Enter a group id').meta({
  label: 'Group',
  description: 'Okta group id',
  example: '00g1emaKYZTWRYYRRTSK',
  placeholder: '00g1emaKYZTWRYYRRTSK',
  dataSource: 'selectGroup',
});

export const groupRuleRef = idText('Enter a group rule id').meta({
  label: 'Group rule',
  description: 'Okta group rule id',
  example: '0pr3f7zMZZHPgUoWO0g4',
  placeholder: '0pr3f7zMZZHPgUoWO0g4',
  dataSource: 'selectGroupRule',
});

export const appRef = idText('Enter an app id').meta({
  label: 'App',
  description: 'Okta app id',
  example: '0oa1gjh63g214q0Hq0g4',
  placeholder: '0oa1gjh63g214q0Hq0g4',
  dataSource: 'selectApplication',
});

/** Okta user ids: `00u` and 17 more alphanumerics (e.g. 00ub0oNGTSWTBKOLGLNR). */
const USER_ID = /^00u[0-9A-Za-z]{17}$/;

export function looksLikeUserId(ref: string): boolean {
  return USER_ID.test(ref);
}

/**
 * Logins Okta cannot route in `/api/v1/users/{id}` (docs/okta.md §7.2): those holding `/` or `?`, and, as every id is
 * one path segment (lib/http/path.ts), those holding `\` or an encoded `/` or `\`. They are looked up instead.
 */
function unroutable(ref: string): boolean {
  return /[/?\\]/.test(decodeFully(ref));
}

/** The operations a user lookup calls (`getUserByRef`, and `userPath` inputs of declarative actions). */
export const USER_LOOKUPS = ['GET /api/v1/users/{userId}', 'GET /api/v1/users'];

/**
 * The user an id or a login refers to. `/api/v1/users/{id}` accepts both, except logins it cannot route, which go
 * through an exact `profile.login` filter. `field` names the input in a validation error (an id of `.` or `..`).
 */
export async function getUserByRef(
  okta: OktaClient,
  ref: string,
  signal?: AbortSignal,
  field = 'userId',
): Promise<User> {
  if (!unroutable(ref)) {
    const { data } = await okta.request<User>({ path: `/api/v1/users/${segment(field, ref)}`, signal });
    return data;
  }
  const { data } = await okta.request<User[]>({
    path: '/api/v1/users',
    query: { filter: `profile.login eq ${scimString(ref)}`, limit: 2 },
    signal,
  });
  const user = Array.isArray(data) ? data[0] : undefined;
  if (!user) {
    throw new OktaApiError({
      status: 404,
      method: 'GET',
      path: '/api/v1/users',
      body: { errorCode: 'E0000007', errorSummary: `Not found: no user has the login ${ref}`, errorCauses: [] },
    });
  }
  return user;
}

/**
 * The id for endpoints that take only an id, such as group memberships (spec parameter `pathUserId`). A reference
 * shaped like an id is used as it is, saving a lookup per call in bulk flows.
 */
export async function userIdOf(okta: OktaClient, ref: string, signal?: AbortSignal, field = 'userId'): Promise<string> {
  if (looksLikeUserId(ref)) return ref;
  return (await getUserByRef(okta, ref, signal, field)).id;
}

/**
 * The value for `{userId}` in `/api/v1/users/{userId}` and its lifecycle operations, which take an id or a login:
 * the reference itself, except a login Okta cannot route (docs/okta.md §7.2), whose user is looked up for its id. Fill
 * the path with `pathOf` (lib/http/path.ts), which encodes it as one segment.
 */
export async function userPathRef(
  okta: OktaClient,
  ref: string,
  signal?: AbortSignal,
  field = 'userId',
): Promise<string> {
  if (!unroutable(ref)) return ref;
  return (await getUserByRef(okta, ref, signal, field)).id;
}

export const identitySourceRef = idText('Enter an identity source id').meta({
  label: 'Identity source',
  description: 'The id of a Custom Identity Source (an app id, 0oa…)',
  example: '0oa3l6l6WK6h0R0QW0g4',
  placeholder: '0oa3l6l6WK6h0R0QW0g4',
  dataSource: 'selectIdentitySource',
});

/** Import sessions have no picklist in the catalogue: the id comes from Create Import Session's output. */
export const importSessionRef = idText('Enter an import session id').meta({
  label: 'Import session',
  description: 'The id Create Import Session returned (aps…)',
  example: 'aps1qqonvr2SZv6o70h8',
  placeholder: 'aps1qqonvr2SZv6o70h8',
});

export const factorRef = idText('Enter a factor id').meta({
  label: 'Factor',
  description: 'Id of one of the user’s enrolled factors',
  example: 'ufs2bysphxKODSZKWVCT',
  placeholder: 'ufs2bysphxKODSZKWVCT',
  dataSource: 'selectUserFactor',
});

export const userTypeRef = idText('Enter a user type id').meta({
  label: 'User type',
  description: 'Id of a user type',
  example: 'otyfnly5cQjJT9PnR0g4',
  placeholder: 'otyfnly5cQjJT9PnR0g4',
  dataSource: 'selectUserType',
});

/** A linked-object relationship, by its primary name (e.g. `manager`). */
export const linkedObjectRef = idText('Enter a relationship name').meta({
  label: 'Relationship',
  description: 'The primary name of a linked-object relationship, such as manager',
  example: 'manager',
  placeholder: 'manager',
  dataSource: 'selectLinkedObjectDefinition',
});
