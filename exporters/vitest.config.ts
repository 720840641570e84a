import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'exporters',
    include: ['test/**/*.test.ts'],
    // test/cluster/: the cluster's own tests, in vitest.cluster.config.ts only
    exclude: ['test/cluster/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
