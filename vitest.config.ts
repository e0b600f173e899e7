import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep files in separate forks but do not oversubscribe the machine.
    pool: 'forks',
    maxWorkers: 2,
    // A worker runs its files one after another in one process, modules loaded once: a fresh process per file spent
    // more than half of the run loading modules (import 236 s of a 421 s run; 30 s of 226 s without). So a suite must
    // not assume it is alone in its process: the rate-limiter registry, what libraries add to prototypes (n8n-workflow
    // gives BigInt a toJSON) and the secret scan's tap (one per process) are shared, as in a host that loads us.
    isolate: false,
    // The secret scan (issue 13): every worker taps logs, errors and host answers; the teardown searches them.
    // The CLI bundled once for the tests that start it in child processes (test/support/built-cli.ts).
    globalSetup: ['test/security/secret-scan-global.ts', 'test/support/built-cli.ts'],
    setupFiles: ['test/security/secret-scan-setup.ts'],
  },
});
