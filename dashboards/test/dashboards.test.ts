// Dashboards as code: the committed JSON is what the TypeScript generates, every PromQL parses
// with Prometheus' grammar and selects only what the metric catalogue holds, the alerts'
// dashboard links land on real uids and variables, and the provisioning files point Grafana at them.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { catalogueErrors } from '@trafi-ops/alert-rules';
import { expect, test } from 'vitest';
import { parse } from 'yaml';
import { JSON_DIR, renderedDashboards } from '../src/generate.ts';
import { dashboards } from '../src/index.ts';
import { expand, panelQueries, promqlErrors } from '../src/promql.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const all = dashboards();

test('provisioning/dashboards/json is up to date with dashboards/src (else: npm run generate:dashboards)', () => {
  const rendered = renderedDashboards();
  expect(readdirSync(JSON_DIR).filter((f) => f.endsWith('.json')).sort()).toEqual([...rendered.keys()].sort());
  for (const [file, text] of rendered) expect(readFileSync(`${JSON_DIR}${file}`, 'utf8'), file).toBe(text);
});

test('six dashboards with template variables, a default refresh and panels that all query Prometheus', () => {
  expect(all.map((d) => d.uid)).toEqual(['trafi-queues', 'trafi-system-health', 'trafi-tenants', 'trafi-event-flow', 'trafi-slos', 'trafi-synthetics']);
  const vars = Object.fromEntries(all.map((d) => [d.uid, (d.templating?.list ?? []).map((v) => v.name)]));
  expect(vars).toEqual({ 'trafi-queues': ['queue'], 'trafi-system-health': ['service'], 'trafi-tenants': ['tenant'], 'trafi-event-flow': ['store'], 'trafi-slos': ['slo'], 'trafi-synthetics': ['location'] });
  for (const d of all) {
    expect(d.refresh).toBe('30s');
    expect(d.panels!.length).toBeGreaterThanOrEqual(4);
    for (const p of d.panels as { datasource?: unknown; targets?: { datasource?: { uid: string } }[] }[]) {
      expect(p.targets!.length).toBeGreaterThan(0);
      for (const t of p.targets!) expect(t.datasource).toEqual({ type: 'prometheus', uid: 'prometheus' });
    }
  }
});

test('every panel expression parses as PromQL (Prometheus grammar, variables expanded)', () => {
  const queries = all.flatMap(panelQueries);
  expect(queries.length).toBeGreaterThan(30);
  for (const q of queries) expect(promqlErrors(expand(q.expr)), `${q.dashboard} / ${q.panel} / ${q.refId}: ${q.expr}`).toEqual([]);
  for (const d of all) for (const v of d.templating!.list!) {
    const m = /^label_values\((.+), (\w+)\)$/.exec(String(v.definition));
    expect(m, `${d.uid} $${v.name}`).not.toBeNull();
    expect(promqlErrors(m![1]!)).toEqual([]);
  }
  // The check can fail:
  expect(promqlErrors('sum(rate(trafi_http_requests_total[5m])')).not.toEqual([]);
  expect(promqlErrors('rate(trafi_http_requests_total{code=~"5.."}[5m] by (code)')).not.toEqual([]);
});

test('every series and label a panel or variable selects is in the metric catalogue', () => {
  for (const q of all.flatMap(panelQueries)) expect(catalogueErrors(expand(q.expr)), `${q.dashboard} / ${q.panel} / ${q.refId}: ${q.expr}`).toEqual([]);
  for (const d of all) for (const v of d.templating!.list!) expect(catalogueErrors(/^label_values\((.+), \w+\)$/.exec(String(v.definition))![1]!), `${d.uid} $${v.name}`).toEqual([]);
});

test('the alerts link to real dashboards and variables (/d/<uid>/<uid>?var-<name>=…)', () => {
  const links = ['rules/alerts.yml', 'rules/slo.generated.yml', 'rules/synthetics.yml'].flatMap((f) =>
    [...readFileSync(`${root}/alert-rules/${f}`, 'utf8').matchAll(/dashboard: (\/d\/\S+)/g)].map((m) => m[1]!),
  );
  expect(links.length).toBeGreaterThan(12);
  for (const link of links) {
    const m = /^\/d\/([\w-]+)\/([\w-]+)(?:\?var-(\w+)=)?/.exec(link)!;
    const d = all.find((x) => x.uid === m[1]);
    expect(d, link).toBeDefined();
    if (m[3]) expect(d!.templating!.list!.map((v) => v.name), link).toContain(m[3]);
  }
});

test('health colours are green / amber / red and the tenant table colours problem cells', () => {
  const health = all.find((d) => d.uid === 'trafi-system-health')!;
  const errorRate = (health.panels as { title: string; fieldConfig: { defaults: { thresholds: { steps: { color: string }[] } } } }[]).find((p) => p.title.startsWith('Error rate'))!;
  expect(errorRate.fieldConfig.defaults.thresholds.steps.map((s) => s.color)).toEqual(['#00FF94', '#FFB800', '#FF3366']);
  // One warning colour on every surface, and never the plugin's action lime (contracts' STATUS_PALETTE).
  expect(JSON.stringify(dashboards())).not.toMatch(/#CCFF00/i);
  const table = all.find((d) => d.uid === 'trafi-tenants')!.panels![0] as { type: string; options: { sortBy: unknown[] }; fieldConfig: { overrides: { matcher: { options: string }; properties: { id: string }[] }[] } };
  expect(table.type).toBe('table');
  expect(table.options.sortBy).toEqual([{ displayName: 'Error rate', desc: true }]);
  const coloured = table.fieldConfig.overrides.filter((o) => o.properties.some((p) => p.id === 'custom.cellOptions')).map((o) => o.matcher.options);
  expect(coloured).toEqual(['Error rate', 'p95 latency', 'Pending jobs', 'DB p95']);
});

test('provisioning: Prometheus and Alertmanager datasources, the app with its secret from env, the dashboard provider', () => {
  const ds = parse(readFileSync(`${root}/provisioning/datasources/datasources.yml`, 'utf8'));
  expect(ds.apiVersion).toBe(1);
  expect(ds.datasources.map((d: { uid: string; type: string }) => [d.uid, d.type])).toEqual([['prometheus', 'prometheus'], ['alertmanager', 'alertmanager']]);
  const app = parse(readFileSync(`${root}/provisioning/plugins/trafi-ops-app.yml`, 'utf8'));
  expect(app.apps[0]).toMatchObject({ type: 'trafi-ops-app', jsonData: { apiUrl: '${TRAFI_OPS_API_URL}' }, secureJsonData: { apiToken: '${TRAFI_OPS_API_TOKEN}' } });
  const provider = parse(readFileSync(`${root}/provisioning/dashboards/dashboards.yml`, 'utf8'));
  expect(provider.providers[0]).toMatchObject({ type: 'file', options: { path: '/etc/grafana/provisioning/dashboards/json' } });
});
