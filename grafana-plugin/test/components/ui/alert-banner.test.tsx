import { render, screen, waitFor, within } from '@testing-library/react';
import { ActiveAlertSchema, AlertsResponseSchema, type ActiveAlert } from '@trafi-ops/contracts';
import { describe, expect, test } from 'vitest';
import { AlertBanner } from '../../../src/ui/AlertBanner';
import { calls, on, pathOf } from '../../fake-backend';

const alert = (over: Partial<ActiveAlert>): ActiveAlert =>
  ActiveAlertSchema.parse({
    fingerprint: 'f0',
    name: 'TrafiQueueStalled',
    severity: 'critical',
    summary: 'Queue emails is stalled',
    description: 'Jobs wait but none was processed in 10 minutes.',
    labels: { alertname: 'TrafiQueueStalled', severity: 'critical' },
    startsAt: '2026-11-29T10:00:00.000Z',
    ...over,
  });

const answered = () => calls.filter((c) => pathOf(c) === '/alerts').length;

describe('AlertBanner', () => {
  test("nothing at all for the API's empty answer (no Alertmanager configured)", async () => {
    on('GET', /^\/alerts$/, { data: AlertsResponseSchema.parse({ alerts: [], counts: { critical: 0, warning: 0, info: 0 }, source: null }) });
    const { container } = render(<AlertBanner intervalMs={0} />);
    await waitFor(() => expect(answered()).toBe(1));
    // Let the answer render, then check that it rendered nothing.
    await new Promise((r) => setTimeout(r, 20));
    expect(container.innerHTML).toBe('');
    expect(screen.queryByTestId('alert-banner')).toBeNull();
    expect(screen.queryByTestId('alert-banner-unavailable')).toBeNull();
  });

  test('critical alerts listed with scope, runbook and dashboard links; warnings not shown', async () => {
    const body = AlertsResponseSchema.parse({
      alerts: [
        alert({
          fingerprint: 'a1',
          queue: 'emails',
          service: 'exporters',
          runbookUrl: 'https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md#queue-stalled',
          dashboardUrl: 'http://grafana:3000/d/trafi-queues?var-queue=emails',
        }),
        alert({ fingerprint: 'a2', name: 'TrafiDependencyDown', summary: 'redis is down', dependency: 'redis', tenant: 'acme' }),
        alert({ fingerprint: 'w1', name: 'TrafiDlqGrowing', severity: 'warning', summary: 'DLQ of exports grows', queue: 'exports' }),
      ],
      counts: { critical: 2, warning: 1, info: 0 },
      source: 'http://alertmanager:9093',
    });
    on('GET', /^\/alerts$/, { data: body });
    render(<AlertBanner intervalMs={0} />);

    const banner = await screen.findByTestId('alert-banner');
    expect(banner.getAttribute('role')).toBe('alert');
    expect(within(banner).getByText('2 critical alerts firing')).toBeTruthy();
    const items = within(banner).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('TrafiQueueStalled');
    expect(items[0]!.textContent).toContain('Queue emails is stalled');
    expect(items[0]!.textContent).toContain('[exporters · emails]');
    expect(within(items[0]!).getByRole('link', { name: 'runbook' }).getAttribute('href')).toBe('https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md#queue-stalled');
    expect(within(items[0]!).getByRole('link', { name: 'runbook' }).getAttribute('target')).toBe('_blank');
    expect(within(items[0]!).getByRole('link', { name: 'dashboard' }).getAttribute('href')).toBe('http://grafana:3000/d/trafi-queues?var-queue=emails');
    expect(items[1]!.textContent).toContain('[tenant acme · redis]');
    // No links where the alert has none.
    expect(within(items[1]!).queryByRole('link')).toBeNull();
    expect(banner.textContent).not.toContain('TrafiDlqGrowing');
    expect(banner.textContent).not.toContain('DLQ of exports grows');
  });

  test('one critical alert: singular heading', async () => {
    on('GET', /^\/alerts$/, { data: AlertsResponseSchema.parse({ alerts: [alert({})], counts: { critical: 1, warning: 0, info: 0 }, source: 'http://alertmanager:9093' }) });
    render(<AlertBanner intervalMs={0} />);
    expect((await screen.findByTestId('alert-banner')).textContent).toContain('1 critical alert firing');
  });

  test('only warnings: no banner', async () => {
    on('GET', /^\/alerts$/, {
      data: AlertsResponseSchema.parse({ alerts: [alert({ severity: 'warning' })], counts: { critical: 0, warning: 1, info: 0 }, source: 'http://alertmanager:9093' }),
    });
    const { container } = render(<AlertBanner intervalMs={0} />);
    await waitFor(() => expect(answered()).toBe(1));
    await new Promise((r) => setTimeout(r, 20));
    expect(container.innerHTML).toBe('');
  });

  test('503 alertmanager_unavailable: says the alert status is unknown', async () => {
    on('GET', /^\/alerts$/, { status: 503, data: { error: { code: 'alertmanager_unavailable', message: 'alertmanager at http://alertmanager:9093 did not answer' } } });
    render(<AlertBanner intervalMs={0} />);
    const line = await screen.findByTestId('alert-banner-unavailable');
    expect(line.textContent).toBe('Alert status unknown: alertmanager at http://alertmanager:9093 did not answer');
    expect(line.getAttribute('role')).toBe('status');
    expect(screen.queryByTestId('alert-banner')).toBeNull();
  });

  test('a failed poll keeps the critical alerts we know of, marked as of the last answer', async () => {
    let fail = false;
    const load = () =>
      fail ? Promise.reject(new Error('alertmanager did not answer')) : Promise.resolve(AlertsResponseSchema.parse({ alerts: [alert({})], counts: { critical: 1, warning: 0, info: 0 }, source: 'am' }));
    render(<AlertBanner intervalMs={20} load={load} />);
    expect((await screen.findByTestId('alert-banner')).textContent).toContain('1 critical alert firing');
    fail = true;
    const stale = await screen.findByTestId('alert-banner-unavailable');
    expect(stale.textContent).toBe('Alert status unknown: alertmanager did not answer');
    const banner = screen.getByTestId('alert-banner');
    expect(banner.textContent).toContain('1 critical alert firing (as of the last answer)');
    expect(banner.textContent).toContain('TrafiQueueStalled');
  });

  test('a custom renderer and loader (RETRO-4)', async () => {
    const load = () => Promise.resolve(AlertsResponseSchema.parse({ alerts: [alert({ fingerprint: 'x' })], counts: { critical: 1, warning: 0, info: 0 }, source: 'am' }));
    render(<AlertBanner intervalMs={0} load={load} renderAlert={(a) => <em>custom {a.name}</em>} />);
    expect((await screen.findByTestId('alert-banner')).querySelector('em')!.textContent).toBe('custom TrafiQueueStalled');
    expect(answered()).toBe(0);
  });
});
