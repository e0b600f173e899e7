/** Sandbox orgs for tests: one per suite (started before its first test, closed after its last), or one per test. */
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.ts';
import { suiteResource } from './suite.ts';

export interface SuiteSandboxOptions {
  /** The start hook's timeout, for an org too big to seed within the configured hookTimeout. */
  timeoutMs?: number;
  /**
   * Runs once the org has started, before the suite's first test: state the seed does not make. `startedInMs` is
   * how long the start took, for a suite that logs what a big seed costs.
   */
  prepare?: (sandbox: RunningSandbox, startedInMs: number) => unknown;
}

/** The suite's sandbox (see suiteResource); `rateLimits: { enabled: false }` for a suite that does not test them. */
export function suiteSandbox(options: SandboxOptions, suite: SuiteSandboxOptions = {}): RunningSandbox {
  return suiteResource(
    'sandbox',
    async () => {
      const starting = performance.now();
      const sandbox = await startSandbox(options);
      try {
        await suite.prepare?.(sandbox, Math.round(performance.now() - starting));
      } catch (error) {
        await sandbox.close();
        throw error;
      }
      return sandbox;
    },
    (sandbox) => sandbox.close(),
    suite.timeoutMs,
  );
}

/** A fresh org for one test (an example that needs the org as seeded, a clock of its own): closed when `use` ends. */
export async function withSandbox<T>(
  options: SandboxOptions,
  use: (sandbox: RunningSandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox(options);
  try {
    return await use(sandbox);
  } finally {
    await sandbox.close();
  }
}
