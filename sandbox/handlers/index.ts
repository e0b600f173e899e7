/** @module Every request handler of the sandbox org, as msw handlers. */
import type { RequestHandler } from 'msw';
import type { Org } from '../state.ts';
import { appHandlers } from './apps.ts';
import { deviceHandlers } from './devices.ts';
import { eventHookHandlers } from './event-hooks.ts';
import { factorHandlers } from './factors.ts';
import { groupRuleHandlers } from './group-rules.ts';
import { groupHandlers } from './groups.ts';
import { identitySourceHandlers } from './identity-sources.ts';
import { linkedObjectHandlers } from './linked-objects.ts';
import { logHandlers } from './logs.ts';
import { orgHandlers } from './org.ts';
import { policyHandlers } from './policies.ts';
import { realmHandlers } from './realms.ts';
import { userTypeHandlers } from './user-types.ts';
import { userHandlers } from './users.ts';

export function createHandlers(org: Org, orgId: string): RequestHandler[] {
  return [
    ...orgHandlers(org, orgId),
    ...userHandlers(org),
    // Before the groups, whose /api/v1/groups/:groupId would take "rules".
    ...groupRuleHandlers(org),
    ...groupHandlers(org, orgId),
    ...appHandlers(org, orgId),
    ...logHandlers(org),
    ...eventHookHandlers(org),
    ...[deviceHandlers, realmHandlers, policyHandlers, identitySourceHandlers].flatMap((domain) => domain(org)),
    // Users' factors, linked objects and types; linked objects before `/meta/schemas/user/{schemaId}`.
    ...[...factorHandlers(org), ...linkedObjectHandlers(org), ...userTypeHandlers(org)],
  ];
}
