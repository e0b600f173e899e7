/** One sandbox org per suite: started before the suite's first test, closed after its last. */
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.ts';
import { suiteResource } from './suite.ts';

/** The suite's sandbox (see suiteResource); `rateLimits: { enabled: false }` for a suite that does not test them. */
export function suiteSandbox(options: SandboxOptions): RunningSandbox {
  return suiteResource(
    'sandbox',
    () => startSandbox(options),
    (sandbox) => sandbox.close(),
  );
}
