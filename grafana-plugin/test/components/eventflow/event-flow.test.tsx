import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { StoreFlowHealth } from '@trafi-ops/contracts';
import { MemoryRouter } from 'react-router-dom';
import { expect, test } from 'vitest';
import { EventFlowPage } from '../../../src/features/eventflow/EventFlowPage';
import { EVENT_FLOW_QUERIES } from '../../../src/features/eventflow/eventFlowQueries';
import { SettingsProvider } from '../../../src/settings';
import { calls, on, pathOf } from '../../fake-backend';

const NOW = 1_780_000_000_000;
const type = (eventType: string, over: Partial<StoreFlowHealth['types'][number]> = {}) => ({
  eventType, total: 100, firstReceivedAt: NOW - 3_600_000, lastReceivedAt: NOW - 5000, ageSeconds: 5, expectedWithinSeconds: 300, expectation: 'learned' as const, status: 'ok' as const, ...over,
});
const STORES: StoreFlowHealth[] = [
  { store: 'acme-store-1', healthy: true, checkedAt: NOW, reasons: [], types: [type('checkout_completed'), type('page_view')] },
  {
    store: 'initech-store-1', healthy: false, checkedAt: NOW, reasons: ['checkout_completed silent for 1200s (expected within 60s)'],
    types: [type('checkout_completed', { ageSeconds: 1200, expectedWithinSeconds: 60, expectation: 'configured', status: 'gap', reason: 'checkout_completed silent for 1200s (expected within 60s)' }), type('page_view')],
  },
];

function backend() {
  on('GET', /^\/event-flow\/stores$/, { data: { items: STORES } });
  on('GET', /^\/event-flow\/stores\/([^/]+)$/, (_req, m) => ({ data: STORES.find((s) => s.store === decodeURIComponent(m[1]!)) }));
  on('GET', /^prom:\/query$/, (req) => {
    const q = String(req.params?.query);
    const vec = (rows: Array<[Record<string, string>, number]>) => ({ data: { status: 'success', data: { resultType: 'vector', result: rows.map(([metric, v]) => ({ metric, value: [NOW / 1000, String(v)] })) } } });
    if (q === EVENT_FLOW_QUERIES.events1h) return vec([[{ store: 'acme-store-1', event_type: 'page_view' }, 30], [{ store: 'acme-store-1', event_type: 'checkout_completed' }, 10]]);
    if (q === EVENT_FLOW_QUERIES.events1d) return vec([[{ store: 'acme-store-1', event_type: 'page_view' }, 300], [{ store: 'acme-store-1', event_type: 'checkout_completed' }, 100], [{ store: 'initech-store-1', event_type: 'page_view' }, 80]]);
    if (q === EVENT_FLOW_QUERIES.freshness) return vec([[{ store: 'acme-store-1' }, 4], [{ store: 'initech-store-1' }, 2]]);
    return { status: 400, data: { status: 'error', error: q } };
  });
}

const renderPage = (url = '/a/trafi-ops-app/event-flow') =>
  render(
    <MemoryRouter initialEntries={[url]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <SettingsProvider settings={{ prometheusUid: 'prom-main' }}>
        <EventFlowPage intervalMs={0} />
      </SettingsProvider>
    </MemoryRouter>,
  );
const row = (s: string) => screen.getAllByTestId('store-row').find((r) => r.dataset.store === s)!;

test('unhealthy stores first and flagged, with counts, distribution, gaps, freshness and the Profit Engine gate', async () => {
  backend();
  renderPage();
  await waitFor(() => expect(within(row('acme-store-1')).getByTestId('store-events-1h').textContent).toBe('40'));
  expect(screen.getAllByTestId('store-row').map((r) => r.dataset.store)).toEqual(['initech-store-1', 'acme-store-1']);
  expect(row('initech-store-1').textContent).toContain('unhealthy');
  expect(row('initech-store-1').textContent).toContain('gate closed');
  expect(row('acme-store-1').textContent).toContain('gate open');
  expect(within(row('initech-store-1')).getByTestId('store-gaps').textContent).toContain('checkout_completed silent for 1200s');
  expect(within(row('acme-store-1')).getByTestId('store-events-1d').textContent).toBe('400');
  expect(within(row('acme-store-1')).getByTestId('store-distribution').getAttribute('aria-label')).toBe('checkout_completed 25%, page_view 75%');
  expect(within(row('acme-store-1')).getByTestId('store-freshness').textContent).toBe('4 s ago');
  expect(screen.getByTestId('event-flow-summary').textContent).toBe('2 stores · 1 unhealthy');
  expect(screen.getByTestId('dashboard-link-eventFlow').getAttribute('href')).toBe('/d/trafi-event-flow/trafi-event-flow');
});

test("a store's detail comes from GET /event-flow/stores/:store", async () => {
  backend();
  renderPage();
  fireEvent.click(await screen.findByTestId('store-detail-initech-store-1'));
  const detail = await screen.findByTestId('store-detail');
  await waitFor(() => expect(within(detail).getAllByTestId('store-type-row')).toHaveLength(2));
  expect(calls.some((c) => pathOf(c) === '/event-flow/stores/initech-store-1')).toBe(true);
  const gap = within(detail).getAllByTestId('store-type-row').find((r) => r.dataset.type === 'checkout_completed')!;
  expect(gap.dataset.status).toBe('gap');
  expect(gap.textContent).toContain('configured');
  expect(detail.textContent).toContain('Profit Engine gate closed');
  expect(within(detail).getByTestId('dashboard-link-eventFlow').getAttribute('href')).toBe('/d/trafi-event-flow/trafi-event-flow?var-store=initech-store-1');
});
