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

const BRAND = Symbol.for('okta-connector.error');

export interface ErrorJson {
  code: string;
  kind: ErrorKind;
  message: string;
  details?: unknown;
}

/** What every error may carry besides its code and message: the JSON `details`, and the error it wraps. */
export interface ConnectorErrorOptions {
  details?: unknown;
  cause?: unknown;
}

export class ConnectorError extends Error {
  readonly [BRAND] = true;
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: unknown;

  constructor(kind: ErrorKind, code: string, message: string, options: ConnectorErrorOptions = {}) {
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

/** A message used inside a longer one: without its closing full stop, so that the sentence ends with one, not two. */
export function clause(message: string): string {
  return message.trimEnd().replace(/(?<!\.)\.$/, '');
}

/** A message followed by another: closed with a full stop unless it already ends a sentence. */
export function sentence(message: string): string {
  const text = message.trimEnd();
  return /[.!?…]$/.test(text) ? text : `${text}.`;
}

export interface FieldIssue {
  /** Dotted path of the bad field, e.g. `userId` or `groupIds.3`. */
  path: string;
  message: string;
}

/** A bad input: every bad field by path. No request was sent. */
export class ValidationError extends ConnectorError {
  readonly issues: FieldIssue[];

  constructor(message: string, issues: FieldIssue[], code = 'INVALID_INPUT') {
    super('validation', code, message, { details: { issues } });
    this.name = 'ValidationError';
    this.issues = issues;
  }
}

/** The connection is wrong, expired or lacks a permission: fix or re-authorise it. */
export class ConnectionError extends ConnectorError {
  constructor(code: string, message: string, options?: ConnectorErrorOptions) {
    super('connection', code, message, options);
    this.name = 'ConnectionError';
  }
}

/**
 * Something failed that is likely to work when tried again later (network, 5xx, rate limit, timeout). The message
 * says whether the request may have reached Okta, so a caller knows whether trying again could repeat a change.
 */
export class TransientError extends ConnectorError {
  constructor(code: string, message: string, options?: ConnectorErrorOptions) {
    super('transient', code, message, options);
    this.name = 'TransientError';
  }
}

/**
 * A bug: an action or the connector threw something that is not a ConnectorError (a TypeError, a RangeError). Not
 * transient, because the same input fails the same way; the cause is kept for the log, never sent.
 */
export class InternalError extends ConnectorError {
  constructor(message: string, options?: ConnectorErrorOptions) {
    super('internal', 'INTERNAL_ERROR', message, options);
    this.name = 'InternalError';
  }
}

/** An unknown action, trigger or data source key. */
export class NotFoundError extends ConnectorError {
  constructor(message: string, details?: unknown) {
    super('validation', 'UNKNOWN_KEY', message, { details });
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
  /** The `WWW-Authenticate` header: Okta signals token failures there, often with an empty body (API-FACTS §5.2). */
  wwwAuthenticate?: string;
}

/**
 * Okta answered with an error status. `errorCode` is what program logic should look at; `errorSummary` is for people
 * and can change (API-FACTS §6).
 */
export class OktaApiError extends ConnectorError {
  readonly status: number;
  readonly errorCode: string | undefined;
  readonly errorSummary: string | undefined;
  readonly errorCauses: { errorSummary: string }[];
  readonly errorId: string | undefined;
  readonly requestId: string | undefined;
  readonly wwwAuthenticate: string | undefined;

  constructor(init: OktaApiErrorInit, kind: ErrorKind = 'okta') {
    const body = init.body ?? {};
    const errorCode = body.errorCode ?? body.error;
    const errorSummary =
      body.errorSummary ?? body.error_description ?? wwwAuthenticateDescription(init.wwwAuthenticate);
    const causes = (body.errorCauses ?? []).filter((c) => typeof c?.errorSummary === 'string');
    const causeText = causes.length ? ` (${causes.map((c) => c.errorSummary).join('; ')})` : '';
    const message = `Okta answered ${init.status}${errorCode ? ` ${errorCode}` : ''} to ${init.method} ${init.path}: ${
      errorSummary ?? 'no error body'
    }${causeText}`;
    super(kind, errorCode ?? `HTTP_${init.status}`, message, {
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
