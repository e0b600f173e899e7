/**
 * @module Our error as a builder shows it: message, code, kind and what to do, never a stack or a secret.
 */
import { ERROR_CODES, type ErrorCode, type ErrorKind, isConnectorError, isOktaApiError } from '../../lib/errors.ts';
import { redactText } from '../../lib/redact.ts';

export interface BuilderError {
  message: string;
  code: ErrorCode;
  kind: ErrorKind;
  /** The catalogue's advice for the code (lib/errors.ts). */
  whatToDo: string;
  /** Okta's HTTP status, when Okta answered. */
  status?: number;
  /** Okta's own error code (E0000007…), when it gave one. */
  oktaErrorCode?: string;
  /** The bad fields, by name, for a validation error. */
  issues?: { path: string; message: string }[];
}

/**
 * The runtime's errors are classified and redacted already; anything else (thrown by the builder's glue, say) is an
 * internal error whose message is kept, less `secrets`, and whose stack is dropped.
 */
export function builderError(error: unknown, secrets: readonly string[] = []): BuilderError {
  if (!isConnectorError(error)) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      message: redactText(`Unexpected error in the connector: ${message}`, secrets),
      code: 'INTERNAL_ERROR',
      kind: 'internal',
      whatToDo: ERROR_CODES.INTERNAL_ERROR.whatToDo,
    };
  }
  const result: BuilderError = {
    message: redactText(error.message, secrets),
    code: error.code,
    kind: error.kind,
    whatToDo: ERROR_CODES[error.code].whatToDo,
  };
  if (isOktaApiError(error)) {
    result.status = error.status;
    if (error.errorCode) result.oktaErrorCode = error.errorCode;
  }
  const issues = (error.details as { issues?: unknown } | undefined)?.issues;
  if (Array.isArray(issues)) result.issues = issues as BuilderError['issues'];
  return result;
}

/** `, Okta 404 E0000007` where Okta answered (its status, and its error code when it gave one), else nothing. */
export function oktaSuffix(error: BuilderError): string {
  if (!error.status) return '';
  return `, Okta ${error.status}${error.oktaErrorCode ? ` ${error.oktaErrorCode}` : ''}`;
}

/**
 * A failed step thrown to a builder that shows the message: the message is the builder's own wording, and code, kind,
 * what to do, Okta's status and error code and the bad fields are properties, for a flow's error handling.
 */
export class BuilderStepError extends Error {
  readonly code: BuilderError['code'];
  readonly kind: BuilderError['kind'];
  readonly whatToDo: string;
  readonly status?: number;
  readonly oktaErrorCode?: string;
  readonly issues?: BuilderError['issues'];

  constructor(error: BuilderError, message: string) {
    super(message);
    this.code = error.code;
    this.kind = error.kind;
    this.whatToDo = error.whatToDo;
    if (error.status !== undefined) this.status = error.status;
    if (error.oktaErrorCode !== undefined) this.oktaErrorCode = error.oktaErrorCode;
    if (error.issues !== undefined) this.issues = error.issues;
  }
}
