import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SupportActivationSchema, SupportGrantSchema, type SupportGrant } from '@trafi-ops/contracts';
import { afterEach, describe, expect, test } from 'vitest';
import { SupportPage } from '../../../src/features/support/SupportPage';
import { countdown } from '../../../src/features/support/supportApi';
import { BrutalistTheme } from '../../../src/theme/BrutalistTheme';
import { calls, on, pathOf, resetBackend, setOperator } from '../../fake-backend';

const NOW = Date.now();
const grant = (over: Partial<SupportGrant>): SupportGrant =>
  SupportGrantSchema.parse({
    id: '3f1c2a4e-0000-4000-8000-000000000001', tenant: 'acme', store: null, caseId: 'CASE-1', reasonCode: 'billing', reason: 'invoice question', state: 'pending', origin: 'ops',
    durationMinutes: 60, requestedBy: 'alice', requestedAt: NOW - 60_000, decidedBy: null, decidedAt: null, expiresAt: null, activatedBy: null, activatedAt: null,
    activationReason: null, endedBy: null, endedAt: null, endReason: null, ...over,
  });
const GRANTS = [
  grant({}),
  grant({ id: '3f1c2a4e-0000-4000-8000-000000000002', state: 'approved', decidedBy: 'owner', decidedAt: NOW, expiresAt: NOW + 10 * 60_000 + 5000 }),
  grant({ id: '3f1c2a4e-0000-4000-8000-000000000003', tenant: 'globex', state: 'revoked', endedBy: 'owner' }),
];

afterEach(resetBackend);

const renderPage = (opened: string[] = []) => render(<BrutalistTheme><SupportPage intervalMs={0} openView={(u) => opened.push(u)} /></BrutalistTheme>);

describe('Support page', () => {
  test('grants by state with a countdown; state tabs filter through the API', async () => {
    setOperator(true);
    on('GET', /^\/support\/grants$/, (req) => ({ data: { items: req.params?.state ? GRANTS.filter((g) => g.state === req.params!.state) : GRANTS, nextCursor: null } }));
    renderPage();
    const table = await screen.findByTestId('support-grants');
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    const approved = table.querySelector('[data-state="approved"]')!;
    expect(within(approved as HTMLElement).getByTestId('grant-countdown').textContent).toMatch(/^10:0[0-5]$/);
    expect(within(table.querySelector('[data-state="pending"]') as HTMLElement).getByTestId('grant-countdown').textContent).toBe('60 min asked');
    await userEvent.click(screen.getByRole('tab', { name: /^revoked/ }));
    await waitFor(() => expect(screen.getByTestId('support-grants').querySelectorAll('tbody tr')).toHaveLength(1));
    expect(calls.map((c) => c.params?.state).filter(Boolean)).toEqual(['revoked']);
  });

  test('activate asks a reason, then offers the one-time merchant view once', async () => {
    setOperator(true);
    on('GET', /^\/support\/grants$/, { data: { items: GRANTS, nextCursor: null } });
    const activation = SupportActivationSchema.parse({ grant: { ...GRANTS[1], state: 'active', activatedBy: 'alice' }, session: { code: 'c'.repeat(43), codeExpiresAt: NOW + 60_000, expiresAt: NOW + 600_000, viewUrl: 'http://demo/support/enter?code=ccc' } });
    on('POST', /^\/support\/grants\/([^/]+)\/activate$/, { status: 201, data: activation });
    const opened: string[] = [];
    renderPage(opened);
    await screen.findByTestId('support-grants');
    await userEvent.click(screen.getByRole('button', { name: 'Activate' }));
    await userEvent.type(screen.getByLabelText('Reason'), 'checkout broken for their customers');
    await userEvent.click(screen.getAllByRole('button', { name: 'Activate' }).at(-1)!);
    const post = await waitFor(() => calls.find((c) => c.method === 'POST')!);
    expect(pathOf(post)).toBe(`/support/grants/${GRANTS[1]!.id}/activate`);
    expect(post.data).toEqual({ reason: 'checkout broken for their customers' });
    await userEvent.click(await screen.findByRole('button', { name: 'Open merchant view' }));
    expect(opened).toEqual(['http://demo/support/enter?code=ccc']);
    expect(screen.queryByRole('button', { name: 'Open merchant view' })).toBeNull();
  });

  test('request form: checked first, sent as the contract says, the API naming a field is shown on it', async () => {
    setOperator(true);
    on('GET', /^\/support\/grants$/, { data: { items: [], nextCursor: null } });
    on('POST', /^\/support\/grants$/, { status: 400, data: { error: { code: 'invalid_request', message: 'durationMinutes: at most 1440 minutes (SUPPORT_MAX_DURATION_MINUTES)', field: 'durationMinutes' } } });
    renderPage();
    await screen.findByTestId('empty-state');
    await userEvent.click(screen.getByRole('button', { name: 'Request access' }));
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0);
    await userEvent.type(screen.getByLabelText('Tenant'), 'acme');
    await userEvent.type(screen.getByLabelText('Support case'), 'CASE-9');
    await userEvent.type(screen.getByLabelText('Request reason'), 'customer cannot pay');
    await userEvent.clear(screen.getByLabelText('Minutes'));
    await userEvent.type(screen.getByLabelText('Minutes'), '5000');
    await userEvent.click(screen.getByRole('button', { name: 'Request access' }));
    const post = await waitFor(() => calls.find((c) => c.method === 'POST')!);
    expect(post.data).toEqual({ tenant: 'acme', caseId: 'CASE-9', reasonCode: 'customer_initiated_support', reason: 'customer cannot pay', durationMinutes: 5000 });
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent).join(' ')).toContain('400 invalid_request');
    expect(screen.getAllByText(/at most 1440 minutes/).length).toBeGreaterThanOrEqual(1);
  });

  test('a viewer sees grants and trails but cannot request or activate, and is told why', async () => {
    setOperator(false);
    on('GET', /^\/support\/grants$/, { data: { items: GRANTS, nextCursor: null } });
    on('GET', /^\/support\/grants\/([^/]+)\/access$/, { data: { items: [{ id: '1', at: new Date(NOW).toISOString(), grantId: GRANTS[1]!.id, operator: 'alice', tenant: 'acme', method: 'POST', route: '/merchant/:tenant/api/orders/:orderId/refund', status: 403, outcome: 'denied', reason: 'read_only' }], nextCursor: null } });
    renderPage();
    await screen.findByTestId('support-grants');
    expect((screen.getByRole('button', { name: 'Activate' }) as HTMLButtonElement).disabled).toBe(true);
    expect((screen.getByRole('button', { name: 'Request access' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('disabled-reason').textContent).toContain('operator role');
    await userEvent.click(screen.getAllByRole('button', { name: 'Access trail' })[1]!);
    const trail = await screen.findByTestId('support-access-trail');
    expect(trail.textContent).toContain('/merchant/:tenant/api/orders/:orderId/refund');
    expect(trail.textContent).toContain('denied (read_only)');
  });

  test('countdown formats mm:ss and stops at zero', () => {
    expect(countdown(61_000, 0)).toBe('01:01');
    expect(countdown(90 * 60_000, 0)).toBe('90:00');
    expect(countdown(0, 5000)).toBe('00:00');
  });
});
