import { defineConfig } from 'vitest/config';

// One run over every package; each keeps its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ['devstack', 'exporters', 'exporters/vitest.cluster.config.ts', 'alert-rules', 'k6', 'demo', 'dashboards', 'grafana-plugin/vitest.config.ts', 'grafana-plugin/vitest.e2e.config.ts'],
    // Tests share one Redis and PostgreSQL (each with its own prefix/schema) and 2 cores.
    maxWorkers: 2,
  },
});
