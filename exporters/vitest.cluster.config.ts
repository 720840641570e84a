import { defineConfig } from 'vitest/config';

// The jobs, DLQ, metrics, event-reporter and ops-API suites again, unchanged, on a Redis Cluster
// of 3 masters + 3 replicas that test/cluster-setup.ts starts for this project (helpers.ts picks
// the backend: cluster connections and `{hash-tagged}` prefixes). Plus the cluster's own tests.
export default defineConfig({
  test: {
    name: 'exporters-cluster',
    include: [
      'test/jobs.test.ts', 'test/dlq.test.ts', 'test/dlq-atomicity.test.ts', 'test/paging.test.ts', 'test/ids.test.ts',
      'test/queue-metrics.test.ts', 'test/event-flow.test.ts', 'test/api.test.ts', 'test/cluster/**/*.test.ts',
    ],
    globalSetup: ['test/cluster-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { LOG_LEVEL: 'silent' },
  },
});
