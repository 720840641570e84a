// npm start's configuration: the product's variables plus the demo launcher's, validated the
// same way (a bad value names the variable and what it got).
import { ConfigError } from '@trafi-ops/exporters';
import { expect, test } from 'vitest';
import { loadDemoConfig } from '../src/config.ts';

test('defaults: the product\'s and the launcher\'s', () => {
  expect(loadDemoConfig({ DEMO_PORT: '' })).toMatchObject({
    REDIS_URL: 'redis://127.0.0.1:6379', API_PORT: 4000,
    DEMO: 'on', DEMO_PORT: 4100, PROMETHEUS: 'on', PROMETHEUS_LISTEN: '127.0.0.1:9090', ALERTMANAGER: 'on', ALERTMANAGER_LISTEN: '127.0.0.1:9093',
    TRAFI_FRESH: '0', BANNER_REPEAT_MS: 60_000, PROGRESS_INTERVAL_MS: 30_000,
  });
  expect(loadDemoConfig({ DEMO: 'off', DEMO_PORT: '0', PROMETHEUS_LISTEN: 'localhost:19090', PROGRESS_INTERVAL_MS: '2000' })).toMatchObject({ DEMO: 'off', DEMO_PORT: 0, PROMETHEUS_LISTEN: 'localhost:19090', PROGRESS_INTERVAL_MS: 2000 });
});

test('a bad value stops start-up naming the variable and its value', () => {
  expect(() => loadDemoConfig({ DEMO: 'maybe' })).toThrow(ConfigError);
  expect(() => loadDemoConfig({ DEMO: 'maybe' })).toThrow(/DEMO: .* \(got "maybe"\)/);
  expect(() => loadDemoConfig({ DEMO_PORT: '70000' })).toThrow(/DEMO_PORT: .* \(got "70000"\)/);
  expect(() => loadDemoConfig({ PROMETHEUS: 'yes' })).toThrow(/PROMETHEUS: /);
  expect(() => loadDemoConfig({ PROMETHEUS_LISTEN: '9090' })).toThrow(/PROMETHEUS_LISTEN: host:port \(got "9090"\)/);
  expect(() => loadDemoConfig({ ALERTMANAGER_LISTEN: 'http://127.0.0.1:9093' })).toThrow(/ALERTMANAGER_LISTEN: host:port/);
  expect(() => loadDemoConfig({ TRAFI_FRESH: 'true' })).toThrow(/TRAFI_FRESH: /);
  expect(() => loadDemoConfig({ PROGRESS_INTERVAL_MS: '10' })).toThrow(/PROGRESS_INTERVAL_MS: /);
  expect(() => loadDemoConfig({ BANNER_REPEAT_MS: 'often' })).toThrow(/BANNER_REPEAT_MS: /);
  // The product's variables are still checked, in the same message.
  expect(() => loadDemoConfig({ REDIS_URL: 'nope', DEMO: 'maybe' })).toThrow(/REDIS_URL: .*\n {2}DEMO: /);
});
