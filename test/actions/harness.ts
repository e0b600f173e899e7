/**
 * What every action suite shares: a sandbox org on loopback, the connector's runtime talking to it over real HTTP,
 * and a way to read the error a run fails with.
 */
import { beforeEach } from 'vitest';
import { createConnector } from '../../connector.ts';
import { type ConnectorError, isConnectorError } from '../../lib/errors.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { suiteSandbox } from '../support/org.ts';

export interface Harness {
  sandbox: RunningSandbox;
  run<T = Record<string, unknown>>(key: string, input: unknown): Promise<T>;
}

/** Starts one sandbox for the calling suite; faults and request stats are cleared before each test. */
export function useSandbox(options: { users: number; seed: number }): Harness {
  // Output checked against each action's schema: a mismatch fails the test rather than logging a warning.
  const connector = createConnector({ outputCheck: 'throw', client: { retry: { baseDelayMs: 10, maxDelayMs: 50 } } });
  const sandbox = suiteSandbox({ ...options, rateLimits: { enabled: false } });
  const harness = {
    sandbox,
    run: <T>(key: string, input: unknown) =>
      connector.runAction(key, { connection: sandbox.connection, input }) as Promise<T>,
  };
  beforeEach(() => {
    harness.sandbox.faults.clear();
    harness.sandbox.stats.reset();
  });
  return harness;
}

/** The ConnectorError a run failed with; fails the test when it succeeded or threw something else. */
export async function failure(promise: Promise<unknown>): Promise<ConnectorError & Record<string, unknown>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isConnectorError(error)) throw new Error(`expected a ConnectorError, got ${String(error)}`);
  return error as ConnectorError & Record<string, unknown>;
}

/** The bad fields a ValidationError names. */
export function issuePaths(error: ConnectorError): string[] {
  return ((error.details as { issues?: { path: string }[] })?.issues ?? []).map((issue) => issue.path);
}

let counter = 0;
/** A login no other test uses. */
export function uniqueLogin(prefix = 'user'): string {
  counter += 1;
  return `${prefix}.${Date.now().toString(36)}.${counter}@example.com`;
}
