import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'dashboards',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
