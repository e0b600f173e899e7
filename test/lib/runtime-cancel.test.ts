/**
 * A cancelled or timed-out call (lib/runtime.ts, `classify`): the caller's signal aborting, or an
 * `AbortSignal.timeout` firing, ends `runAction` and `streamAction` with a transient error a flow builder may retry,
 * told apart by its code. What this catches: the runtime reporting a cancellation as an internal bug (not to be
 * retried), or a timeout as a plain abort (mutation testing found both unchecked).
 */
import { describe, expect, it } from 'vitest';
import { createConnector } from '../../connector.ts';
import { isConnectorError } from '../../lib/errors.ts';
import { suiteSandbox } from '../support/org.ts';

const sandbox = suiteSandbox({ users: 5, seed: 29 });
const connector = createConnector({});
const connection = () => ({ type: 'apiToken', fields: { domain: sandbox.url, apiToken: sandbox.apiToken } });

async function failure(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    if (isConnectorError(error)) return { code: error.code, kind: error.kind };
    throw error;
  }
  throw new Error('the call was expected to fail');
}

async function timedOut(): Promise<AbortSignal> {
  const signal = AbortSignal.timeout(0);
  // The timeout fires on a timer: wait for it rather than for a fixed time.
  if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  return signal;
}

const calls = {
  runAction: (signal: AbortSignal) => connector.runAction('listUsers', { connection: connection(), input: {}, signal }),
  streamAction: async (signal: AbortSignal) => {
    for await (const _ of connector.streamAction('listUsers', { connection: connection(), input: {}, signal })) {
      // drain
    }
  },
};

describe.each(Object.entries(calls))('%s', (_, call) => {
  it('ends an aborted call as ABORTED, transient', async () => {
    expect(await failure(() => call(AbortSignal.abort()))).toEqual({ code: 'ABORTED', kind: 'transient' });
  });

  it('ends a timed-out call as TIMEOUT, transient', async () => {
    const signal = await timedOut();
    expect(await failure(() => call(signal))).toEqual({ code: 'TIMEOUT', kind: 'transient' });
  });
});
