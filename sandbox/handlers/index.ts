/** @module Every request handler of the sandbox org, as msw handlers. */
import type { RequestHandler } from 'msw';
import type { Org } from '../state.ts';
import { appHandlers } from './apps.ts';
import { deviceHandlers } from './devices.ts';
import { eventHookHandlers } from './event-hooks.ts';
import { groupHandlers } from './groups.ts';
import { identitySourceHandlers } from './identity-sources.ts';
import { logHandlers } from './logs.ts';
import { orgHandlers } from './org.ts';
import { policyHandlers } from './policies.ts';
import { realmHandlers } from './realms.ts';
import { userHandlers } from './users.ts';

export function createHandlers(org: Org, orgId: string): RequestHandler[] {
  return [
    ...orgHandlers(org, orgId),
    ...userHandlers(org),
    ...groupHandlers(org),
    ...appHandlers(org, orgId),
    ...logHandlers(org),
    ...eventHookHandlers(org),
    ...[deviceHandlers, realmHandlers, policyHandlers, identitySourceHandlers].flatMap((domain) => domain(org)),
  ];
}
