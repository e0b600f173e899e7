/**
 * @module Error classes with stable codes and a kind a host can act on.
 *
 * - `validation`: fix the input.
 * - `connection`: fix or re-authorise the connection.
 * - `okta`: Okta said no (status + errorCode).
 * - `transient`: try again later; the message says whether the request may have reached Okta.
 * - `internal`: a bug in the connector; trying again will not help, report it.
 *
 * Each class is branded with a `Symbol.for` key (as undici does) so that `isConnectorError` works across
 * bundles and realms, where `instanceof` would not.
 */

export type ErrorKind = 'validation' | 'connection' | 'okta' | 'transient' | 'internal';

/**
 * Every code the connector answers, with its kind and what to do about it. A code is the connector's word for a
 * failure; what Okta said is kept beside it (`OktaApiError.errorCode`, e.g. `E0000007`, and `details.errorCode`),
 * because Okta has hundreds of codes and adds more each release, while a flow needs a short, closed list to branch on.
 * One case style: UPPER_SNAKE. The manifest carries this catalogue (`errorCodes`) and the codes each unit can answer.
 */
export const ERROR_CODES = {
  // validation: the input is wrong; nothing was sent to Okta.
  INVALID_INPUT: { kind: 'validation', whatToDo: 'Correct the fields named in details.issues, then run it again.' },
  UNKNOWN_INPUT_FIELD: {
    kind: 'validation',
    whatToDo: 'Remove or rename the fields named in details.issues (each says the closest known field).',
  },
  UNSAFE_PATH: { kind: 'validation', whatToDo: 'Pass an id as it is: one path segment, never ".", ".." or a "/".' },
  INVALID_HEADER: { kind: 'validation', whatToDo: 'Remove line breaks and control characters from the header.' },
  INVALID_BODY: { kind: 'validation', whatToDo: 'Send a body that can be written as JSON (no cycles, not too deep).' },
  INVALID_JSON: { kind: 'validation', whatToDo: 'Send a JSON object.' },
  UNREADABLE_FILE: { kind: 'validation', whatToDo: 'Check the file path and its permissions.' },
  UNKNOWN_KEY: { kind: 'validation', whatToDo: 'Use a key the manifest lists (action, trigger, data source, tool).' },
  UNSUPPORTED_DELIVERY: {
    kind: 'validation',
    whatToDo: 'Call the trigger the way it is delivered: details.supports lists its calls (poll, or subscribe).',
  },
  UNKNOWN_OPERATION: {
    kind: 'validation',
    whatToDo: 'Look the operation up (selectOperation, `okta-connector operations <search>`) and pass its operationId.',
  },
  NOT_STREAMABLE: {
    kind: 'validation',
    whatToDo: 'Run it as a plain action: only list actions ("streamable" in the manifest) stream.',
  },
  TOO_MANY_SUBSCRIPTIONS: {
    kind: 'validation',
    whatToDo: 'Remove subscriptions the host no longer needs (DELETE /api/triggers/{key}/subscriptions/{id}).',
  },
  REQUEST_ABORTED: { kind: 'validation', whatToDo: "Send the whole request again, within the host's timeouts." },
  UNKNOWN_SUBSCRIPTION: { kind: 'validation', whatToDo: 'Subscribe again: this subscription does not exist.' },
  WEBHOOK_URL_NOT_HTTPS: {
    kind: 'validation',
    whatToDo: 'Set PUBLIC_URL to an https address that reaches this host (a tunnel or a reverse proxy).',
  },
  // The host's own refusals of an HTTP request (host/).
  NOT_FOUND: { kind: 'validation', whatToDo: 'Use a route the host serves (see the README).' },
  METHOD_NOT_ALLOWED: { kind: 'validation', whatToDo: 'Use a method the route allows (the Allow header).' },
  BODY_TOO_LARGE: { kind: 'validation', whatToDo: 'Send a smaller body.' },
  UNSUPPORTED_MEDIA_TYPE: { kind: 'validation', whatToDo: 'Send the body as application/json.' },
  FORBIDDEN_HOST: { kind: 'validation', whatToDo: 'Call the host by a name it is configured to answer to.' },
  FOREIGN_ORIGIN: { kind: 'validation', whatToDo: 'Call the host from an allowed origin.' },
  TOOL_NOT_ENABLED: { kind: 'validation', whatToDo: 'Use a listed tool, or start the server with the flag it needs.' },
  USAGE: { kind: 'validation', whatToDo: 'Correct the command line (see --help).' },
  INVALID_SETTING: {
    kind: 'validation',
    whatToDo: 'Correct the setting named in details.issues (an environment variable), then start again.',
  },
  NOT_A_DELIVERY: {
    kind: 'validation',
    whatToDo: 'Only Okta event hook deliveries are accepted here: {"eventType":"com.okta.event_hook","data":{…}}.',
  },
  INVALID_VERIFICATION_CHALLENGE: {
    kind: 'validation',
    whatToDo: "Send Okta's X-Okta-Verification-Challenge header, at most 1024 characters.",
  },
  WEBHOOK_UNAUTHORIZED: {
    kind: 'validation',
    whatToDo: "Only Okta may deliver here: send the hook's secret in Authorization (the event hook's auth scheme).",
  },
  HOST_TOKEN_REQUIRED: {
    kind: 'validation',
    whatToDo: "Send the host's API token: Authorization: Bearer <HOST_API_TOKEN>.",
  },

  // connection: fix or re-authorise the connection; running again as is fails the same way.
  MISSING_CONNECTION: { kind: 'connection', whatToDo: 'Pass a connection: { type, fields }.' },
  INVALID_CONNECTION: { kind: 'connection', whatToDo: 'Correct the connection fields named in details.issues.' },
  INVALID_CREDENTIAL: { kind: 'connection', whatToDo: 'Enter the credential again, without stray characters.' },
  INVALID_PATH: { kind: 'connection', whatToDo: 'Use a path on the org.' },
  CROSS_ORIGIN: { kind: 'connection', whatToDo: "Keep every request on the org's origin (the connection's domain)." },
  DOMAIN_NOT_FOUND: { kind: 'connection', whatToDo: "Check the connection's Okta domain (e.g. acme.okta.com)." },
  NOT_AUTHORIZED: { kind: 'connection', whatToDo: 'Authorise the connection (sign in as an admin) first.' },
  REAUTHORIZE: { kind: 'connection', whatToDo: 'Reconnect: the token expired and cannot be renewed.' },
  OKTA_UNAUTHORIZED: {
    kind: 'connection',
    whatToDo: 'Okta refused the credential (401): renew the token or key, or reconnect.',
  },
  MISSING_SCOPE: { kind: 'connection', whatToDo: 'Grant the OAuth scope named in the message to the app, reconnect.' },
  TOKEN_REFUSED: {
    kind: 'connection',
    whatToDo: 'Okta refused the token request (details.error): check the client id, key or secret, and scopes.',
  },
  REVOKE_REFUSED: { kind: 'connection', whatToDo: 'Check the client id and secret, then revoke again.' },
  DPOP_NONCE_LOOP: { kind: 'connection', whatToDo: 'Try again; if it persists, check the DPoP setting of the app.' },

  // okta: Okta refused this request; the same request fails the same way. `errorCode` says what Okta said.
  OKTA_BAD_REQUEST: {
    kind: 'okta',
    whatToDo: 'Read details.errorSummary and details.errorCauses, change the input accordingly.',
  },
  OKTA_FORBIDDEN: { kind: 'okta', whatToDo: 'Give the admin (or service app) a role that may do this (403).' },
  OKTA_NOT_FOUND: { kind: 'okta', whatToDo: 'Check the id or login: Okta found no such object (404).' },
  OKTA_CONFLICT: { kind: 'okta', whatToDo: 'The object changed or exists already (409): read it again, then decide.' },
  OKTA_REFUSED: { kind: 'okta', whatToDo: 'Okta refused the request (details.status): read details.errorSummary.' },
  UNEXPECTED_OUTPUT: { kind: 'okta', whatToDo: 'Okta answered a shape the connector does not know: report it.' },
  UNEXPECTED_RESPONSE: {
    kind: 'okta',
    whatToDo:
      'Okta (or something in between) answered without the shape Okta documents (details.operation, details.received): ' +
      "check that the connection's domain is the Okta org itself, not a proxy or a login page; if it is, report it.",
  },
  EVENT_HOOK_LIMIT: { kind: 'okta', whatToDo: 'Deactivate or delete an event hook: the org has the most it may.' },
  EVENT_HOOK_NOT_VERIFIED: { kind: 'okta', whatToDo: 'Check that Okta reaches the webhook URL, then subscribe again.' },

  // transient: try again later; details say whether the request may have reached Okta.
  OKTA_RATE_LIMITED: { kind: 'transient', whatToDo: 'Try again after the rate-limit window resets.' },
  OKTA_UNAVAILABLE: { kind: 'transient', whatToDo: 'Okta answered 5xx: try again later.' },
  TIMEOUT: {
    kind: 'transient',
    whatToDo: 'Try again later; check details.mayHaveReachedOkta before repeating a change.',
  },
  NETWORK_ERROR: {
    kind: 'transient',
    whatToDo: 'Try again later; check details.mayHaveReachedOkta before repeating a change.',
  },
  ABORTED: { kind: 'transient', whatToDo: 'The run was cancelled: run it again if it is still wanted.' },
  INVALID_RESPONSE: { kind: 'transient', whatToDo: 'Okta answered something unreadable: try again later.' },
  TOKEN_ENDPOINT_UNREACHABLE: { kind: 'transient', whatToDo: 'Try again later: the token endpoint did not answer.' },
  TOKEN_ENDPOINT_UNAVAILABLE: { kind: 'transient', whatToDo: 'Try again later: the token endpoint answered 429/5xx.' },
  REVOKE_UNREACHABLE: { kind: 'transient', whatToDo: 'Try again later: the revoke endpoint did not answer.' },
  STATE_STORE_UNAVAILABLE: {
    kind: 'transient',
    whatToDo: 'Try again when the shared state store (Redis) is back; GET /api/health tells when.',
  },
  SUBSCRIPTION_PENDING: { kind: 'transient', whatToDo: 'Try again in a moment: the subscription is being created.' },
  HOST_UNREACHABLE: { kind: 'transient', whatToDo: 'Start the host, or check its address.' },
  TOO_MANY_EVENT_STREAMS: {
    kind: 'transient',
    whatToDo: 'Close an event stream (GET /api/events) or try again later; HOST_MAX_EVENT_STREAMS sets how many.',
  },
  DELIVERIES_BACKLOGGED: {
    kind: 'transient',
    whatToDo: 'Deliver it again later: the host had no room for it and did not acknowledge it (Okta retries once).',
  },

  // internal: a bug in the connector; trying again will not help.
  INTERNAL_ERROR: { kind: 'internal', whatToDo: 'Report it, with the input: this is a bug, not a problem of yours.' },
} as const satisfies Record<string, { kind: ErrorKind; whatToDo: string }>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The codes of one kind: `ValidationError` takes only validation codes, and so on. */
export type CodeOfKind<K extends ErrorKind> = {
  [C in ErrorCode]: (typeof ERROR_CODES)[C]['kind'] extends K ? C : never;
}[ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}

const BRAND = Symbol.for('okta-connector.error');

export interface ErrorJson {
  code: ErrorCode;
  kind: ErrorKind;
  message: string;
  details?: unknown;
}

/** What every error may carry besides its code and message: the JSON `details`, and the error it wraps. */
export interface ConnectorErrorOptions {
  details?: unknown;
  cause?: unknown;
}

/** The kind a code has in the catalogue: the constructor takes exactly it, so kind and code cannot disagree. */
export type KindOf<C extends ErrorCode> = (typeof ERROR_CODES)[C]['kind'];

export class ConnectorError<C extends ErrorCode = ErrorCode> extends Error {
  readonly [BRAND] = true;
  readonly code: C;
  readonly kind: ErrorKind;
  readonly details: unknown;

  constructor(kind: KindOf<C>, code: C, message: string, options: ConnectorErrorOptions = {}) {
    super(message, 'cause' in options ? { cause: options.cause } : undefined);
    this.name = 'ConnectorError';
    this.kind = kind;
    this.code = code;
    this.details = options.details;
  }

  toJSON(): ErrorJson {
    const json: ErrorJson = { code: this.code, kind: this.kind, message: this.message };
    if (this.details !== undefined) json.details = this.details;
    return json;
  }
}

export function isConnectorError(value: unknown): value is ConnectorError {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
}

const OKTA_BRAND = Symbol.for('okta-connector.okta-api-error');

/**
 * Okta answered with an error status (and, given `status`, that one). Brand-based like `isConnectorError`, so it
 * holds across bundles and realms where `instanceof OktaApiError` would not.
 */
export function isOktaApiError(value: unknown, status?: number): value is OktaApiError {
  if (!isConnectorError(value) || (value as unknown as Record<symbol, unknown>)[OKTA_BRAND] !== true) return false;
  return status === undefined || (value as OktaApiError).status === status;
}

/** A message used inside a longer one: without its closing full stop, so that the sentence ends with one, not two. */
export function clause(message: string): string {
  return message.trimEnd().replace(/(?<!\.)\.$/, '');
}

/** A message followed by another: closed with a full stop unless it already ends a sentence. */
export function sentence(message: string): string {
  const text = message.trimEnd();
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

/**
 * What came back, for an error: its type and, for an object, its first keys; never a value, which may be a secret.
 */
export function describeShape(value: unknown): string {
  if (value === undefined) return 'no body';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = Object.keys(value);
  if (!keys.length) return 'an empty object';
  const shown = keys.slice(0, 10).map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key));
  return `an object with the keys ${shown.join(', ')}${keys.length > 10 ? ` and ${keys.length - 10} more` : ''}`;
}

/**
 * Okta's answer to `operation` lacks the shape Okta documents (a list that is not an array, a record without its
 * `id`): an error of its own, never a success with nothing in it (issue 20). Extra fields are always welcome.
 */
export function unexpectedResponse(operation: string, expected: string, received: unknown): ConnectorError {
  const shape = describeShape(received);
  return new ConnectorError(
    'okta',
    'UNEXPECTED_RESPONSE',
    `Okta's answer to ${operation} is not what Okta documents: expected ${expected}, got ${shape}.`,
    { details: { operation, expected, received: shape } },
  );
}

export interface FieldIssue {
  /** Dotted path of the bad field, e.g. `userId` or `groupIds.3`. */
  path: string;
  message: string;
}

/** A bad input: every bad field by path. No request was sent. */
export class ValidationError extends ConnectorError<CodeOfKind<'validation'>> {
  readonly issues: FieldIssue[];

  constructor(
    message: string,
    issues: FieldIssue[],
    options: { code?: CodeOfKind<'validation'>; cause?: unknown } = {},
  ) {
    super('validation', options.code ?? 'INVALID_INPUT', message, {
      details: { issues },
      ...('cause' in options ? { cause: options.cause } : {}),
    });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** The connection is wrong, expired or lacks a permission: fix or re-authorise it. */
export class ConnectionError extends ConnectorError<CodeOfKind<'connection'>> {
  constructor(code: CodeOfKind<'connection'>, message: string, options?: ConnectorErrorOptions) {
    super('connection', code, message, options);
    this.name = 'ConnectionError';
  }
}

/**
 * Something failed that is likely to work when tried again later (network, 5xx, rate limit, timeout). The message
 * says whether the request may have reached Okta, so a caller knows whether trying again could repeat a change.
 */
export class TransientError extends ConnectorError<CodeOfKind<'transient'>> {
  constructor(code: CodeOfKind<'transient'>, message: string, options?: ConnectorErrorOptions) {
    super('transient', code, message, options);
    this.name = 'TransientError';
  }
}

/**
 * A bug: an action or the connector threw something that is not a ConnectorError (a TypeError, a RangeError). Not
 * transient, because the same input fails the same way; the cause is kept for the log, never sent.
 */
export class InternalError extends ConnectorError<'INTERNAL_ERROR'> {
  constructor(message: string, options?: ConnectorErrorOptions) {
    super('internal', 'INTERNAL_ERROR', message, options);
    this.name = 'InternalError';
  }
}

/** An unknown action, trigger or data source key. */
export class NotFoundError extends ConnectorError<'UNKNOWN_KEY'> {
  constructor(message: string, options?: ConnectorErrorOptions) {
    super('validation', 'UNKNOWN_KEY', message, options);
    this.name = 'NotFoundError';
  }
}

export interface OktaErrorBody {
  errorCode?: string;
  errorSummary?: string;
  errorLink?: string;
  errorId?: string;
  errorCauses?: { errorSummary: string }[];
  /** OAuth endpoints answer in RFC 6749 form instead. */
  error?: string;
  error_description?: string;
}

export interface OktaApiErrorInit {
  status: number;
  method: string;
  /** Path and query of the request, never the origin's credentials. */
  path: string;
  body?: OktaErrorBody;
  requestId?: string;
  /** The `WWW-Authenticate` header: Okta signals token failures there, often with an empty body (docs/okta.md §5.2). */
  wwwAuthenticate?: string;
}

/** The connector's code for an Okta error status; Okta's own `errorCode` stays beside it. */
export function oktaStatusCode(status: number, wwwAuthenticate?: string): ErrorCode {
  if (status === 401) return 'OKTA_UNAUTHORIZED';
  // A missing scope is signalled in WWW-Authenticate (docs/okta.md §5.2): the connection lacks it, not the request.
  if (status === 403) return /insufficient_scope/.test(wwwAuthenticate ?? '') ? 'MISSING_SCOPE' : 'OKTA_FORBIDDEN';
  if (status === 400) return 'OKTA_BAD_REQUEST';
  if (status === 404) return 'OKTA_NOT_FOUND';
  if (status === 409) return 'OKTA_CONFLICT';
  if (status === 429) return 'OKTA_RATE_LIMITED';
  if (status >= 500) return 'OKTA_UNAVAILABLE';
  return 'OKTA_REFUSED';
}

/**
 * Okta answered with an error status. `code` is the connector's (by status, from the catalogue); `errorCode` is
 * Okta's own (`E0000007`), what program logic can look at for detail; `errorSummary` is for people and can change
 * (docs/okta.md §6). The kind follows from the code: 401 and a missing scope are `connection`, 429 and 5xx `transient`.
 */
export class OktaApiError extends ConnectorError {
  readonly [OKTA_BRAND] = true;
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorSummary: string | undefined;
  readonly errorCauses: { errorSummary: string }[];
  readonly errorId: string | undefined;
  readonly requestId: string | undefined;
  readonly wwwAuthenticate: string | undefined;

  /** The kind follows from the status (`oktaStatusCode`). */
  constructor(init: OktaApiErrorInit) {
    const body = init.body ?? {};
    const errorCode = body.errorCode ?? body.error;
    const errorSummary =
      body.errorSummary ?? body.error_description ?? wwwAuthenticateDescription(init.wwwAuthenticate);
    const causes = (body.errorCauses ?? []).filter((c) => typeof c?.errorSummary === 'string');
    const causeText = causes.length ? ` (${causes.map((c) => c.errorSummary).join('; ')})` : '';
    const message = `Okta answered ${init.status}${errorCode ? ` ${errorCode}` : ''} to ${init.method} ${init.path}: ${
      errorSummary ?? 'no error body'
    }${causeText}`;
    const code = oktaStatusCode(init.status, init.wwwAuthenticate);
    super(ERROR_CODES[code].kind, code, message, {
      details: {
        status: init.status,
        errorCode,
        errorSummary,
        errorCauses: causes,
        errorId: body.errorId,
        requestId: init.requestId,
      },
    });
    this.name = 'OktaApiError';
    this.status = init.status;
    this.errorCode = errorCode;
    this.errorSummary = errorSummary;
    this.errorCauses = causes;
    this.errorId = body.errorId;
    this.requestId = init.requestId;
    this.wwwAuthenticate = init.wwwAuthenticate;
  }
}

function wwwAuthenticateDescription(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const error = /error="([^"]*)"/.exec(header)?.[1];
  const description = /error_description="([^"]*)"/.exec(header)?.[1];
  if (!error && !description) return undefined;
  return [error, description].filter(Boolean).join(': ');
}
