// docker-compose.yml cannot run here (no Docker engine): it is validated offline against the
// Compose Specification's JSON schema (test/fixtures/compose-spec.json, Apache-2.0, from
// github.com/compose-spec/compose-spec schema/compose-spec.json at 170098ba07d9) and checked
// against the files it mounts and the services the configs expect.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { parseTokens } from '@trafi-ops/exporters';

const root = fileURLToPath(new URL('../..', import.meta.url));
const compose = parse(readFileSync(`${root}/docker-compose.yml`, 'utf8'));
// Draft-07, named by its https URL, which Ajv knows as http: compile it without the $schema key.
const { $schema: _draft, ...schema } = JSON.parse(readFileSync(fileURLToPath(new URL('./fixtures/compose-spec.json', import.meta.url)), 'utf8'));

function validate(doc: unknown): string[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  const check = ajv.compile(schema);
  return check(doc) ? [] : check.errors!.map((e) => `${e.instancePath} ${e.message}`);
}

test('docker-compose.yml is valid against the Compose Specification schema', () => {
  expect(validate(compose)).toEqual([]);
  // The validator does reject a broken file:
  expect(validate({ services: { grafana: { image: 'grafana/grafana', ports: 3000, restart: { always: true } } } })).not.toEqual([]);
});

test('the stack: Redis, PostgreSQL, exporters, Prometheus, Alertmanager, Grafana with the plugin and provisioning, VictoriaMetrics, the synthetics runners', () => {
  expect(Object.keys(compose.services).sort()).toEqual(['alertmanager', 'blackbox', 'exporters', 'grafana', 'k6-api-health', 'k6-checkout-funnel', 'postgres', 'prometheus', 'redis', 'victoriametrics']);
  const mounts: string[] = compose.services.grafana.volumes;
  expect(mounts).toContain('./grafana-plugin/dist:/var/lib/grafana/plugins/trafi-ops-app:ro');
  expect(mounts).toContain('./provisioning/dashboards:/etc/grafana/provisioning/dashboards:ro');
  expect(compose.services.grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe('trafi-ops-app');
});

test("the token Grafana's plugin proxy sends is an operator token of the ops API", () => {
  // Compose's ${VAR:-default}, with the variable unset.
  const expand = (v: string) => v.replace(/\$\{(\w+):-([^}]*)\}/g, (_m, _name: string, fallback: string) => fallback);
  const tokens = parseTokens(expand(compose.services.exporters.environment.OPS_API_TOKENS));
  const grafanaToken = expand(compose.services.grafana.environment.TRAFI_OPS_API_TOKEN);
  expect(tokens.map((t) => ({ user: t.user, role: t.role }))).toEqual([{ user: 'grafana', role: 'operator' }]);
  expect(parseTokens(`grafana@operator:${grafanaToken}`)[0]!.digest.equals(tokens[0]!.digest)).toBe(true);
});

test('every mounted repo path exists (the plugin build and the secrets are made by the user)', () => {
  const made = ['./grafana-plugin/dist', './secrets/slack-webhook-url', './secrets/pagerduty-routing-key'];
  const paths = [
    ...Object.values(compose.services as Record<string, { volumes?: string[] }>).flatMap((s) => s.volumes ?? []).map((v) => v.split(':')[0]!).filter((p) => p.startsWith('.')),
    ...Object.values(compose.secrets as Record<string, { file: string }>).map((s) => s.file),
  ];
  expect(paths.length).toBeGreaterThan(6);
  for (const p of paths) if (!made.includes(p)) expect(existsSync(`${root}/${p}`), p).toBe(true);
});

test('the configs name compose services: Prometheus targets, datasource URLs, the provisioning variables', () => {
  const services = Object.keys(compose.services);
  const prom = readFileSync(`${root}/prometheus.yml`, 'utf8');
  for (const [, host] of prom.matchAll(/'([\w-]+):\d+'/g)) expect([...services, 'localhost'], host).toContain(host);
  const grafanaEnv = compose.services.grafana.environment as Record<string, string>;
  for (const f of ['datasources/datasources.yml', 'plugins/trafi-ops-app.yml']) {
    for (const [, name] of readFileSync(`${root}/provisioning/${f}`, 'utf8').matchAll(/\$\{(\w+)\}/g)) expect(Object.keys(grafanaEnv), `${f}: ${name}`).toContain(name);
  }
  expect(grafanaEnv.PROMETHEUS_URL).toBe('http://prometheus:9090');
  expect(compose.services.exporters.environment.ALERTMANAGER_URL).toBe('http://alertmanager:9093');
});
