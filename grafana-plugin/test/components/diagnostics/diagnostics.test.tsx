import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { DiagnosticReport, DiagnosticSummary, Operation } from '@trafi-ops/contracts';
import { beforeEach, expect, test } from 'vitest';
import { DiagnosticsPage } from '../../../src/features/diagnostics/DiagnosticsPage';
import { calls, on, pathOf, resetBackend } from '../../fake-backend';

const ID = '11111111-1111-4111-8111-111111111111';
const OP = '22222222-2222-4222-8222-222222222222';
const summary = (status: DiagnosticSummary['status']): DiagnosticSummary => ({
  id: ID, tenant: 'acme', store: null, from: 0, to: 86_400_000, caseId: 'CASE-9', createdAt: 1_700_000_000_000, createdBy: 'ops-test', status, operationId: OP,
  pdfBytes: status === 'succeeded' ? 30_000 : null, buildMs: null, expiresAt: 1_800_000_000_000, error: null,
});
const report: DiagnosticReport = {
  ...summary('succeeded'),
  content: {
    generatedAt: 1, operator: 'ops-test', config: { available: true, values: {} },
    errors: { groups: [{ source: 'dlq', where: 'payment.capture', message: 'card <card-1> declined', count: 9, firstSeen: 1, lastSeen: 2 }], jobErrors: 9, requestErrors: 0 },
    metrics: { available: true, figures: [{ key: 'latency_p95', label: 'Latency p95', unit: 'seconds', tenant: 0.975, platform: 0.2 }], series: [], jobTypes: [], synthetics: [] },
    eventFlow: [],
    recommendations: [{ rule: 'p95-above-slo', severity: 'warning', title: 'p95 latency is above the SLO', text: 'slow', evidence: ['p95 0.975s > SLO 0.5s'] }],
    redactions: { total: 3, byKind: { card: 3 }, distinct: { card: 1 } },
  },
};
const op = (status: Operation['status'], done: number): Operation => ({ id: OP, kind: 'diagnostic_report', status, done, skipped: 0, total: 7, startedAt: 1 });

beforeEach(() => {
  resetBackend();
  on('GET', /^\/diagnostics$/, { data: { items: [], nextCursor: null } });
});

test('an operator builds a report: reason asked, the operation followed to its end, then the preview with its recommendations', async () => {
  let polls = 0;
  on('POST', /^\/diagnostics$/, { status: 202, data: { report: summary('running') } });
  on('GET', /^\/diagnostics\/operations\//, () => ({ data: { operation: ++polls < 3 ? op('running', polls) : op('succeeded', 7) } }));
  on('GET', new RegExp(`^/diagnostics/${ID}$`), { data: report });
  render(<DiagnosticsPage operator pollMs={5} />);
  fireEvent.change(screen.getByLabelText('Tenant'), { target: { value: 'acme' } });
  fireEvent.change(screen.getByLabelText('Case id'), { target: { value: 'CASE-9' } });
  fireEvent.click(screen.getByRole('button', { name: 'Build report' }));
  fireEvent.change(await screen.findByLabelText('Reason', {}, { timeout: 10_000 }), { target: { value: 'merchant case' } });
  fireEvent.click(screen.getByRole('button', { name: 'Build' }));
  // A loaded machine renders slowly: wait as long as a person would.
  expect(await screen.findByText('Report for case CASE-9 built.', {}, { timeout: 15_000 })).toBeTruthy();
  const post = calls.find((c) => c.method === 'POST')!;
  expect(post.data).toMatchObject({ tenant: 'acme', caseId: 'CASE-9', reason: 'merchant case' });
  // No period entered: the API's defaults (the last 24 h up to the moment it is asked).
  expect(post.data).not.toHaveProperty('from');
  expect(post.data).not.toHaveProperty('to');
  expect(polls).toBe(3);
  const preview = await screen.findByTestId('report-preview', {}, { timeout: 10_000 });
  expect(within(preview).getByText('p95 latency is above the SLO')).toBeTruthy();
  expect(within(preview).getByText('p95 0.975s > SLO 0.5s')).toBeTruthy();
  expect(within(preview).getByTestId('report-download').getAttribute('href')).toBe(`/api/plugin-proxy/trafi-ops-app/ops/api/v1/diagnostics/${ID}/pdf`);
  expect(calls.filter((c) => pathOf(c) === '/diagnostics').length).toBeGreaterThanOrEqual(2); // the list was reloaded
}, 60_000);

test('the API naming a bad field keeps the dialog open with the error', async () => {
  on('POST', /^\/diagnostics$/, { status: 400, data: { error: { code: 'unknown_tenant', message: 'tenant: no tenant "zzz" on the platform', field: 'tenant' } } });
  render(<DiagnosticsPage operator />);
  fireEvent.change(screen.getByLabelText('Tenant'), { target: { value: 'zzz' } });
  fireEvent.change(screen.getByLabelText('Case id'), { target: { value: 'C' } });
  fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-30T10:00' } });
  fireEvent.click(screen.getByRole('button', { name: 'Build report' }));
  fireEvent.change(await screen.findByLabelText('Reason', {}, { timeout: 10_000 }), { target: { value: 'checking' } });
  fireEvent.click(screen.getByRole('button', { name: 'Build' }));
  expect((await screen.findByRole('alert', {}, { timeout: 10_000 })).textContent).toContain('(field: tenant)');
  expect((calls.find((c) => c.method === 'POST')!.data as { from: number }).from).toBe(new Date('2026-11-30T10:00').getTime());
}, 60_000);

test('a viewer sees past reports and previews them, but the build button is disabled with the reason', async () => {
  on('GET', /^\/diagnostics$/, { data: { items: [summary('succeeded')], nextCursor: null } });
  on('GET', new RegExp(`^/diagnostics/${ID}$`), { data: report });
  render(<DiagnosticsPage operator={false} />);
  fireEvent.change(screen.getByLabelText('Tenant'), { target: { value: 'acme' } });
  fireEvent.change(screen.getByLabelText('Case id'), { target: { value: 'CASE-9' } });
  const button = screen.getByRole('button', { name: 'Build report' }) as HTMLButtonElement;
  expect(button.disabled).toBe(true);
  expect(screen.getByTestId('disabled-reason').textContent).toBe('Building a report needs the operator role.');
  fireEvent.click(await screen.findByTestId('report-row', {}, { timeout: 10_000 }));
  await waitFor(() => expect(screen.getByTestId('report-preview')).toBeTruthy(), { timeout: 10_000 });
  expect(calls.some((c) => c.method === 'POST')).toBe(false);
}, 60_000);
