import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'k6',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
