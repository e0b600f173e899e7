import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Two cores: keep files in separate forks but do not oversubscribe the machine.
    pool: 'forks',
    maxWorkers: 2,
  },
});
