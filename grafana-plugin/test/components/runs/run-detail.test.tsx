import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { RunDetailSchema, type RunDetail } from '@trafi-ops/contracts';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { describe, expect, test } from 'vitest';
import { RunDetailPage } from '../../../src/features/runs/RunDetailPage';
import { BrutalistTheme } from '../../../src/theme/BrutalistTheme';
import { calls, on, pathOf, setOperator } from '../../fake-backend';

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

const detail = (over: Partial<RunDetail>): RunDetail =>
  RunDetailSchema.parse({
    queue: 'orders',
    id: 'job-7',
    type: 'order.fulfil',
    state: 'failed',
    tenantId: 'acme',
    createdAt: T0,
    startedAt: T0 + 10,
    finishedAt: T0 + 3010,
    attemptsMade: 2,
    maxAttempts: 3,
    error: 'PaymentDeclined: card expired',
    dlqRetries: 0,
    payload: { orderId: 'o-4411', lines: [{ sku: 'SKU-1', qty: 2 }] },
    context: { tenantId: 'acme', storeId: 'store-9', actor: 'user:42', requestId: 'req-abc' },
    attempts: [
      { attempt: 1, startedAt: T0 + 10, finishedAt: T0 + 1010, error: 'Timeout: gateway did not answer', stack: 'Timeout: gateway did not answer\n    at charge (pay.ts:10)' },
      { attempt: 2, startedAt: T0 + 2010, finishedAt: T0 + 3010, error: 'PaymentDeclined: card expired' },
    ],
    deadLetterHistory: [],
    ...over,
  });

function Where() {
  const loc = useLocation();
  return <output data-testid="location">{loc.pathname}</output>;
}

function renderDetail(path = '/a/trafi-ops-app/runs/orders/job-7', pollMs = 2000) {
  return render(
    <MemoryRouter initialEntries={[path]}>
      <BrutalistTheme>
        <Routes>
          <Route path="/a/trafi-ops-app/runs" element={<p>runs list</p>} />
          <Route path="/a/trafi-ops-app/runs/:queue/:id" element={<RunDetailPage pollMs={pollMs} logStream={{ pollMs: 50 }} />} />
        </Routes>
        <Where />
      </BrutalistTheme>
    </MemoryRouter>,
  );
}

const runGets = (path: string) => calls.filter((c) => (c.method ?? 'GET') === 'GET' && pathOf(c) === path).length;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('RunDetailPage', () => {
  test('shows the run: header, origin, DLQ entry, attempts, logs (polled without EventSource) and JSON', async () => {
    on('GET', /^\/runs\/orders\/job-7$/, {
      data: detail({ state: 'dead_lettered', dlqEntryId: 'dlq-55', origin: { kind: 'replay', queue: 'orders', id: 'job-1' }, result: { charged: false } }),
    });
    on('GET', /^\/runs\/orders\/job-7\/logs$/, (req) => {
      const start = Number((req.params as { start?: number }).start ?? 0);
      return { data: { items: ['charging card', 'gateway timeout', 'card declined'].slice(start), count: 3 } };
    });
    renderDetail();

    expect((await screen.findByTestId('run-id')).textContent).toBe('job-7');
    expect(screen.getByText('dead-lettered')).toBeTruthy();
    expect(screen.getByTestId('run-attempts').textContent).toBe('2/3');
    expect(screen.getAllByText('order.fulfil').map((e) => e.className)).toContain('mono');
    expect(screen.getByTestId('run-title').textContent).toBe('orders / order.fulfil / job-7'); // queue, type and id in the title
    expect(screen.getByRole('link', { name: 'orders/job-1' }).getAttribute('href')).toBe('/a/trafi-ops-app/runs/orders/job-1');
    expect(screen.getByRole('link', { name: 'dlq-55' }).getAttribute('href')).toBe('/a/trafi-ops-app/dlq?entry=dlq-55');
    expect(screen.getByTestId('run-error').textContent).toBe('PaymentDeclined: card expired');

    const bars = within(screen.getByTestId('attempts-timeline')).getAllByTestId('attempt-bar');
    expect(bars.map((b) => b.getAttribute('data-kind'))).toEqual(['failed', 'failed']);
    expect(screen.getByText('Timeout: gateway did not answer')).toBeTruthy();

    // jsdom has no EventSource: the log view polls GET …/logs?start=n, and ends once the run is finished.
    await waitFor(() => expect(screen.getAllByTestId('log-line').map((l) => l.textContent)).toEqual(['0charging card', '1gateway timeout', '2card declined']));
    await waitFor(() => expect(screen.getByTestId('log-status').textContent).toBe('ended (dead_lettered)'));
    const logCalls = calls.filter((c) => pathOf(c) === '/runs/orders/job-7/logs').map((c) => (c.params as { start: number }).start);
    expect(logCalls.slice(0, 2)).toEqual([0, 3]);

    expect(within(screen.getByTestId('json-payload')).getByText('"o-4411"')).toBeTruthy();
    expect(within(screen.getByTestId('json-result')).getByText('false')).toBeTruthy();
    expect(within(screen.getByTestId('json-tenant context')).getByText('"store-9"')).toBeTruthy();
  });

  test('polls while the run moves, and stops once it is finished', async () => {
    let current = detail({ state: 'active', finishedAt: undefined, error: undefined, attemptsMade: 1, attempts: [{ attempt: 1, startedAt: T0 + 10 }] });
    on('GET', /^\/runs\/orders\/job-7$/, () => ({ data: current }));
    on('GET', /^\/runs\/orders\/job-7\/logs$/, { data: { items: [], count: 0 } });
    renderDetail(undefined, 50);

    expect(await screen.findByText('active')).toBeTruthy();
    expect(within(screen.getByTestId('attempts-timeline')).getByTestId('attempt-bar').getAttribute('data-kind')).toBe('running');
    expect(screen.queryByTestId('json-result')).toBeNull();
    await sleep(150);
    expect(runGets('/runs/orders/job-7')).toBeGreaterThan(1); // still polling while active
    current = detail({ state: 'completed', error: undefined, attemptsMade: 1, result: { ok: true }, attempts: [{ attempt: 1, startedAt: T0 + 10, finishedAt: T0 + 510 }] });

    expect(await screen.findByText('completed')).toBeTruthy();
    expect(within(screen.getByTestId('attempts-timeline')).getByTestId('attempt-bar').getAttribute('data-kind')).toBe('succeeded');
    expect(screen.getByTestId('json-result')).toBeTruthy();
    await sleep(150);
    const settled = runGets('/runs/orders/job-7');
    await sleep(400); // eight polling periods
    expect(runGets('/runs/orders/job-7')).toBe(settled);
  });

  test('404: "Run not found" with a link back to the list', async () => {
    on('GET', /^\/runs\/orders\/nope$/, { status: 404, data: { error: { code: 'not_found', message: 'run orders/nope not found', field: 'id' } } });
    renderDetail('/a/trafi-ops-app/runs/orders/nope');
    expect(await screen.findByText('Run not found')).toBeTruthy();
    await userEvent.click(screen.getByRole('link', { name: 'Back to runs' }));
    expect(screen.getByTestId('location').textContent).toBe('/a/trafi-ops-app/runs');
    expect(screen.getByText('runs list')).toBeTruthy();
  });

  test('other errors: the error state with status, code and message', async () => {
    on('GET', /^\/runs\/orders\/job-7$/, { status: 503, data: { error: { code: 'redis_unavailable', message: 'Redis is not answering' } } });
    renderDetail();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A dependency of the ops API is not answering');
    expect(alert.textContent).toContain('503 redis_unavailable: Redis is not answering');
    expect(screen.queryByText('Run not found')).toBeNull();
  });

  test('a viewer sees Replay disabled, with the reason shown next to it and as its description', async () => {
    setOperator(false);
    on('GET', /^\/runs\/orders\/job-7$/, { data: detail({}) });
    on('GET', /^\/runs\/orders\/job-7\/logs$/, { data: { items: [], count: 0 } });
    renderDetail();
    const button = await screen.findByRole('button', { name: 'Replay', description: 'Replaying a run needs the operator role' });
    expect(button).toHaveProperty('disabled', true);
    expect(screen.getByTestId('disabled-reason').textContent).toBe('Replaying a run needs the operator role');
  });

  test('an operator cannot replay a run that is still running', async () => {
    on('GET', /^\/runs\/orders\/job-7$/, { data: detail({ state: 'active', finishedAt: undefined, error: undefined, attempts: [{ attempt: 1, startedAt: T0 }] }) });
    on('GET', /^\/runs\/orders\/job-7\/logs$/, { data: { items: [], count: 0 } });
    renderDetail();
    const button = await screen.findByRole('button', { name: 'Replay', description: /^Only a finished run/ });
    expect(button).toHaveProperty('disabled', true);
  });

  test('replay sends the reason and opens the new run with a notice', async () => {
    on('GET', /^\/runs\/orders\/job-7$/, { data: detail({}) });
    on('GET', /^\/runs\/orders\/job-9$/, { data: detail({ id: 'job-9', state: 'waiting', startedAt: undefined, finishedAt: undefined, error: undefined, attemptsMade: 0, attempts: [], origin: { kind: 'replay', queue: 'orders', id: 'job-7' } }) });
    on('GET', /^\/runs\/orders\/job-\d+\/logs$/, { data: { items: [], count: 0 } });
    on('POST', /^\/runs\/orders\/job-7\/replay$/, { status: 201, data: { run: { queue: 'orders', id: 'job-9' } } });
    renderDetail();

    const button = await screen.findByRole('button', { name: 'Replay' });
    expect(button).toHaveProperty('disabled', false);
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'customer renewed the card');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Replay' }));

    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/a/trafi-ops-app/runs/orders/job-9'));
    const post = calls.find((c) => c.method === 'POST');
    expect(pathOf(post!)).toBe('/runs/orders/job-7/replay');
    expect(post!.data).toEqual({ reason: 'customer renewed the card' });

    expect(await screen.findByText('Replayed as orders/job-9')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('run-id').textContent).toBe('job-9'));
    expect(screen.getByText('waiting')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'orders/job-7' })).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

describe('RunDetailPage replay errors', () => {
  test('a rejected replay shows status, code, message and field in the dialog, which stays open', async () => {
    on('GET', /^\/runs\/orders\/job-7$/, { data: detail({}) });
    on('GET', /^\/runs\/orders\/job-7\/logs$/, { data: { items: [], count: 0 } });
    // The job type's schema changed since: the stored payload no longer validates.
    on('POST', /^\/runs\/orders\/job-7\/replay$/, { status: 400, data: { error: { code: 'invalid_request', message: 'payload.orderId: Required', field: 'payload.orderId' } } });
    renderDetail();

    await userEvent.click(await screen.findByRole('button', { name: 'Replay' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Reason'), 'customer renewed the card');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Replay' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toBe('400 invalid_request: payload.orderId: Required (field: payload.orderId)');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
    expect(screen.getByRole('dialog')).toBeTruthy();
    expect(screen.getByTestId('location').textContent).toBe('/a/trafi-ops-app/runs/orders/job-7');
  });
});
