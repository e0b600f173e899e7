/**
 * @module Our errors as Zapier's: `z.errors.Error(message, code, status)` with our message, what to do, our code and
 * Okta's status, so the Zap's run shows them; a connection Okta no longer accepts as Zapier's expired-auth error (the
 * user is asked to reconnect) or, for the OAuth2 connection whose token Zapier can refresh, its refresh-auth error;
 * Okta's rate limit, once the runtime's own retries are spent, as Zapier's throttled error (Zapier retries later).
 */
import type { ErrorCode } from '../../../lib/errors.ts';
import { type BuilderError, builderError } from '../../shared/errors.ts';

/** The codes that mean the connection itself no longer works: reconnect (or refresh) it. */
const RECONNECT: ReadonlySet<ErrorCode> = new Set([
  'OKTA_UNAUTHORIZED',
  'REAUTHORIZE',
  'NOT_AUTHORIZED',
  'TOKEN_REFUSED',
]);

/** What of Zapier's `z` the errors need. */
export interface ZapierErrors {
  Error: new (message: string, code?: string, status?: number) => Error;
  ExpiredAuthError: new (message?: string) => Error;
  RefreshAuthError: new (message?: string) => Error;
  ThrottledError: new (message: string, delay?: number) => Error;
}

/** Seconds Zapier waits before it retries a step Okta rate-limited: Okta's rate-limit windows are a minute long. */
export const THROTTLE_DELAY_SECONDS = 60;

/**
 * The error Zapier should show for `error`. `refreshable`: the connection is Zapier's OAuth2, whose access token
 * Zapier refreshes when told (its refresh-auth error), then runs the step again.
 */
export function zapierError(errors: ZapierErrors, error: unknown, refreshable = false): Error {
  const shown = builderError(error);
  const text = messageOf(shown);
  if (RECONNECT.has(shown.code)) {
    return refreshable && shown.code === 'OKTA_UNAUTHORIZED'
      ? new errors.RefreshAuthError(text)
      : new errors.ExpiredAuthError(text);
  }
  // The runtime has already waited out the resets it was allowed to: Zapier retries the step later.
  if (shown.code === 'OKTA_RATE_LIMITED') return new errors.ThrottledError(text, THROTTLE_DELAY_SECONDS);
  return new errors.Error(text, shown.code, shown.status);
}

/** "Okta answered 404 …. What to do. (OKTA_NOT_FOUND, Okta E0000007)": the message, advice, and both codes. */
export function messageOf(error: BuilderError): string {
  const okta = error.oktaErrorCode ? `, Okta ${error.oktaErrorCode}` : '';
  const fields = error.issues?.length ? ` Fields: ${error.issues.map((issue) => issue.path).join(', ')}.` : '';
  return `${error.message}${fields} ${error.whatToDo} (${error.code}${okta})`;
}
