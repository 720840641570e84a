import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'grafana-plugin',
    include: ['test/components/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    setupFiles: ['test/setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // @grafana/ui imports CSS and untranspiled ESM: let vite process it.
    server: { deps: { inline: [/@grafana\//, /react-window/] } },
    css: false,
  },
});
