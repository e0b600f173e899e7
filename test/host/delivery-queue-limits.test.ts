/**
 * The webhook delivery queue's limits (host/delivery-queue.ts) are `HOST_*` limits like the others: read from the
 * environment by `serve`, checked with an error naming the variable, and handed to the store the host builds.
 */
import { describe, expect, it } from 'vitest';
import { main } from '../../host/commands.ts';
import { DEFAULT_DELIVERY_QUEUE } from '../../host/delivery-queue.ts';
import { deliveryQueueLimits, HostLimitsError, hostLimits, limitsFromEnvironment } from '../../host/limits.ts';

/** `okta-connector serve` in process with `env`: its exit code and the `{ error }` it printed, if any. */
async function serveWith(env: NodeJS.ProcessEnv) {
  let stderr = '';
  const code = await main(['serve', '--port', '0'], {
    env,
    stdout: () => undefined,
    stderr: (text) => {
      stderr += text;
    },
    stopped: () => Promise.reject(new Error('the host started')),
  });
  return { code, error: JSON.parse(stderr.split('\n')[0] ?? '{}').error };
}

describe('the delivery queue’s HOST_* limits', () => {
  it('default to the queue’s own bounds (256 deliveries, 32 MiB, 1 s)', () => {
    expect(deliveryQueueLimits(hostLimits())).toEqual(DEFAULT_DELIVERY_QUEUE);
  });

  it('are read from HOST_MAX_QUEUED_DELIVERIES, HOST_MAX_QUEUED_DELIVERY_BYTES and HOST_DELIVERY_WAIT_MS (catches: a variable not read)', () => {
    const limits = limitsFromEnvironment({
      HOST_MAX_QUEUED_DELIVERIES: '16',
      HOST_MAX_QUEUED_DELIVERY_BYTES: ' 1048576 ',
      HOST_DELIVERY_WAIT_MS: '250',
    });
    expect(deliveryQueueLimits(hostLimits(limits))).toEqual({ maxDeliveries: 16, maxBytes: 1_048_576, maxWaitMs: 250 });
  });

  it.each([
    ['HOST_MAX_QUEUED_DELIVERIES', 'many'],
    ['HOST_MAX_QUEUED_DELIVERIES', '0'],
    ['HOST_MAX_QUEUED_DELIVERY_BYTES', '-1'],
    ['HOST_MAX_QUEUED_DELIVERY_BYTES', '99999999999999999999'],
    ['HOST_DELIVERY_WAIT_MS', '1.5'],
  ])('refuse %s=%s, naming the variable', (variable, value) => {
    expect(() => hostLimits(limitsFromEnvironment({ [variable]: value }))).toThrow(
      expect.objectContaining({ variable, message: expect.stringContaining(variable) }),
    );
  });

  it('refuse a wait for room as long as Okta’s 3 s delivery timeout: Okta would give up before the 503 (catches: a wait that answers no one)', () => {
    expect(() => hostLimits({ deliveryWaitMs: 2_999 })).not.toThrow();
    expect(() => hostLimits({ deliveryWaitMs: 3_000 })).toThrow(HostLimitsError);
    expect(() => hostLimits(limitsFromEnvironment({ HOST_DELIVERY_WAIT_MS: '5000' }))).toThrow(
      /HOST_DELIVERY_WAIT_MS.*under Okta's 3000 ms/,
    );
  });

  it('make `serve` fail as a wrong command line (exit 1) naming the variable, before anything starts', async () => {
    for (const [variable, value] of [
      ['HOST_MAX_QUEUED_DELIVERIES', '0'],
      ['HOST_MAX_QUEUED_DELIVERY_BYTES', 'lots'],
      ['HOST_DELIVERY_WAIT_MS', '3000'],
    ] as const) {
      const { code, error } = await serveWith({ [variable]: value });
      expect({ variable, code }).toEqual({ variable, code: 1 });
      expect(error).toMatchObject({ code: 'USAGE', kind: 'validation', details: { variable, see: 'SECURITY.md' } });
      expect(error.message).toContain(variable);
    }
  });
});
