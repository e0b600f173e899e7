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
    globalSetup: ['test/security/secret-scan-global.ts'],
    setupFiles: ['test/security/secret-scan-setup.ts'],
  },
});
