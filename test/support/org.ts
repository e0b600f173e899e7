/** One sandbox org per suite: started before the suite's first test, closed after its last. */
import { afterAll, beforeAll } from 'vitest';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../sandbox/index.ts';

/**
 * Registers the suite's beforeAll/afterAll and returns the sandbox at once, as a stand-in that forwards to the
 * running org; reading it before the suite starts (at module load) fails loudly instead of reading undefined.
 */
export function suiteSandbox(options: SandboxOptions): RunningSandbox {
  let running: RunningSandbox | undefined;
  beforeAll(async () => {
    running = await startSandbox(options);
  });
  afterAll(() => running?.close());
  return new Proxy({} as RunningSandbox, {
    get(_, property) {
      if (!running) throw new Error(`the suite's sandbox is read (.${String(property)}) before it has started`);
      const value = Reflect.get(running, property);
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
