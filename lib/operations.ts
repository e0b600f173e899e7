/**
 * @module The Okta operations each unit may call (`METHOD /path/{param}`, as the spec writes them), and the error
 * codes it can answer, derived from them. Declarative actions derive theirs from their `request`; picklists from their
 * path (lib/picklist.ts); actions written as code and triggers are listed here. test/reliability/unit-fuzz.test.ts
 * checks that no unit sends a request to an operation outside its list, so the list cannot drift from the code.
 */

import type { z } from 'zod';
import operationsData from './data/operations.json' with { type: 'json' };
import type { ActionDefinition, DataSourceDefinition, TriggerDefinition } from './define.ts';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { knownKeys } from './unknown-fields.ts';

/** Reading a user by id or login, or by an exact login filter (lib/schemas/refs.ts). */
export const USER_LOOKUPS = ['GET /api/v1/users/{userId}', 'GET /api/v1/users'];

/** What subscribing and unsubscribing an event hook calls (lib/event-hooks.ts). */
const EVENT_HOOK_LIFECYCLE = [
  'GET /api/v1/eventHooks',
  'POST /api/v1/eventHooks',
  'POST /api/v1/eventHooks/{eventHookId}/lifecycle/verify',
  'GET /api/v1/eventHooks/{eventHookId}',
  'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
  'DELETE /api/v1/eventHooks/{eventHookId}',
];

/** The operations of actions written as code: every request they may send. */
const CODE_ACTION_OPERATIONS: Record<string, string[]> = {
  // A create whose answer may be lost is looked up before it is sent again (lib/idempotent-create.ts).
  createUser: ['POST /api/v1/users', 'GET /api/v1/users'],
  createGroup: ['POST /api/v1/groups', 'GET /api/v1/groups'],
  assignUserToApp: ['POST /api/v1/apps/{appId}/users', 'GET /api/v1/apps/{appId}/users/{userId}', ...USER_LOOKUPS],
  deleteUser: ['DELETE /api/v1/users/{userId}', ...USER_LOOKUPS],
  getSystemLogs: ['GET /api/v1/logs'],
  lookupGroup: ['GET /api/v1/groups/{groupId}', 'GET /api/v1/groups'],
  createGroupRule: [
    'POST /api/v1/groups/rules',
    'GET /api/v1/groups/rules',
    'POST /api/v1/groups/rules/{ruleId}/lifecycle/activate',
    'GET /api/v1/groups/rules/{ruleId}',
  ],
  updateGroupRule: ['GET /api/v1/groups/rules/{ruleId}', 'PUT /api/v1/groups/rules/{ruleId}'],
  deleteGroupRule: [
    'GET /api/v1/groups/rules/{ruleId}',
    'POST /api/v1/groups/rules/{ruleId}/lifecycle/deactivate',
    'DELETE /api/v1/groups/rules/{ruleId}',
  ],
  lookupUser: USER_LOOKUPS,
  expirePassword: [
    'POST /api/v1/users/{userId}/lifecycle/expire_password',
    'POST /api/v1/users/{userId}/lifecycle/expire_password_with_temp_password',
    ...USER_LOOKUPS,
  ],
  listUserApps: ['GET /api/v1/apps', ...USER_LOOKUPS],
  getPrimaryLinkedObjectValue: ['GET /api/v1/users/{userId}/linkedObjects/{primaryName}', ...USER_LOOKUPS],
  getAssociatedLinkedObjectValues: [
    'GET /api/v1/meta/schemas/user/linkedObjects/{relationshipName}',
    'GET /api/v1/users/{userId}/linkedObjects/{associatedName}',
    ...USER_LOOKUPS,
  ],
  deleteApp: [
    'GET /api/v1/apps/{appId}',
    'POST /api/v1/apps/{appId}/lifecycle/deactivate',
    'DELETE /api/v1/apps/{appId}',
  ],
  createEventHook: ['POST /api/v1/eventHooks'],
  listEventHooks: ['GET /api/v1/eventHooks'],
  updateEventHook: ['GET /api/v1/eventHooks/{eventHookId}', 'PUT /api/v1/eventHooks/{eventHookId}'],
  deleteEventHook: [
    'GET /api/v1/eventHooks/{eventHookId}',
    'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
    'DELETE /api/v1/eventHooks/{eventHookId}',
  ],
  deleteAllEventHooks: [
    'GET /api/v1/eventHooks',
    'POST /api/v1/eventHooks/{eventHookId}/lifecycle/deactivate',
    'DELETE /api/v1/eventHooks/{eventHookId}',
  ],
  listImportSessions: ['GET /api/v1/identity-sources/{identitySourceId}/sessions'],
  bulkUpsertUsers: ['POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/bulk-upsert'],
  triggerImportSession: ['POST /api/v1/identity-sources/{identitySourceId}/sessions/{sessionId}/start-import'],
  mapProfileSourceAttributes: [],
};

export function actionOperations(action: ActionDefinition): string[] | undefined {
  const request = action.request;
  if (!request) return CODE_ACTION_OPERATIONS[action.key];
  return [
    `${request.method} ${request.path}`,
    ...(request.readBack ? [`${request.readBack.method} ${request.readBack.path}`] : []),
    ...(Object.keys(request.resolve ?? {}).length ? USER_LOOKUPS : []),
  ];
}

export function dataSourceOperations(source: DataSourceDefinition): string[] {
  return source.operations ?? [];
}

const TRIGGER_OPERATIONS: Record<string, string[]> = {
  newSystemLogs: ['GET /api/v1/logs'],
  newUsers: ['GET /api/v1/users'],
  updatedUsers: ['GET /api/v1/users'],
  eventHook: EVENT_HOOK_LIFECYCLE,
};

export function triggerOperations(trigger: TriggerDefinition): string[] {
  const listed = TRIGGER_OPERATIONS[trigger.key];
  if (listed) return listed;
  // The event cards (lib/event-triggers.ts): polled from the System Log, or delivered by an event hook.
  return trigger.kind === 'webhookOrPolling' ? ['GET /api/v1/logs', ...EVENT_HOOK_LIFECYCLE] : [];
}

/** `GET /api/v1/users/{id}` → the spec's operation, by method and path shape (parameter names may differ). */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const specOperations = new Map(
  operationsData.operations.map((op) => [`${op.method} ${shape(op.path)}`, op.errorStatuses as number[]]),
);

/** Every unit answers these: its input is checked, and a bug is reported as one. */
const ALWAYS: ErrorCode[] = ['INVALID_INPUT', 'UNKNOWN_INPUT_FIELD', 'INTERNAL_ERROR'];

/** Every unit that calls Okta can meet these: the connection, the network, Okta's limits and outages. */
const CALLING_OKTA: ErrorCode[] = [
  'MISSING_CONNECTION',
  'INVALID_CONNECTION',
  'INVALID_CREDENTIAL',
  'DOMAIN_NOT_FOUND',
  'NOT_AUTHORIZED',
  'REAUTHORIZE',
  'TOKEN_REFUSED',
  'DPOP_NONCE_LOOP',
  'OKTA_UNAUTHORIZED',
  'MISSING_SCOPE',
  // Okta answers 400 to a malformed parameter (a cursor, a filter) on any operation, declared in the spec or not.
  'OKTA_BAD_REQUEST',
  'OKTA_FORBIDDEN',
  // A request too large for Okta's front door (413, 414, 431), whatever the operation.
  'OKTA_REFUSED',
  'OKTA_RATE_LIMITED',
  'OKTA_UNAVAILABLE',
  'TIMEOUT',
  'NETWORK_ERROR',
  'ABORTED',
  'INVALID_RESPONSE',
  'TOKEN_ENDPOINT_UNREACHABLE',
  'TOKEN_ENDPOINT_UNAVAILABLE',
];

/** Okta's statuses the spec declares, as the connector's codes (lib/errors.ts, `oktaStatusCode`). */
const BY_STATUS: Record<number, ErrorCode> = {
  400: 'OKTA_BAD_REQUEST',
  404: 'OKTA_NOT_FOUND',
  409: 'OKTA_CONFLICT',
  422: 'OKTA_REFUSED',
};
const ANY_OKTA_ANSWER: ErrorCode[] = ['OKTA_BAD_REQUEST', 'OKTA_NOT_FOUND', 'OKTA_CONFLICT', 'OKTA_REFUSED'];

/**
 * The codes a unit can answer, in catalogue order: the validation ones always; when it calls Okta, the connection
 * and transient ones, `UNSAFE_PATH` when a path takes an id, and Okta's refusals by the statuses the spec declares for
 * its operations (all of them when an operation is not in the spec, or for `rawRequest`), and `OKTA_NOT_FOUND` when
 * an input names an object by id. `extra` adds what the unit itself throws (an event hook's limit, a webhook URL that
 * is not https).
 */
export function errorCodesOf(
  operations: string[] | undefined,
  extra: ErrorCode[] = [],
  refersToIds = false,
): ErrorCode[] {
  const codes = new Set<ErrorCode>([...ALWAYS, ...extra]);
  // An id given in the body (a group to add a new user to) may name nothing, even where the spec declares no 404.
  if (refersToIds && operations?.length) codes.add('OKTA_NOT_FOUND');
  const list = operations ?? [];
  if (operations === undefined || list.length) {
    for (const code of CALLING_OKTA) codes.add(code);
    if (operations === undefined || list.some((op) => op.includes('{'))) codes.add('UNSAFE_PATH');
    if (operations === undefined || list.some((op) => !op.startsWith('GET ') && !op.startsWith('DELETE '))) {
      codes.add('INVALID_BODY');
    }
  }
  for (const op of list) {
    const [method = '', path = ''] = op.split(' ');
    const statuses = specOperations.get(`${method} ${shape(path)}`);
    for (const code of statuses ? statuses.flatMap((s) => BY_STATUS[s] ?? []) : ANY_OKTA_ANSWER) codes.add(code);
  }
  if (operations === undefined) for (const code of ANY_OKTA_ANSWER) codes.add(code);
  return (Object.keys(ERROR_CODES) as ErrorCode[]).filter((code) => codes.has(code));
}

/** What the units throw themselves, beyond what their operations answer. */
const WEBHOOK_CODES: ErrorCode[] = ['WEBHOOK_URL_NOT_HTTPS', 'EVENT_HOOK_LIMIT', 'EVENT_HOOK_NOT_VERIFIED'];

/** The actions that may call any operation of the org, as their input says: the units without a list. */
export const ANY_OPERATION: Record<string, ErrorCode[]> = {
  rawRequest: ['INVALID_HEADER', 'INVALID_PATH', 'CROSS_ORIGIN'],
  callOktaOperation: ['UNKNOWN_OPERATION', 'NOT_STREAMABLE'],
};

export function actionErrorCodes(action: ActionDefinition): ErrorCode[] {
  const extra = ANY_OPERATION[action.key];
  if (extra) return errorCodesOf(undefined, extra);
  return errorCodesOf(actionOperations(action), [], refersToIds(action.input));
}

export function dataSourceErrorCodes(source: DataSourceDefinition): ErrorCode[] {
  return errorCodesOf(dataSourceOperations(source), [], refersToIds(source.input));
}

export function triggerErrorCodes(trigger: TriggerDefinition): ErrorCode[] {
  const extra: ErrorCode[] = trigger.kind === 'polling' ? [] : WEBHOOK_CODES;
  return errorCodesOf(triggerOperations(trigger), extra, refersToIds(trigger.input));
}

/** Whether an input names an Okta object by id (`userId`, `groupIds`). */
function refersToIds(input: z.ZodType): boolean {
  return (knownKeys(input) ?? []).some((key) => /Ids?$/.test(key));
}

/** An operation as a matcher of requests: `GET /api/v1/users/{userId}` matches `GET /api/v1/users/00u1`. */
export interface CompiledOperation {
  operation: string;
  method: string;
  pattern: RegExp;
  /** The placeholders, in order: match group i + 1 holds names[i]. */
  names: string[];
}

export function compileOperation(operation: string): CompiledOperation {
  const [method = '', template = ''] = operation.split(' ');
  const names: string[] = [];
  const source = template
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(name);
      return '([^/]+)';
    })
    .join('');
  return { operation, method, pattern: new RegExp(`^${source}$`), names };
}

/** The operation of `operations` a request (method, path without the query) was sent to, with its segments. */
export function matchOperation(
  operations: CompiledOperation[],
  request: { method: string; path: string },
): { op: CompiledOperation; match: RegExpExecArray } | undefined {
  for (const op of operations) {
    if (op.method !== request.method) continue;
    const match = op.pattern.exec(request.path);
    if (match) return { op, match };
  }
  return undefined;
}
