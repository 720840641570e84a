// The Health page's synthetic block: the latest result per check and location from the k6
// runs and the blackbox probes, failures first in red; no runner at all says so (never green).
import { render, screen, waitFor } from '@testing-library/react';
import { expect, test } from 'vitest';
import { SyntheticResults } from '../../../src/features/health/SyntheticResults';
import { SYNTHETIC_QUERIES, syntheticResults } from '../../../src/features/health/syntheticQueries';
import { SettingsProvider } from '../../../src/settings';
import { COLORS } from '../../../src/theme/theme';
import { calls, on } from '../../fake-backend';

const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;

function prometheus(k6: [Record<string, string>, number][], probes: [Record<string, string>, number][]) {
  on('GET', /^prom:\/query$/, (req) => {
    const rows = req.params?.query === SYNTHETIC_QUERIES.k6 ? k6 : req.params?.query === SYNTHETIC_QUERIES.probes ? probes : undefined;
    if (!rows) return { status: 400, data: { status: 'error', errorType: 'bad_data', error: 'unexpected query' } };
    return { data: { status: 'success', data: { resultType: 'vector', result: rows.map(([metric, v]) => ({ metric, value: [1_780_000_000, String(v)] })) } } };
  });
}

const renderBlock = () => render(<SettingsProvider settings={{ prometheusUid: 'prom-main', refreshSeconds: 30 }}><SyntheticResults intervalMs={0} /></SettingsProvider>);

test('latest result per check and location, failures first, FAIL in red and PASS in green', async () => {
  prometheus(
    [[{ synthetic: 'checkout-funnel', check: 'browse: products listed', location: 'eu-west' }, 1], [{ synthetic: 'checkout-funnel', check: 'checkout: order placed', location: 'eu-west' }, 0]],
    [[{ instance: 'https://ops.example.com/healthz', location: 'us-east' }, 1]],
  );
  renderBlock();
  await waitFor(() => expect(screen.getAllByTestId('synthetic-row')).toHaveLength(3));
  const rows = screen.getAllByTestId('synthetic-row').map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
  expect(rows).toEqual([
    ['checkout: order placed', 'checkout-funnel', 'eu-west', 'FAIL'],
    ['https://ops.example.com/healthz', 'blackbox', 'us-east', 'PASS'],
    ['browse: products listed', 'checkout-funnel', 'eu-west', 'PASS'],
  ].sort((a, b) => (a[3] === b[3] ? a[1]!.localeCompare(b[1]!) || a[0]!.localeCompare(b[0]!) : a[3] === 'FAIL' ? -1 : 1)));
  const latest = screen.getAllByTestId('synthetic-row').map((r) => (r.querySelectorAll('td')[3] as HTMLElement).style.color);
  expect(latest[0]).toBe(rgb(COLORS.error));
  expect(latest[1]).toBe(rgb(COLORS.success));
  expect(calls.every((c) => !c.url.includes('/query') || c.url.includes('/uid/prom-main/'))).toBe(true);
});

test('no runner reporting is said, not shown as green', async () => {
  prometheus([], []);
  renderBlock();
  expect(await screen.findByText(/No synthetic results/)).toBeTruthy();
  expect(screen.queryAllByTestId('synthetic-row')).toHaveLength(0);
});

test('ordering: failures first, then source, check and location', () => {
  const r = syntheticResults([{ labels: { synthetic: 'api-health', check: 'b', location: 'x' }, value: 1 }, { labels: { synthetic: 'api-health', check: 'a', location: 'x' }, value: 0.5 }], [{ labels: { instance: 'redis:6379', location: 'x' }, value: 0 }]);
  expect(r.map((x) => [x.check, x.ok])).toEqual([['a', false], ['redis:6379', false], ['b', true]]);
});
