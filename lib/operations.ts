/**
 * @module The Okta operations each unit may call (`METHOD /path/{param}`, as the spec writes them), and the error
 * codes it can answer, derived from them. Each unit declares its own (`operations` on its definition); a declarative
 * action's follow from its `request`, a picklist's from its path (lib/picklist.ts). test/reliability/unit-fuzz.test.ts
 * checks that no unit sends a request to an operation outside its list, so the list cannot drift from the code.
 */

import type { z } from 'zod';
import operationsData from './data/operations.json' with { type: 'json' };
import type { ActionDefinition, DataSourceDefinition, TriggerDefinition } from './define.ts';
import { ERROR_CODES, type ErrorCode } from './errors.ts';
import { USER_LOOKUPS } from './schemas/refs.ts';
import { knownKeys } from './unknown-fields.ts';

/**
 * The operations an action calls: declared by an action written as code (`operations`), derived from its `request`
 * for a declarative one; undefined for one that may call any (rawRequest).
 */
export function actionOperations(action: ActionDefinition): readonly string[] | undefined {
  const request = action.request;
  if (!request) return action.operations === 'any' ? undefined : action.operations;
  return [
    `${request.method} ${request.path}`,
    ...(request.readBack ? [`${request.readBack.method} ${request.readBack.path}`] : []),
    ...(Object.keys(request.resolve ?? {}).length ? USER_LOOKUPS : []),
  ];
}

export function dataSourceOperations(source: DataSourceDefinition): readonly string[] {
  return source.operations ?? [];
}

export function triggerOperations(trigger: TriggerDefinition): readonly string[] | undefined {
  return trigger.operations === 'any' ? undefined : (trigger.operations ?? []);
}

/** `GET /api/v1/users/{id}` → the spec's operation, by method and path shape (parameter names may differ). */
const shape = (path: string) => path.replace(/\{[^}]+\}/g, '{}');
const specOperations = new Map(
  operationsData.operations.map((op) => [`${op.method} ${shape(op.path)}`, op.errorStatuses as number[]]),
);

/**
 * Where Okta's APIs live (issue 20): `/api/`, `/oauth2/`, the product APIs the spec documents under `/<product>/api/`
 * (`/attack-protection/api/`, `/privileged-access/api/`…), and the `/.well-known/` documents the spec and the OAuth
 * spec list. Anything else on the org (`/admin/`, `/login/`, `/app/`) is the browser's, and never gets the org's
 * credential from `rawRequest`.
 */
const API_PREFIXES = [
  '/api/',
  '/oauth2/',
  ...new Set(
    operationsData.operations.flatMap((op) => {
      const product = /^\/[a-z0-9-]+\/api\//.exec(op.path)?.[0];
      return product ? [product] : [];
    }),
  ),
];
const WELL_KNOWN = new Set([
  ...operationsData.operations.flatMap((op) => (op.path.startsWith('/.well-known/') ? [op.path] : [])),
  // Documented by the OAuth spec (docs/okta.md §8.1, `oauth-minimal.yaml`), not the management one.
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
]);

/** Why `rawRequest` may not call this path (without its query), or undefined when it is one of Okta's APIs. */
export function apiPathProblem(pathname: string): string | undefined {
  if (API_PREFIXES.some((prefix) => pathname.startsWith(prefix)) || WELL_KNOWN.has(pathname)) return undefined;
  return (
    "Only Okta's API paths may be called: /api/…, /oauth2/…, a product API such as /privileged-access/api/…, or a " +
    'documented /.well-known/ document'
  );
}

/** Whether a path is one of the `/.well-known/` documents: read-only, so only a GET may call it. */
export function isWellKnown(pathname: string): boolean {
  return WELL_KNOWN.has(pathname);
}

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
  // An answer without the shape Okta documents (a list that is not an array, a record without its id).
  'UNEXPECTED_RESPONSE',
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
  operations: readonly string[] | undefined,
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

/** An action that may call any operation of the org (`operations: 'any'`): rawRequest, callOktaOperation. */
export function callsAnyOperation(action: ActionDefinition): boolean {
  return actionOperations(action) === undefined;
}

export function actionErrorCodes(action: ActionDefinition): ErrorCode[] {
  const operations = actionOperations(action);
  const own = [...(action.throws ?? [])];
  if (operations === undefined) return errorCodesOf(undefined, own);
  return errorCodesOf(operations, own, refersToIds(action.input));
}

export function dataSourceErrorCodes(source: DataSourceDefinition): ErrorCode[] {
  return errorCodesOf(dataSourceOperations(source), [], refersToIds(source.input));
}

export function triggerErrorCodes(trigger: TriggerDefinition): ErrorCode[] {
  const extra: ErrorCode[] = trigger.kind === 'polling' ? [] : [...WEBHOOK_CODES];
  // Called the way it is not delivered (polled when it only takes webhooks, or the reverse).
  if (trigger.kind !== 'webhookOrPolling') extra.push('UNSUPPORTED_DELIVERY');
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
