import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Tests share one Redis and PostgreSQL; each uses its own prefix/schema.
    fileParallelism: true,
    maxWorkers: 2,
    env: { LOG_LEVEL: 'silent' },
  },
});
