/** Shared by the tests that check a stop: how many requests an org received once the count holds still. */
import type { RunningSandbox } from '../sandbox/index.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Requests received once those already on the wire have arrived (the sandbox shares a busy machine): the count once
 * it has held still for a while.
 */
export async function settledRequests(sandbox: RunningSandbox): Promise<number> {
  let count = -1;
  while (count !== sandbox.stats.requests) {
    count = sandbox.stats.requests;
    await pause(250);
  }
  return count;
}
