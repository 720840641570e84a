import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, test } from 'vitest';
import { HEALTH_QUERIES } from '../../../src/features/health/healthQueries';
import { SYNTHETIC_QUERIES } from '../../../src/features/health/syntheticQueries';
import { dependencyStatus, thresholdStatus, THRESHOLDS, upStatus, workersStatus, worst } from '../../../src/features/health/HealthThresholds';
import { HealthPage, intervalToMs, secondsToInterval } from '../../../src/features/health/HealthPage';
import { SettingsProvider } from '../../../src/settings';
import type { AppSettings } from '../../../src/constants';
import { STATUS_COLORS } from '../../../src/theme/theme';
import { calls, on, pathOf } from '../../fake-backend';

describe('thresholds (one place, value at a threshold takes the worse colour)', () => {
  test('error rate: ok < 1 %, warn < 5 %, bad from 5 %', () => {
    const s = (v: number) => thresholdStatus(v, THRESHOLDS.errorRate);
    expect([s(0), s(0.0099), s(0.01), s(0.0499), s(0.05), s(0.5)]).toEqual(['ok', 'ok', 'warn', 'warn', 'bad', 'bad']);
  });
  test('p95 latency: ok < 0.5 s, warn < 1 s, bad from 1 s', () => {
    const s = (v: number) => thresholdStatus(v, THRESHOLDS.latencyP95);
    expect([s(0.001), s(0.499), s(0.5), s(0.999), s(1), s(7)]).toEqual(['ok', 'ok', 'warn', 'warn', 'bad', 'bad']);
  });
  test('no value or NaN (0/0 from Prometheus) is unknown, not ok', () => {
    expect(thresholdStatus(undefined, THRESHOLDS.errorRate)).toBe('unknown');
    expect(thresholdStatus(Number.NaN, THRESHOLDS.latencyP95)).toBe('unknown');
  });
  test('dependencies: down is red whatever the latency; up and slower than 250 ms is yellow', () => {
    expect(dependencyStatus(0, 0.001)).toBe('bad');
    expect(dependencyStatus(1, 0.249)).toBe('ok');
    expect(dependencyStatus(1, 0.25)).toBe('warn');
    expect(dependencyStatus(1, 0.999)).toBe('warn');
    expect(dependencyStatus(1, undefined)).toBe('ok');
    expect(dependencyStatus(undefined, 0.01)).toBe('unknown');
  });
  test('up, workers and the worst of several', () => {
    expect([upStatus(1), upStatus(0), upStatus(undefined)]).toEqual(['ok', 'bad', 'unknown']);
    expect([workersStatus(3, 3), workersStatus(1, 3), workersStatus(0, 2), workersStatus(0, 0)]).toEqual(['ok', 'warn', 'bad', 'unknown']);
    expect(worst('ok', 'unknown', 'warn')).toBe('warn');
    expect(worst('bad', 'ok')).toBe('bad');
  });
  test('refresh intervals', () => {
    expect([secondsToInterval(10), secondsToInterval(60), secondsToInterval(90), secondsToInterval(0)]).toEqual(['10s', '1m', '90s', '']);
    expect([intervalToMs('5s'), intervalToMs('1m'), intervalToMs(''), intervalToMs('bogus')]).toEqual([5000, 60000, 0, 0]);
  });
});

const NOW = 1_780_000_000;
type Answers = Partial<Record<keyof typeof HEALTH_QUERIES, Array<[Record<string, string>, number | string]>>>;

/** Prometheus answering each of the page's queries from `answers` (unknown queries: 400). */
function prometheus(answers: Answers) {
  on('GET', /^prom:\/query$/, (req) => {
    const name = (Object.keys(HEALTH_QUERIES) as Array<keyof typeof HEALTH_QUERIES>).find((k) => HEALTH_QUERIES[k] === req.params?.query);
    if (Object.values(SYNTHETIC_QUERIES).includes(req.params?.query as never)) return { data: { status: 'success', data: { resultType: 'vector', result: [] } } }; // the synthetic block (synthetic-results.test.tsx)
    if (!name) return { status: 400, data: { status: 'error', errorType: 'bad_data', error: `unexpected query ${req.params?.query}` } };
    const result = (answers[name] ?? []).map(([metric, v]) => ({ metric, value: [NOW, String(v)] }));
    return { data: { status: 'success', data: { resultType: 'vector', result } } };
  });
}

const HEALTHY: Answers = {
  up: [[{ job: 'trafi-exporters', instance: 'exporters:9464' }, 1], [{ job: 'grafana', instance: 'grafana:3000' }, 0], [{ job: 'alertmanager', instance: 'alertmanager:9093' }, 1]],
  dependencyUp: [[{ dependency: 'postgres' }, 1], [{ dependency: 'redis' }, 1]],
  dependencyLatency: [[{ dependency: 'postgres' }, 0.249], [{ dependency: 'redis' }, 0.25]],
  errorRate: [[{ service: 'a-ok' }, 0.0099], [{ service: 'b-warn' }, 0.01], [{ service: 'c-warn' }, 0.0499], [{ service: 'd-bad' }, 0.05]],
  errorRateTotal: [[{}, 0.012]],
  p50: [[{ service: 'fast' }, 0.02], [{ service: 'edge' }, 0.1], [{ service: 'slow' }, 0.3]],
  p95: [[{ service: 'fast' }, 0.499], [{ service: 'edge' }, 0.5], [{ service: 'slow' }, 1]],
  p99: [[{ service: 'fast' }, 0.6], [{ service: 'edge' }, 0.9], [{ service: 'slow' }, 2.5]],
  workerAge: [[{ queue: 'emails', worker: 'w1' }, 5], [{ queue: 'emails', worker: 'w2' }, 12], [{ queue: 'exports', worker: 'w1' }, 59], [{ queue: 'exports', worker: 'w2' }, 61], [{ queue: 'imports', worker: 'w1' }, 600]],
};

function renderPage(settings: AppSettings = { prometheusUid: 'prom-main', refreshSeconds: 30 }) {
  return render(
    <SettingsProvider settings={settings}>
      <HealthPage />
    </SettingsProvider>,
  );
}

const cell = (name: string) => screen.getAllByTestId('health-cell').find((c) => c.dataset.name === name)!;
const status = (name: string) => cell(name)?.dataset.status;
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

describe('HealthPage', () => {
  test('a cell per service, dependency, error rate, latency and worker queue, coloured by the thresholds', async () => {
    prometheus(HEALTHY);
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));

    // Services: API, Dashboard (Grafana) and Workers first, then any other scrape job.
    expect(screen.getAllByTestId('health-cell').filter((c) => c.dataset.name!.startsWith('service:') || c.dataset.name!.startsWith('up:')).map((c) => c.dataset.name)).toEqual(['service:api', 'service:dashboard', 'service:workers', 'up:alertmanager']);
    expect(status('service:api')).toBe('ok');
    // Grafana's api/health did not answer (no fake for it): its scrape (down) decides.
    expect(status('service:dashboard')).toBe('bad');
    expect(cell('service:dashboard').textContent).toContain('DOWN');
    expect(status('service:workers')).toBe('warn');
    expect(cell('service:workers').textContent).toContain('3/5 alive');
    expect(status('up:alertmanager')).toBe('ok');

    expect(status('dependency:postgres')).toBe('ok');
    expect(cell('dependency:postgres').textContent).toContain('PostgreSQL');
    expect(cell('dependency:postgres').textContent).toContain('probe 249 ms');
    expect(status('dependency:redis')).toBe('warn');

    expect(['a-ok', 'b-warn', 'c-warn', 'd-bad'].map((s) => status(`error-rate:${s}`))).toEqual(['ok', 'warn', 'warn', 'bad']);
    expect(cell('error-rate:c-warn').textContent).toContain('4.99 %');
    expect(status('error-rate:total')).toBe('warn');
    expect(cell('error-rate:total').textContent).toContain('1.20 %');

    expect(['fast', 'edge', 'slow'].map((s) => status(`latency:${s}`))).toEqual(['ok', 'warn', 'bad']);
    expect(cell('latency:slow').textContent).toContain('p95 1.00 s');
    expect(cell('latency:slow').textContent).toContain('p50 300 ms · p99 2.50 s');

    expect([status('workers:emails'), status('workers:exports'), status('workers:imports')]).toEqual(['ok', 'warn', 'bad']);
    expect(cell('workers:exports').textContent).toContain('1/2 alive');

    // Only problems are filled, in the theme's status colour; an ok cell stays black.
    for (const s of ['warn', 'bad'] as const) {
      const c = screen.getAllByTestId('health-cell').find((el) => el.dataset.status === s)!;
      expect(c.style.background).toBe(rgb(STATUS_COLORS[s]));
    }
    const ok = screen.getAllByTestId('health-cell').filter((el) => el.dataset.status === 'ok');
    expect(ok.length).toBeGreaterThan(3);
    for (const c of ok) expect(c.style.background).toBe('rgb(0, 0, 0)');
    expect(screen.getByTestId('dashboard-link-health').getAttribute('href')).toBe('/d/trafi-system-health/trafi-system-health');
    // When the answers arrived.
    expect(screen.getByTestId('health-updated').textContent).toMatch(/^\d\d:\d\d:\d\d$/);
  });

  test("the dashboard service is Grafana's own api/health when it answers", async () => {
    prometheus(HEALTHY);
    on('GET', /^api\/health$/, { data: { database: 'ok', version: '12.4.0' } });
    renderPage();
    await waitFor(() => expect(status('service:dashboard')).toBe('ok'));
    expect(cell('service:dashboard').textContent).toContain('api/health: database ok · v12.4.0');
  });

  test('every query goes to the configured Prometheus datasource', async () => {
    prometheus(HEALTHY);
    renderPage({ prometheusUid: 'other-prom' });
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    const prom = calls.filter((c) => pathOf(c) === 'prom:/query');
    expect(prom.every((c) => c.url === 'api/datasources/proxy/uid/other-prom/api/v1/query')).toBe(true);
    expect(prom.map((c) => c.params?.query).sort()).toEqual([...Object.values(HEALTH_QUERIES), ...Object.values(SYNTHETIC_QUERIES)].sort());
    expect(prom.map((c) => c.params?.query)).toContain('service:trafi_http_requests:error_ratio_rate1h');
    expect(prom.map((c) => c.params?.query)).toContain('service:trafi_http_request_duration_seconds:p95_5m');
  });

  test('no data is grey "no data", and PostgreSQL and Redis are always shown', async () => {
    prometheus({ up: [[{ job: 'trafi-exporters' }, 1]], errorRateTotal: [[{}, 'NaN']], p95: [[{ service: 'idle' }, 'NaN']] });
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    expect(status('dependency:postgres')).toBe('unknown');
    expect(status('dependency:redis')).toBe('unknown');
    expect(cell('dependency:redis').textContent).toContain('no data');
    expect(cell('dependency:redis').style.background).toBe('rgb(0, 0, 0)'); // no data is not a problem to fill
    expect(status('error-rate:total')).toBe('unknown');
    expect(cell('error-rate:total').textContent).toContain('NO DATA');
    expect(status('latency:idle')).toBe('unknown');
  });

  test('a down dependency is red; the dev stack database shows as PGlite', async () => {
    prometheus({ dependencyUp: [[{ dependency: 'pglite' }, 1], [{ dependency: 'redis' }, 0]], dependencyLatency: [[{ dependency: 'redis' }, 1]] });
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    expect(status('dependency:redis')).toBe('bad');
    expect(cell('dependency:redis').textContent).toContain('DOWN');
    expect(status('dependency:pglite')).toBe('ok');
    expect(cell('dependency:pglite').textContent).toContain('PostgreSQL (PGlite)');
    expect(screen.getAllByTestId('health-cell').some((c) => c.dataset.name === 'dependency:postgres')).toBe(false);
  });

  test('several exporters report the same dependency: one seeing it down makes it red, the slowest probe counts', async () => {
    prometheus({
      dependencyUp: [[{ dependency: 'redis', instance: 'a:9464' }, 1], [{ dependency: 'redis', instance: 'b:9464' }, 0], [{ dependency: 'postgres', instance: 'a:9464' }, 1], [{ dependency: 'postgres', instance: 'b:9464' }, 1]],
      dependencyLatency: [[{ dependency: 'postgres', instance: 'a:9464' }, 0.3], [{ dependency: 'postgres', instance: 'b:9464' }, 0.002]],
    });
    renderPage();
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    expect(status('dependency:redis')).toBe('bad');
    expect(status('dependency:postgres')).toBe('warn'); // 300 ms on one of them
  });

  test('the grid is rectangular: every group is padded to whole rows', async () => {
    prometheus(HEALTHY);
    const { container } = renderPage();
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    const grid = screen.getByTestId('health-grid');
    expect(grid.style.gridTemplateColumns).toBe('repeat(4, minmax(0, 1fr))');
    // 5 group headings (one row each) + cells and padding filling whole rows of 4.
    const slots = [...grid.children].filter((c) => c.getAttribute('role') !== 'heading');
    expect(slots.length % 4).toBe(0);
    expect(container.querySelectorAll('[role="heading"]')).toHaveLength(5);
  });

  test('Prometheus unreachable: an error naming the datasource uid to check', async () => {
    on('GET', /^prom:/, { status: 404, data: { message: 'Data source not found' } });
    renderPage({ prometheusUid: 'typo-prom' });
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('datasource with uid "typo-prom"');
    expect(alert.textContent).toContain('HTTP 404: Data source not found');
    expect(screen.queryAllByTestId('health-cell')).toHaveLength(0);
  });

  test('refresh picker defaults to the configured interval; Refresh reloads now', async () => {
    prometheus(HEALTHY);
    renderPage({ refreshSeconds: 30 });
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    expect(screen.getByRole('button', { name: /current interval/ }).textContent).toContain('30s');
    const before = calls.length;
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(calls.length).toBe(before + Object.keys(HEALTH_QUERIES).length + 1)); // + Grafana's api/health
  });

  test('choosing Off in the picker stops the polling', async () => {
    prometheus(HEALTHY);
    renderPage({ refreshSeconds: 1 });
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    fireEvent.click(screen.getByRole('button', { name: /current interval/ }));
    fireEvent.click(await screen.findByRole('menuitemradio', { name: /Turn off auto refresh|Off/ }));
    await waitFor(() => expect(screen.getByRole('button', { name: /Auto refresh turned off/ })).toBeTruthy());
    const after = calls.length;
    await new Promise((r) => setTimeout(r, 1500));
    expect(calls.length).toBe(after);
  });

  test('an interval not in the list (from the config) is offered and used', async () => {
    prometheus(HEALTHY);
    renderPage({ refreshSeconds: 1 });
    await waitFor(() => expect(screen.getAllByTestId('health-cell').length).toBeGreaterThan(0));
    expect(screen.getByRole('button', { name: /current interval/ }).textContent).toContain('1s');
    // Polling every second: more than one round of queries arrives.
    await waitFor(() => expect(calls.length).toBeGreaterThanOrEqual(2 * Object.keys(HEALTH_QUERIES).length), { timeout: 3000 });
  });
});
