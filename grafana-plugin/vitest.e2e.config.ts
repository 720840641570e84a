// End-to-end: the built dist/module.js in Chromium against the real stack (see test/e2e).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'grafana-plugin-e2e',
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 180_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
