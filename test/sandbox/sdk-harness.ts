/** What the SDK-driven scenarios share: a sandbox, Okta's own Node SDK pointed at it, and the error a call fails with. */
import okta from '@okta/okta-sdk-nodejs';
import { suiteSandbox } from '../support/org.ts';
import { suiteResource } from '../support/suite.ts';

export function useSdk(options: { users: number; seed: number }) {
  const sandbox = suiteSandbox({ ...options, rateLimits: { enabled: false } });
  // No cache: every read goes to the org, as a script checking state would want.
  const client = suiteResource(
    'SDK client',
    async () => new okta.Client({ orgUrl: sandbox.url, token: sandbox.apiToken, cacheMiddleware: null }),
    () => undefined,
  );
  return { sandbox, client };
}

/** The status and Okta error code a call failed with; fails the test when it succeeded. */
export async function oktaFailure(call: Promise<unknown>): Promise<{ status: number; errorCode: string }> {
  const error = (await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  )) as { status: number; errorCode: string };
  return { status: error.status, errorCode: error.errorCode };
}

/** Every item of an SDK collection. */
export async function all<T>(collection: AsyncIterable<T | null>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of collection) if (item !== null) items.push(item);
  return items;
}
