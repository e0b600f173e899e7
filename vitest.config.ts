import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep files in separate forks but do not oversubscribe the machine.
    pool: 'forks',
    maxWorkers: 2,
    // The secret scan (issue 13): every worker taps logs, errors and host answers; the teardown searches them.
    // The CLI bundled once for the tests that start it in child processes (test/support/built-cli.ts).
    globalSetup: ['test/security/secret-scan-global.ts', 'test/support/built-cli.ts'],
    setupFiles: ['test/security/secret-scan-setup.ts'],
  },
});
