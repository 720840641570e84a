// The product's configuration: defaults, and a bad value stopping start-up naming the variable.
import { expect, test } from 'vitest';
import { parseTokens } from '../src/api/auth.ts';
import { ConfigError, loadConfig } from '../src/config.ts';

test('defaults apply when variables are unset or empty', () => {
  const c = loadConfig({ API_PORT: '', REDIS_URL: undefined });
  expect(c).toMatchObject({ API_PORT: 4000, API_HOST: '127.0.0.1', REDIS_URL: 'redis://127.0.0.1:6379', REDIS_PREFIX: 'trafi', DLQ_RETENTION_DAYS: 14, METRICS_SNAPSHOT_TIMEOUT_MS: 5000, BODY_TIMEOUT_MS: 5000 });
  expect(c.DATABASE_URL).toBeUndefined();
});

test('a bad value stops start-up with a message naming the variable', () => {
  expect(() => loadConfig({ API_PORT: '99999' })).toThrow(ConfigError);
  expect(() => loadConfig({ API_PORT: '99999' })).toThrow(/API_PORT: .* \(got "99999"\)/);
  expect(() => loadConfig({ DLQ_RETENTION_DAYS: '-1' })).toThrow(/DLQ_RETENTION_DAYS/);
  expect(() => loadConfig({ REDIS_URL: 'not a url' })).toThrow(/REDIS_URL/);
  // Past Prometheus' 10 s scrape timeout the scrape itself would fail instead of leaving series out.
  expect(() => loadConfig({ METRICS_SNAPSHOT_TIMEOUT_MS: '12000' })).toThrow(/METRICS_SNAPSHOT_TIMEOUT_MS/);
  for (const bad of ['0', '2.5', 'soon', '600000']) expect(() => loadConfig({ BODY_TIMEOUT_MS: bad })).toThrow(/BODY_TIMEOUT_MS/);
  expect(loadConfig({ BODY_TIMEOUT_MS: '1500' }).BODY_TIMEOUT_MS).toBe(1500);
});

test('the product reads none of npm start\'s settings (the demo\'s, its local Prometheus and Alertmanager)', () => {
  const c = loadConfig({ DEMO: 'maybe', DEMO_PORT: 'x', PROMETHEUS: 'x', PROMETHEUS_LISTEN: 'x', ALERTMANAGER: 'x', ALERTMANAGER_LISTEN: 'x' });
  for (const name of ['DEMO', 'DEMO_PORT', 'PROMETHEUS', 'PROMETHEUS_LISTEN', 'ALERTMANAGER', 'ALERTMANAGER_LISTEN']) expect(c).not.toHaveProperty(name);
});

test('tokens: [name@]role:token pairs, validated', () => {
  const t = parseTokens('alice@operator:0123456789abcdefXYZ, viewer:abcdefghijklmnopq');
  expect(t.map(({ user, role }) => ({ user, role }))).toEqual([
    { user: 'alice', role: 'operator' },
    { user: 'viewer-2', role: 'viewer' },
  ]);
  expect(() => parseTokens('admin:0123456789abcdefXYZ')).toThrow('entry 1: role must be one of viewer, operator, platform, deployer');
  expect(() => parseTokens('operator:short')).toThrow('at least 16 characters');
  expect(() => parseTokens('nonsense')).toThrow('must be "[name@]role:token"');
});
