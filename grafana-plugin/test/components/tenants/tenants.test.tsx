import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import { expect, test } from 'vitest';
import { TenantsPage } from '../../../src/features/tenants/TenantsPage';
import { TENANT_QUERIES, tenantQueries } from '../../../src/features/tenants/tenantQueries';
import { SettingsProvider } from '../../../src/settings';
import { calls, on, pathOf } from '../../fake-backend';

const NOW = 1_780_000_000;
/** Per query name, per tenant: the value Prometheus answers. */
const DATA: Record<string, Record<string, number>> = {
  requests: { acme: 1200, globex: 300, initech: 50, _other: 9 },
  errorRate: { acme: 0.002, globex: 0.08, initech: 0.02, _other: 0 },
  apiP95: { acme: 0.12, globex: 0.3, initech: 0.2, _other: 0.1 },
  activeJobs: { acme: 4, globex: 1 },
  queueDepth: { acme: 10, initech: 120 },
  dbP95: { acme: 0.004, globex: 0.02, initech: 0.003 },
  storageBytes: { acme: 5 * 1024 * 1024, globex: 1024 * 1024, initech: 300 * 1024 },
};

function prometheus() {
  on('GET', /^prom:\/query$/, (req) => {
    const q = String(req.params?.query);
    const name = Object.keys(TENANT_QUERIES).find((k) => (['1h', '6h', '24h', '7d'] as const).some((r) => tenantQueries(r)[k as keyof typeof TENANT_QUERIES] === q));
    if (!name) return { status: 400, data: { status: 'error', error: `unexpected ${q}` } };
    const result = Object.entries(DATA[name] ?? {}).map(([tenant, v]) => ({ metric: { tenant }, value: [NOW, String(v)] }));
    return { data: { status: 'success', data: { resultType: 'vector', result } } };
  });
}

let search = '';
function Location() {
  search = useLocation().search;
  return null;
}

function renderPage(url = '/a/trafi-ops-app/tenants') {
  return render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <SettingsProvider settings={{ prometheusUid: 'prom-main' }}>
        <TenantsPage intervalMs={0} />
        <Location />
      </SettingsProvider>
    </MemoryRouter>,
  );
}

const order = () => screen.getAllByTestId('tenant-row').map((r) => r.dataset.tenant);
const row = (t: string) => screen.getAllByTestId('tenant-row').find((r) => r.dataset.tenant === t)!;

test('one row per tenant, worst error rate first; problem tenants highlighted by the thresholds of the legend', async () => {
  prometheus();
  renderPage();
  await waitFor(() => expect(order()).toEqual(['globex', 'initech', 'acme', '_other']));
  expect(row('globex').dataset.status).toBe('bad'); // 8 % errors
  expect(row('initech').dataset.status).toBe('warn'); // 2 % errors, queue depth 120
  expect(row('acme').dataset.status).toBe('ok');
  expect(within(row('globex')).getByText('8.00 %').closest('td')!.dataset.status).toBe('bad');
  expect(within(row('acme')).getByText('5.0 MiB')).toBeTruthy();
  expect(within(row('acme')).getByText('1,200')).toBeTruthy();
  expect(row('globex').querySelector('[data-metric="queueDepth"]')!.textContent).toBe('—'); // no series
  expect(screen.getByTestId('tenants-legend').textContent).toContain('Error rate: ≥ 1.00 % warn · ≥ 5.00 % bad');
  expect(screen.getByTestId('tenants-summary').textContent).toBe('4 tenants · 2 need a look');
  // Links: the tenant's runs and DLQ, the dashboard; the _other bucket is no tenant to open.
  expect(within(row('acme')).getByRole('link', { name: 'runs' }).getAttribute('href')).toBe('/a/trafi-ops-app/runs?tenant=acme');
  expect(within(row('acme')).getByRole('link', { name: 'DLQ' }).getAttribute('href')).toBe('/a/trafi-ops-app/dlq?tenant=acme');
  expect(within(row('_other')).queryByRole('link')).toBeNull();
  expect(within(row('_other')).getByTestId('tenant-other').textContent).toContain('all other tenants');
  expect(screen.getByTestId('dashboard-link-tenants').getAttribute('href')).toBe('/d/trafi-tenants/trafi-tenants');
  expect(calls.filter((c) => pathOf(c) === 'prom:/query').every((c) => c.url.includes('/uid/prom-main/'))).toBe(true);
});

test('any column sorts, both ways, with the sort in the URL; a shared URL keeps it; the range changes the queries', async () => {
  prometheus();
  renderPage();
  await waitFor(() => expect(order()).toHaveLength(4));
  fireEvent.click(screen.getByTestId('sort-storageBytes'));
  await waitFor(() => expect(order()).toEqual(['acme', 'globex', 'initech', '_other'])); // no storage series: last
  expect(new URLSearchParams(search).get('sort')).toBe('storageBytes');
  expect(new URLSearchParams(search).get('dir')).toBe('desc');
  fireEvent.click(screen.getByTestId('sort-storageBytes'));
  await waitFor(() => expect(order()).toEqual(['initech', 'globex', 'acme', '_other']));
  fireEvent.click(screen.getByTestId('sort-tenant'));
  await waitFor(() => expect(order()).toEqual(['_other', 'acme', 'globex', 'initech']));
  expect(screen.getByTestId('sort-tenant').closest('th')!.getAttribute('aria-sort')).toBe('ascending');

  fireEvent.click(screen.getByRole('button', { name: '24h' }));
  await waitFor(() => expect(calls.some((c) => String(c.params?.query).includes('[24h]'))).toBe(true));
  expect(new URLSearchParams(search).get('range')).toBe('24h');
});

test('a shared URL opens sorted by its column', async () => {
  prometheus();
  renderPage('/a/trafi-ops-app/tenants?sort=requests&dir=asc');
  await waitFor(() => expect(order()).toEqual(['_other', 'initech', 'globex', 'acme']));
});

test('Prometheus failing: the error names the datasource', async () => {
  on('GET', /^prom:/, { status: 502, data: { message: 'Bad Gateway' } });
  renderPage();
  expect((await screen.findByRole('alert')).textContent).toContain('datasource uid "prom-main"');
});
