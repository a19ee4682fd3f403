import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['apps/*/test/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // Browser and PostgreSQL suites share machine-wide resources: keep files from starving each other.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
