/**
 * @module References to Okta objects in action inputs: the zod fields (with the picklist that fills them) and how a
 * user reference, an id or a login, becomes a user.
 */
import { z } from 'zod';
import { OktaApiError } from '../errors.ts';
import type { OktaClient } from '../http/client.ts';
import { scimString } from '../scim.ts';
import type { User } from './user.ts';

export const userRef = z.string().trim().min(1, 'Enter a user id or login').meta({
  label: 'User',
  description: 'Okta user id or login',
  example: '00ub0oNGTSWTBKOLGLNR',
  placeholder: 'ada@example.com',
  dataSource: 'selectUser',
});

export const groupRef = z.string().trim().min(1, 'Enter a group id').meta({
  label: 'Group',
  description: 'Okta group id',
  example: '00g1emaKYZTWRYYRRTSK',
  placeholder: '00g1emaKYZTWRYYRRTSK',
  dataSource: 'selectGroup',
});

/** Okta user ids: `00u` and 17 more alphanumerics (e.g. 00ub0oNGTSWTBKOLGLNR). */
const USER_ID = /^00u[0-9A-Za-z]{17}$/;

export function looksLikeUserId(ref: string): boolean {
  return USER_ID.test(ref);
}

/**
 * The user an id or a login refers to. `/api/v1/users/{id}` accepts both, except logins holding `/` or `?`, which
 * must be looked up some other way (API-FACTS §7.2): those go through an exact `profile.login` filter.
 */
export async function getUserByRef(okta: OktaClient, ref: string, signal?: AbortSignal): Promise<User> {
  if (!/[/?]/.test(ref)) {
    const { data } = await okta.request<User>({ path: `/api/v1/users/${encodeURIComponent(ref)}`, signal });
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
export async function userIdOf(okta: OktaClient, ref: string, signal?: AbortSignal): Promise<string> {
  if (looksLikeUserId(ref)) return ref;
  return (await getUserByRef(okta, ref, signal)).id;
}

/**
 * The path segment for `/api/v1/users/{id}` and its lifecycle operations, which take an id or a login: the login
 * itself, URL-encoded, except one holding `/` or `?`, which Okta cannot route (API-FACTS §7.2) and is looked up.
 */
export async function userPathSegment(okta: OktaClient, ref: string, signal?: AbortSignal): Promise<string> {
  if (!/[/?]/.test(ref)) return encodeURIComponent(ref);
  return encodeURIComponent((await getUserByRef(okta, ref, signal)).id);
}
