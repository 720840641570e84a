import { render, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { expect, test } from 'vitest';
import { SlosPage } from '../../../src/features/slos/SlosPage';
import { SLO_QUERIES } from '../../../src/features/slos/sloQueries';
import { AlertBanner } from '../../../src/ui/AlertBanner';
import { loadSloBudgets } from '../../../src/features/slos/sloQueries';
import { SettingsProvider } from '../../../src/settings';
import { on } from '../../fake-backend';

const NOW = 1_780_000_000;
const ANSWERS: Record<string, Array<[Record<string, string>, number]>> = {
  objective: [[{ slo: 'api-availability', service: 'storefront' }, 0.999], [{ slo: 'job-success', service: 'jobs' }, 0.995]],
  errorRatioNow: [[{ slo: 'api-availability' }, 0.0004], [{ slo: 'job-success' }, 0.3]],
  budgetRemaining: [[{ slo: 'api-availability' }, 0.82], [{ slo: 'job-success' }, -4.5]],
  burn1h: [[{ slo: 'api-availability' }, 0.4], [{ slo: 'job-success' }, 60]],
  burn5m: [[{ slo: 'job-success' }, 58]],
  firing: [[{ alertname: 'SLOErrorBudgetBurn', alertstate: 'firing', slo: 'job-success', severity: 'critical', long_window: '1h', short_window: '5m' }, 1]],
};

function prometheus() {
  on('GET', /^prom:\/query$/, (req) => {
    const name = Object.entries(SLO_QUERIES).find(([, q]) => q === req.params?.query)?.[0];
    if (!name) return { status: 400, data: { status: 'error', error: String(req.params?.query) } };
    return { data: { status: 'success', data: { resultType: 'vector', result: (ANSWERS[name] ?? []).map(([metric, v]) => ({ metric, value: [NOW, String(v)] })) } } };
  });
}

const wrap = (ui: React.ReactNode) =>
  render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <SettingsProvider settings={{ prometheusUid: 'prom-main' }}>{ui}</SettingsProvider>
    </MemoryRouter>,
  );
const row = (s: string) => screen.getAllByTestId('slo-row').find((r) => r.dataset.slo === s)!;

test('per SLO: objective, SLI now, the budget bar, burn rates per window and firing alerts', async () => {
  prometheus();
  wrap(<SlosPage intervalMs={0} />);
  await waitFor(() => expect(screen.getAllByTestId('slo-row')).toHaveLength(2));
  const ok = row('api-availability');
  expect(ok.dataset.status).toBe('ok');
  expect(ok.textContent).toContain('99.90 %');
  expect(within(ok).getByTestId('slo-sli').textContent).toBe('99.96 %');
  expect(within(ok).getByTestId('slo-budget').textContent).toContain('82.00 %');
  expect(within(ok).getByRole('meter').getAttribute('aria-valuenow')).toBe('82');
  expect(within(ok).getByTestId('slo-firing').textContent).toBe('none');

  const bad = row('job-success');
  expect(bad.dataset.status).toBe('bad');
  expect(within(bad).getByTestId('slo-budget').dataset.status).toBe('bad');
  expect(within(bad).getByTestId('slo-budget').textContent).toContain('overspent 450.00 %');
  expect(within(bad).getByRole('meter').getAttribute('aria-valuenow')).toBe('0');
  expect(bad.querySelector('[data-window="1h"]')!.textContent).toBe('60×');
  expect(bad.querySelector('[data-window="1h"]')!.getAttribute('data-status')).toBe('bad');
  expect(bad.querySelector('[data-window="6h"]')!.textContent).toBe('—');
  expect(within(bad).getByTestId('slo-firing').textContent).toBe('critical · 1h/5m');
  expect(screen.getByTestId('slos-summary').textContent).toBe('2 SLOs · 1 burning');
  expect(within(bad).getByTestId('dashboard-link-slos').getAttribute('href')).toBe('/d/trafi-slos/trafi-slos?var-slo=job-success');
});

test('the alert banner shows the budget left of the SLO that fires', async () => {
  prometheus();
  const alerts = async () => ({
    alerts: [{ fingerprint: 'f1', name: 'SLOErrorBudgetBurn', severity: 'critical' as const, summary: 'SLO job-success: burning', description: '', slo: 'job-success', labels: {}, startsAt: '2026-01-01T00:00:00Z' }],
    counts: { critical: 1, warning: 0, info: 0 },
    source: 'http://am',
  });
  wrap(<AlertBanner intervalMs={0} load={alerts} loadBudgets={loadSloBudgets} />);
  expect((await screen.findByTestId('alert-budget')).textContent).toBe('error budget overspent by 450.00 %');
  expect(screen.getByTestId('alert-banner').textContent).toContain('SLO job-success');
});
