/**
 * @module How the host and the CLI report a failure: the error's own JSON, an HTTP status and an exit code by kind.
 */
import { type ErrorJson, isConnectorError } from '../lib/errors.ts';

/**
 * A ConnectorError is already redacted of the connection's secrets, so its JSON is safe to send. Anything else is a
 * bug whose message may hold anything (a header, a token), so only a generic message leaves the process.
 */
export function errorJson(error: unknown): ErrorJson {
  if (isConnectorError(error)) return error.toJSON();
  // The same code as the runtime gives a bug inside an action (lib/runtime.ts, `classify`): one code for one kind.
  return { code: 'INTERNAL_ERROR', kind: 'internal', message: 'An unexpected error occurred in the host.' };
}

/** Validation codes that mean "no such thing": 404 at the host. */
const NOT_FOUND_CODES = new Set(['UNKNOWN_KEY', 'UNKNOWN_SUBSCRIPTION', 'UNKNOWN_OPERATION']);

export function httpStatus(error: ErrorJson): number {
  switch (error.kind) {
    case 'validation':
      return NOT_FOUND_CODES.has(error.code) ? 404 : 400;
    case 'connection':
      // Okta's 403 (a missing scope or role) stays a 403: the credential works but may not do this.
      return (error.details as { status?: unknown } | undefined)?.status === 403 ? 403 : 401;
    case 'okta':
      return 502;
    case 'transient':
      return 503;
    case 'internal':
      return 500;
    default:
      return 500;
  }
}

/** 1 stays for a wrong command line (and Node's own crashes); a bug in the connector has its own code, 6. */
const EXIT_CODES: Record<string, number> = { validation: 2, connection: 3, okta: 4, transient: 5, internal: 6 };

export function exitCode(error: ErrorJson): number {
  return EXIT_CODES[error.kind] ?? 1;
}
