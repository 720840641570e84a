// Every PromQL the plugin sends selects only what the metric catalogue holds (catalogueErrors:
// Prometheus' grammar, as for the rules and the dashboards), so a renamed metric or recording rule
// fails here instead of leaving a page empty. The queries are taken from what each feature's
// queries module (*Queries.ts: the only ones asking Prometheus, test/components/layout.test.ts)
// really sends to a fake Prometheus, so their parameters are filled as in the app.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { HEALTH_QUERIES } from '../../src/features/health/healthQueries';
import { calls, on, pathOf } from '../fake-backend';
import { catalogueErrorsOf } from './catalogue-errors';

const FEATURES = path.resolve(import.meta.dirname, '../../src/features');

/** Each feature's queries module, by path relative to src/features. */
async function queryModules(): Promise<Map<string, Record<string, unknown>>> {
  const files = readdirSync(FEATURES, { recursive: true, encoding: 'utf8' }).filter((f) => /Queries\.ts$/.test(f));
  return new Map(await Promise.all(files.map(async (f) => [f, (await import(path.join(FEATURES, f))) as Record<string, unknown>] as const)));
}

/** What the modules' loaders (exports named load*) send to Prometheus, with the module that sent it. */
async function sentQueries(modules: Map<string, Record<string, unknown>>): Promise<Array<{ module: string; query: string }>> {
  on('GET', /^prom:\/query$/, { data: { status: 'success', data: { resultType: 'vector', result: [] } } });
  on('GET', /^prom:\/query_range$/, { data: { status: 'success', data: { resultType: 'matrix', result: [] } } });
  const sent: Array<{ module: string; query: string }> = [];
  for (const [module, exports] of modules) {
    for (const [name, load] of Object.entries(exports)) {
      if (!name.startsWith('load') || typeof load !== 'function') continue;
      const before = calls.length;
      await (load as (prometheusUid: string) => Promise<unknown>)('prometheus');
      for (const req of calls.slice(before)) {
        expect(pathOf(req), `${module} ${name}`).toMatch(/^prom:\/query(_range)?$/);
        sent.push({ module, query: String(req.params?.query) });
      }
    }
  }
  return sent;
}

/** The PromQL a module declares: the values of its *_QUERIES exports. */
const declared = (exports: Record<string, unknown>) =>
  Object.entries(exports).flatMap(([name, value]) => (name.endsWith('_QUERIES') ? Object.values(value as Record<string, string>) : []));

test('every query the plugin sends is declared in its feature queries module and selects only catalogued series and labels', async () => {
  const modules = await queryModules();
  expect([...modules.keys()].sort()).toEqual(['eventflow/eventFlowQueries.ts', 'health/healthQueries.ts', 'health/syntheticQueries.ts', 'queues/queueQueries.ts', 'slos/sloQueries.ts', 'tenants/tenantQueries.ts']);
  const sent = await sentQueries(modules);
  for (const [module, exports] of modules) {
    // Each declared query is sent and nothing else is (no PromQL built inside a loader).
    expect(new Set(sent.filter((s) => s.module === module).map((s) => s.query)), module).toEqual(new Set(declared(exports)));
  }
  expect(sent.length).toBeGreaterThan(10);
  const errors = catalogueErrorsOf(sent.map((s) => s.query));
  sent.forEach(({ module, query }, i) => expect(errors[i], `${module}: ${query}`).toEqual([]));
});

test('the check can fail: a misspelt metric or label in a plugin query is caught', () => {
  const misspeltMetric = HEALTH_QUERIES.errorRateTotal.replace('trafi_http_requests_total{', 'trafi_http_request_total{');
  const misspeltLabel = HEALTH_QUERIES.errorRateTotal.replace('code=~', 'status=~');
  expect(catalogueErrorsOf([misspeltMetric, misspeltLabel])).toEqual([['trafi_http_request_total: not in the metric catalogue'], ['trafi_http_requests_total: no label status']]);
});
