import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueueInfoSchema, RunSummarySchema, type RunSummary } from '@trafi-ops/contracts';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { toDateInput } from '../../../src/ui/dateTime';
import { RunsPage } from '../../../src/features/runs/RunsPage';
import { BrutalistTheme } from '../../../src/theme/BrutalistTheme';
import { calls, on, pathOf } from '../../fake-backend';

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);

const run = (over: Partial<RunSummary>): RunSummary =>
  RunSummarySchema.parse({
    queue: 'orders',
    id: 'job-1',
    type: 'order.fulfil',
    state: 'completed',
    tenantId: 'acme',
    createdAt: T0,
    startedAt: T0 + 100,
    finishedAt: T0 + 1350,
    attemptsMade: 1,
    maxAttempts: 3,
    dlqRetries: 0,
    ...over,
  });

const RUNS = [
  run({ id: 'job-3', state: 'active', finishedAt: undefined, attemptsMade: 2 }),
  run({ id: 'job-2', state: 'failed', error: 'PaymentDeclined: card expired while charging the customer for order 4411', attemptsMade: 3 }),
  run({ id: 'job-1' }),
];
const QUEUES = [
  QueueInfoSchema.parse({ name: 'orders', jobTypes: ['order.fulfil', 'order.refund'], isolated: false, concurrency: 4, isPaused: false, counts: { waiting: 0, active: 1, delayed: 0, prioritized: 0, completed: 1, failed: 1, paused: 0, dlq: 0 } }),
  QueueInfoSchema.parse({ name: 'emails', jobTypes: ['email.send'], isolated: true, concurrency: 2, isPaused: false, counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 0, paused: 0, dlq: 0 } }),
];

function Where() {
  const loc = useLocation();
  return <output data-testid="location">{loc.pathname + loc.search}</output>;
}

function renderRuns(url = '/a/trafi-ops-app/runs', refreshMs = 0) {
  return render(
    <MemoryRouter initialEntries={[url]}>
      <BrutalistTheme>
        <Routes>
          <Route path="/a/trafi-ops-app/runs" element={<RunsPage refreshMs={refreshMs} />} />
          <Route path="/a/trafi-ops-app/runs/:queue/:id" element={<p>detail page</p>} />
        </Routes>
        <Where />
      </BrutalistTheme>
    </MemoryRouter>,
  );
}

const runCalls = () => calls.filter((c) => pathOf(c) === '/runs');
const lastParams = () => runCalls().at(-1)?.params as Record<string, unknown>;

describe('RunsPage', () => {
  afterEach(() => vi.restoreAllMocks());

  test('shows runs with state, link, attempts and truncated error', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^\/runs$/, { data: { items: RUNS, nextCursor: null } });
    renderRuns();

    const rows = await screen.findAllByTestId('run-row');
    expect(rows.map((r) => r.getAttribute('data-state'))).toEqual(['active', 'failed', 'completed']);
    const failed = within(rows[1]!);
    expect(failed.getByText('failed · will retry')).toBeTruthy(); // not final: outlined, where dead-lettered is filled
    expect(failed.getByText('3/3')).toBeTruthy();
    expect(failed.getByText('order.fulfil').className).toBe('mono');
    expect(failed.getByText('1.25 s')).toBeTruthy();
    expect(failed.getByTitle(RUNS[1]!.error!).textContent).toBe(RUNS[1]!.error);
    expect(failed.getByRole('link', { name: 'job-2' }).getAttribute('href')).toBe('/a/trafi-ops-app/runs/orders/job-2');
    // The first request asks for the first page, no filters.
    expect(lastParams()).toEqual({ limit: 50 });

    await userEvent.click(failed.getByRole('link', { name: 'job-2' }));
    expect(screen.getByTestId('location').textContent).toBe('/a/trafi-ops-app/runs/orders/job-2');
  });

  test('sends the filters from the URL and keeps new filters in the URL', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^\/runs$/, { data: { items: [RUNS[1]], nextCursor: null } });
    // The queue picker's list is virtualised: give elements a size so jsdom renders its options.
    vi.spyOn(Element.prototype, 'clientHeight', 'get').mockReturnValue(200);
    vi.spyOn(Element.prototype, 'clientWidth', 'get').mockReturnValue(200);
    renderRuns(`/a/trafi-ops-app/runs?queue=orders&state=failed&type=order.fulfil&from=${T0}&to=${T0 + 3_600_000}`);

    await screen.findAllByTestId('run-row');
    expect(lastParams()).toEqual({ queue: 'orders', state: 'failed', type: 'order.fulfil', from: T0, to: T0 + 3_600_000, limit: 50 });
    expect(screen.getByRole('radio', { name: 'failed' })).toHaveProperty('checked', true);

    // Tenant applies on Enter, and lands in the URL next to the others.
    await userEvent.type(screen.getByLabelText('Tenant'), 'acme{Enter}');
    await waitFor(() => expect(lastParams()).toMatchObject({ tenant: 'acme', queue: 'orders', state: 'failed' }));
    expect(screen.getByTestId('location').textContent).toContain('tenant=acme');

    // Another state replaces the old one.
    await userEvent.click(screen.getByRole('radio', { name: 'dead lettered' }));
    await waitFor(() => expect(lastParams()).toMatchObject({ state: 'dead_lettered', tenant: 'acme' }));
    expect(new URLSearchParams(screen.getByTestId('location').textContent!.split('?')[1]).get('state')).toBe('dead_lettered');

    // The queue picker offers the queues the API lists.
    await userEvent.click(screen.getByLabelText('Queue'));
    await userEvent.click(await screen.findByRole('option', { name: 'emails' }));
    await waitFor(() => expect(lastParams()).toMatchObject({ queue: 'emails', state: 'dead_lettered' }));

    await userEvent.click(screen.getByRole('button', { name: /Clear filters/ }));
    await waitFor(() => expect(lastParams()).toEqual({ limit: 50 }));
    expect(screen.getByTestId('location').textContent).toBe('/a/trafi-ops-app/runs');
  });

  test('dates apply on blur, not per keystroke; from after to shows an error and sends nothing', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^\/runs$/, { data: { items: [RUNS[1]], nextCursor: null } });
    renderRuns(`/a/trafi-ops-app/runs?from=${T0}`);
    await screen.findAllByTestId('run-row');
    const from = screen.getByLabelText(/^From \(/);
    const to = screen.getByLabelText(/^To \(/);
    expect(from.hasAttribute('data-mono')).toBe(true);
    expect(screen.getByLabelText('Tenant').hasAttribute('data-mono')).toBe(true);
    const before = runCalls().length;

    // Still editing: nothing is sent.
    fireEvent.change(to, { target: { value: toDateInput(T0 - 3_600_000) } });
    await new Promise((r) => setTimeout(r, 50));
    expect(runCalls()).toHaveLength(before);

    // Done editing, but "to" is before "from": the field says so and no request goes out.
    fireEvent.blur(to);
    expect(await screen.findByText('must not be before "from"')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 50));
    expect(runCalls()).toHaveLength(before);
    expect(screen.getByTestId('location').textContent).toBe(`/a/trafi-ops-app/runs?from=${T0}`);

    // A valid range applies on blur, both ends at once.
    fireEvent.change(to, { target: { value: toDateInput(T0 + 3_600_000) } });
    fireEvent.blur(to);
    await waitFor(() => expect(lastParams()).toEqual({ from: T0, to: T0 + 3_600_000, limit: 50 }));
    expect(screen.queryByText('must not be before "from"')).toBeNull();
    expect(runCalls()).toHaveLength(before + 1);
  });

  test('pages with the cursor the API returned, and back to the first page', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^\/runs$/, (req) => {
      const p = req.params as Record<string, unknown>;
      return p.cursor === 'c-page-2' ? { data: { items: [RUNS[2]], nextCursor: null } } : { data: { items: RUNS.slice(0, 2), nextCursor: 'c-page-2' } };
    });
    renderRuns('/a/trafi-ops-app/runs?queue=orders');

    expect(await screen.findAllByTestId('run-row')).toHaveLength(2);
    expect(screen.getByRole('button', { name: /First page/ })).toHaveProperty('disabled', true);
    await userEvent.click(screen.getByRole('button', { name: /Next page/ }));

    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(1));
    expect(lastParams()).toEqual({ queue: 'orders', cursor: 'c-page-2', limit: 50 });
    expect(screen.getByTestId('location').textContent).toBe('/a/trafi-ops-app/runs?queue=orders&cursor=c-page-2');
    expect(screen.getByRole('button', { name: /Next page/ })).toHaveProperty('disabled', true);

    await userEvent.click(screen.getByRole('button', { name: /First page/ }));
    await waitFor(() => expect(screen.getAllByTestId('run-row')).toHaveLength(2));
    expect(lastParams()).toEqual({ queue: 'orders', limit: 50 });
  });

  test('refreshes on its own, so states move live', async () => {
    let current = RUNS[0]!;
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^\/runs$/, () => ({ data: { items: [current], nextCursor: null } }));
    renderRuns('/a/trafi-ops-app/runs?state=active', 50);
    expect((await screen.findByTestId('run-row')).getAttribute('data-state')).toBe('active');
    current = run({ id: 'job-3', state: 'completed', attemptsMade: 2 }); // the worker finishes it
    await waitFor(() => expect(screen.getByTestId('run-row').getAttribute('data-state')).toBe('completed'));
    // Every refresh asks for the same filtered page.
    expect(runCalls().length).toBeGreaterThanOrEqual(2);
    expect(runCalls().every((c) => (c.params as { state?: string }).state === 'active')).toBe(true);
  });

  test('empty state when nothing matches', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^\/runs$/, { data: { items: [], nextCursor: null } });
    renderRuns('/a/trafi-ops-app/runs?tenant=nobody');
    expect((await screen.findByTestId('empty-state')).textContent).toBe('No runs match these filters');
    expect(screen.queryByRole('table')).toBeNull();
    expect(lastParams()).toEqual({ tenant: 'nobody', limit: 50 });
  });

  test('error state with the API error, and retry', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^\/runs$/, { status: 404, data: { error: { code: 'not_found', message: 'queue "gone" not found', field: 'queue' } } });
    renderRuns('/a/trafi-ops-app/runs?queue=gone');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('404 not_found: queue "gone" not found (field: queue)');

    on('GET', /^\/runs$/, { data: { items: RUNS, nextCursor: null } });
    await userEvent.click(within(alert).getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('run-row')).toHaveLength(3);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('custom columns, row actions and load', async () => {
    const seen: unknown[] = [];
    render(
      <MemoryRouter initialEntries={['/runs?state=active']}>
        <Routes>
          <Route
            path="/runs"
            element={
              <RunsPage
                refreshMs={0}
                pageSize={10}
                loadQueues={async () => QUEUES}
                load={async (q) => {
                  seen.push(q);
                  return { items: [RUNS[0]!], nextCursor: null };
                }}
                columns={[{ id: 'who', header: 'Who', render: (r) => `tenant:${r.tenantId}` }]}
                extraActions={(r) => <button type="button">Inspect {r.id}</button>}
              />
            }
          />
        </Routes>
      </MemoryRouter>,
    );
    expect(await screen.findByText('tenant:acme')).toBeTruthy();
    expect(screen.getByRole('columnheader', { name: 'Who' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Inspect job-3' })).toBeTruthy();
    expect(screen.queryByRole('columnheader', { name: 'State' })).toBeNull();
    expect(seen).toEqual([{ state: 'active', limit: 10 }]);
  });
});
