/**
 * @module A create that is neither lost nor doubled when its answer is.
 *
 * A POST that creates is never resent blindly (lib/http/retry.ts): after a 5xx, a broken connection or a timeout,
 * Okta may have made the object and only the answer was lost. Where the object has a natural key (a user's login, a
 * group's name, an app assignment's user), `createOnce` looks it up before sending again: found and matching what was
 * sent, it is the answer; absent, the create is sent once more. If that second create is refused because the key is
 * taken (the first one landed late, or an index lagged behind the lookup), it looks once more.
 */
import type { Logger } from './define.ts';
import { isConnectorError, isOktaApiError } from './errors.ts';

export interface CreateOnceOptions<T> {
  /** What is created, for log lines (`user`; no profile data, which is personal). */
  what: string;
  /** Sends the create (the client does not resend it after a failure that may have reached Okta). */
  send(): Promise<T>;
  /**
   * The object Okta holds under the natural key, when it is the one `send` asked for (same key and fields sent);
   * undefined when there is none, or it is another one (which the next create will be refused for).
   */
  lookup(): Promise<T | undefined>;
  /** Okta's answer that the key is taken (400 E0000001 for a login or a name, 409 E0000062 for an assignment). */
  isConflict(error: unknown): boolean;
  /** Creates sent at most (default 2: the first, and one more after a lookup found nothing). */
  maxSends?: number;
  log?: Logger;
}

/**
 * Whether a failed request may have run at Okta: a 5xx, or a network failure or timeout after the request left
 * (the client marks them `mayHaveReachedOkta`). A 429 or a 4xx did not run.
 */
export function mayHaveRun(error: unknown): boolean {
  if (!isConnectorError(error)) return false;
  const details = (error.details ?? {}) as { mayHaveReachedOkta?: unknown; status?: unknown };
  if (details.mayHaveReachedOkta === true) return true;
  return typeof details.status === 'number' && details.status >= 500;
}

/** Okta answered this status (and error code, when given). */
export function oktaAnswered(error: unknown, status: number, errorCode?: string): boolean {
  return isOktaApiError(error, status) && (errorCode === undefined || error.errorCode === errorCode);
}

export async function createOnce<T>(options: CreateOnceOptions<T>): Promise<T> {
  const maxSends = options.maxSends ?? 2;
  let unknownOutcome: unknown;
  for (let sends = 0; ; sends += 1) {
    try {
      return await options.send();
    } catch (error) {
      if (unknownOutcome !== undefined && options.isConflict(error)) {
        // An earlier create did land: the key is taken by it, unless someone else holds it.
        const found = await options.lookup();
        if (found !== undefined) return found;
        throw error;
      }
      if (!mayHaveRun(error)) throw error;
      unknownOutcome = error;
      // A failed lookup leaves the outcome unknown: the create's own error says to check before trying again.
      const found = await options.lookup().catch(() => {
        throw error;
      });
      if (found !== undefined) {
        options.log?.info('A create’s answer was lost; Okta had made it', { created: options.what });
        return found;
      }
      if (sends + 1 >= maxSends) throw error;
      options.log?.warn('A create failed before Okta made it; sending it again', { create: options.what });
    }
  }
}
