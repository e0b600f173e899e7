/** What the SDK-driven scenarios share: a sandbox, Okta's own Node SDK pointed at it, and the error a call fails with. */
import okta from '@okta/okta-sdk-nodejs';
import { afterAll, beforeAll } from 'vitest';
import { type RunningSandbox, startSandbox } from '../../sandbox/index.ts';

export function useSdk(options: { users: number; seed: number }) {
  const context = {
    sandbox: undefined as unknown as RunningSandbox,
    client: undefined as unknown as InstanceType<typeof okta.Client>,
  };
  beforeAll(async () => {
    context.sandbox = await startSandbox(options);
    context.sandbox.setRateLimits({ enabled: false });
    // No cache: every read goes to the org, as a script checking state would want.
    context.client = new okta.Client({
      orgUrl: context.sandbox.url,
      token: context.sandbox.apiToken,
      cacheMiddleware: null,
    });
  });
  afterAll(() => context.sandbox?.close());
  return context;
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
