// The DLQ page (story 11.3) driven through the fake backend: filters as query params,
// cursor paging, virtualization, selection, bulk actions (sync and tracked), viewer mode,
// API errors and the entry drawer.
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DlqEntrySchema, OperationSchema, QueueInfoSchema, TenantContextSchema, type DlqEntry, type DlqFilter } from '@trafi-ops/contracts';
import type { BackendSrvRequest } from '@grafana/runtime';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { beforeAll, describe, expect, test } from 'vitest';
import { DlqEntryDetail } from '../../../src/features/dlq/DlqEntryDetail';
import { DlqPage, type DlqPageProps } from '../../../src/features/dlq/DlqPage';
import { BrutalistTheme } from '../../../src/theme/BrutalistTheme';
import { calls, on, pathOf, setOperator } from '../../fake-backend';

const T0 = Date.UTC(2025, 2, 3, 12, 0, 0);

function entry(i: number, over: Partial<DlqEntry> = {}): DlqEntry {
  const queue = over.queue ?? 'billing';
  const at = T0 - i * 1000;
  return DlqEntrySchema.parse({
    id: `${queue}:${i}`,
    queue,
    jobId: String(i),
    type: 'invoice.send',
    tenantId: 'acme',
    payload: { invoiceId: `inv-${i}`, amount: 100 + i },
    context: TenantContextSchema.parse({ tenantId: 'acme', actor: 'checkout-api', requestId: `req-${i}` }),
    options: { attempts: 3, backoff: { type: 'exponential', delay: 1000 } },
    attempts: [1, 2, 3].map((n) => ({
      attempt: n,
      startedAt: at - 10_000 + n * 1000,
      finishedAt: at - 10_000 + n * 1000 + 250,
      error: `attempt ${n}: SMTP 421 try again later`,
      stack: `Error: SMTP 421\n    at sendMail (mailer.ts:${40 + n})`,
    })),
    error: 'SMTP 421 try again later',
    createdAt: at - 20_000,
    failedAt: at - 10,
    deadLetteredAt: at,
    ...over,
  });
}
const entries = (n: number, from = 0) => Array.from({ length: n }, (_, i) => entry(from + i));

const queues = [
  QueueInfoSchema.parse({
    name: 'billing',
    jobTypes: ['invoice.send', 'invoice.render'],
    isolated: false,
    concurrency: 4,
    isPaused: false,
    counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 10, failed: 2, paused: 0, dlq: 9000 },
  }),
  QueueInfoSchema.parse({
    name: 'email',
    jobTypes: ['email.send'],
    isolated: true,
    concurrency: 2,
    isPaused: false,
    counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 3, failed: 0, paused: 0, dlq: 1000 },
  }),
];

/** A DLQ behind GET /dlq: filters like the API, cursor = offset, newest first (as given). */
function serveDlq(all: DlqEntry[]) {
  const db = { entries: [...all] };
  on('GET', /^\/queues$/, { data: { items: queues } });
  on('GET', /^\/dlq$/, (req) => {
    const p = (req.params ?? {}) as Record<string, string | number>;
    const match = db.entries.filter(
      (e) =>
        (!p.queue || e.queue === p.queue) &&
        (!p.type || e.type === p.type) &&
        (!p.tenant || e.tenantId === p.tenant) &&
        (!p.error || e.error.toLowerCase().includes(String(p.error).toLowerCase())),
    );
    const start = p.cursor ? Number(p.cursor) : 0;
    const limit = Number(p.limit ?? 50);
    return { data: { items: match.slice(start, start + limit), nextCursor: start + limit < match.length ? String(start + limit) : null } };
  });
  on('GET', /^\/dlq\/([^/]+)$/, (_req, m) => {
    const found = db.entries.find((e) => e.id === decodeURIComponent(m[1]!));
    return found ? { data: found } : { status: 404, data: { error: { code: 'not_found', message: 'DLQ entry not found', field: 'id' } } };
  });
  return db;
}

const listCalls = () => calls.filter((c) => pathOf(c) === '/dlq' && (c.method ?? 'GET') === 'GET');
const paramsOf = (c: BackendSrvRequest | undefined) => (c?.params ?? {}) as Record<string, unknown>;
const posts = (path: string) => calls.filter((c) => c.method === 'POST' && pathOf(c) === path);

function Location() {
  const loc = useLocation();
  return <output data-testid="location">{loc.search}</output>;
}

function renderPage(url = '/a/trafi-ops-app/dlq', props: Partial<DlqPageProps> = {}) {
  const user = userEvent.setup();
  render(
    <MemoryRouter initialEntries={[url]}>
      <BrutalistTheme>
        <Routes>
          <Route
            path="/a/trafi-ops-app/dlq"
            element={
              <>
                {/* A full first page (the default is 100): most tests are about what follows it. */}
                <DlqPage listHeight={360} firstPageSize={500} {...props} />
                <Location />
              </>
            }
          />
        </Routes>
      </BrutalistTheme>
    </MemoryRouter>,
  );
  return user;
}

const searchParams = () => new URLSearchParams(screen.getByTestId('location').textContent ?? '');
const rowIds = () => screen.queryAllByTestId('dlq-row').map((r) => r.getAttribute('data-id'));
const loaded = () => screen.getByTestId('dlq-loaded-count').textContent;

async function confirmWithReason(user: ReturnType<typeof userEvent.setup>, reason: string, confirm: string) {
  const dialog = await screen.findByRole('dialog');
  await user.type(within(dialog).getByLabelText('Reason'), reason);
  await user.click(within(dialog).getByRole('button', { name: confirm }));
  return dialog;
}

beforeAll(() => {
  // Grafana's Drawer renders into .main-view (Grafana's page provides it).
  const main = document.createElement('div');
  main.className = 'main-view';
  document.body.appendChild(main);
});

describe('loading, paging and totals', () => {
  test('a first page of 100 with no cursor; "Load more" appends pages of 500 with their cursor', async () => {
    serveDlq(entries(1200));
    const user = renderPage(undefined, { firstPageSize: undefined });
    await waitFor(() => expect(loaded()).toBe('100 loaded'));
    expect(screen.getByTestId('dlq-total').textContent).toBe(' of 10,000'); // no filter: the queue sizes
    expect(paramsOf(listCalls()[0])).toEqual({ limit: 100 });

    await user.click(screen.getByTestId('dlq-load-more'));
    await waitFor(() => expect(loaded()).toBe('600 loaded'));
    expect(paramsOf(listCalls()[1])).toEqual({ limit: 500, cursor: '100' });

    await user.click(screen.getByTestId('dlq-load-more'));
    await waitFor(() => expect(loaded()).toBe('1,100 loaded'));
    expect(paramsOf(listCalls()[2])).toEqual({ limit: 500, cursor: '600' });

    await user.click(screen.getByTestId('dlq-load-more'));
    await waitFor(() => expect(loaded()).toBe('1,200 loaded'));
    expect(paramsOf(listCalls()[3])).toEqual({ limit: 500, cursor: '1100' });
    expect(screen.queryByTestId('dlq-load-more')).toBeNull();
    expect(screen.getByText('End of the list')).toBeTruthy();
  });

  test('scrolling near the end of the loaded rows loads the next page (infinite loading)', async () => {
    serveDlq(entries(900));
    renderPage();
    await waitFor(() => expect(loaded()).toBe('500 loaded'));
    expect(listCalls()).toHaveLength(1);
    const list = screen.getAllByTestId('dlq-row')[0]!.parentElement!;
    Object.defineProperty(list, 'scrollTop', { configurable: true, value: 490 * 36 });
    fireEvent.scroll(list);
    await waitFor(() => expect(loaded()).toBe('900 loaded'));
    expect(paramsOf(listCalls()[1])).toEqual({ limit: 500, cursor: '500' });
  });

  test('only the visible rows are in the DOM with 5,000 loaded, and scrolling swaps them (custom `load`)', async () => {
    const all = entries(5000);
    const asked: unknown[] = [];
    renderPage(undefined, {
      load: async (q) => {
        asked.push(q);
        return { items: all, nextCursor: null };
      },
      loadQueues: async () => queues,
    });
    await waitFor(() => expect(loaded()).toBe('5,000 loaded'));
    expect(asked).toEqual([{ limit: 500 }]);
    const first = rowIds();
    // 360px / 36px = 10 visible rows, plus react-window's overscan.
    expect(first.length).toBeGreaterThanOrEqual(10);
    expect(first.length).toBeLessThan(20);
    expect(first[0]).toBe('billing:0');
    // Every data cell, names included, is set in JetBrains Mono (the scope's [data-mono] rule); headers are not.
    const row = screen.getAllByTestId('dlq-row')[0]!;
    const cols = ['deadLetteredAt', 'queue', 'type', 'tenant', 'jobId', 'attempts', 'error'];
    expect(cols.map((c) => row.querySelector(`[data-col="${c}"]`)!.hasAttribute('data-mono'))).toEqual(cols.map(() => true));
    expect(screen.getByRole('columnheader', { name: 'Queue' }).hasAttribute('data-mono')).toBe(false);

    const list = screen.getAllByTestId('dlq-row')[0]!.parentElement!;
    Object.defineProperty(list, 'scrollTop', { configurable: true, value: 4000 * 36 });
    fireEvent.scroll(list);
    await waitFor(() => expect(rowIds()).toContain('billing:4000'));
    expect(rowIds()).not.toContain('billing:0');
    expect(rowIds().length).toBeLessThan(20);
  });

  test('empty state: an empty DLQ', async () => {
    serveDlq([]);
    renderPage();
    expect((await screen.findByTestId('empty-state')).textContent).toBe('The dead-letter queue is empty');
  });

  test('no entries match a filter', async () => {
    serveDlq(entries(3));
    renderPage('/a/trafi-ops-app/dlq?tenant=globex');
    expect((await screen.findByTestId('empty-state')).textContent).toBe('No entries match these filters');
  });

  test('a 400 from the API shows its status, code, message and field', async () => {
    serveDlq(entries(3));
    on('GET', /^\/dlq$/, { status: 400, data: { error: { code: 'invalid_cursor', message: 'cursor is not valid', field: 'cursor' } } });
    renderPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('400 invalid_cursor: cursor is not valid (field: cursor)');
    expect(screen.queryByTestId('dlq-row')).toBeNull();
  });
});

describe('filters', () => {
  test('applied filters go to the API as query params, from the first page, and into the URL', async () => {
    serveDlq([...entries(700), ...Array.from({ length: 5 }, (_, i) => entry(i, { queue: 'email', type: 'email.send', error: 'Timeout talking to SES' }))]);
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('500 loaded'));
    await user.click(screen.getByTestId('dlq-load-more'));
    await waitFor(() => expect(loaded()).toBe('705 loaded'));
    expect(paramsOf(listCalls().at(-1)).cursor).toBe('500');

    // Queue is a Select of the queues the API declares.
    await user.click(screen.getByLabelText('Queue'));
    await user.click(await screen.findByText('email', { selector: 'span' }));
    await user.type(screen.getByLabelText('Tenant'), 'acme');
    await user.type(screen.getByLabelText('Error contains'), 'timeout');
    fireEvent.change(screen.getByLabelText(/^Dead-lettered from/), { target: { value: '2025-03-01T08:30' } });
    await user.click(screen.getByRole('button', { name: 'Apply' }));

    await waitFor(() => expect(loaded()).toBe('5 loaded'));
    const from = new Date('2025-03-01T08:30').getTime();
    expect(paramsOf(listCalls().at(-1))).toEqual({ queue: 'email', tenant: 'acme', error: 'timeout', from, limit: 500 }); // no cursor
    const url = searchParams();
    expect([url.get('queue'), url.get('tenant'), url.get('error'), url.get('from')]).toEqual(['email', 'acme', 'timeout', String(from)]);
    expect(screen.queryByTestId('dlq-total')).toBeNull(); // a tenant filter: the queue sizes do not tell
    expect(rowIds().every((id) => id?.startsWith('email:'))).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() => expect(paramsOf(listCalls().at(-1))).toEqual({ limit: 500 }));
    expect(searchParams().toString()).toBe('');
  });

  test('a shared URL applies its filter on load and fills the form', async () => {
    serveDlq(entries(10));
    renderPage('/a/trafi-ops-app/dlq?queue=billing&type=invoice.send&error=smtp');
    await waitFor(() => expect(loaded()).toBe('10 loaded'));
    expect(paramsOf(listCalls()[0])).toEqual({ queue: 'billing', type: 'invoice.send', error: 'smtp', limit: 500 });
    expect((screen.getByLabelText('Error contains') as HTMLInputElement).value).toBe('smtp');
    expect(screen.getByTestId('dlq-filters').textContent).toContain('invoice.send');
  });

  test('an invalid range is refused before any request', async () => {
    serveDlq(entries(3));
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('3 loaded'));
    fireEvent.change(screen.getByLabelText(/^Dead-lettered from/), { target: { value: '2025-03-02T00:00' } });
    fireEvent.change(screen.getByLabelText(/^Dead-lettered to/), { target: { value: '2025-03-01T00:00' } });
    await user.click(screen.getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('must not be before "from"')).toBeTruthy();
    expect(listCalls()).toHaveLength(1);
  });
});

describe('selection and bulk actions', () => {
  test('single, shift-range and select-all-loaded; bulk retry sends {ids, reason}, shows the result and reloads', async () => {
    const db = serveDlq(entries(600));
    on('POST', /^\/dlq\/retry$/, (req) => {
      const ids = (req.data as { ids: string[] }).ids;
      db.entries = db.entries.filter((e) => !ids.includes(e.id));
      return { data: { done: ids.length, skipped: 0, total: ids.length } };
    });
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('500 loaded'));
    const count = () => screen.getByTestId('dlq-selected-count').textContent;
    expect(count()).toBe('0 selected');

    await user.click(screen.getByTestId('dlq-select-billing:1'));
    expect(count()).toBe('1 selected');
    await user.keyboard('{Shift>}');
    await user.click(screen.getByTestId('dlq-select-billing:4'));
    await user.keyboard('{/Shift}');
    expect(count()).toBe('4 selected'); // 1..4
    await user.click(screen.getByTestId('dlq-select-billing:2'));
    expect(count()).toBe('3 selected');
    expect(screen.queryByRole('dialog')).toBeNull(); // ticking a box does not open the entry

    await user.click(screen.getByTestId('dlq-bulk-retry'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByTestId('dlq-bulk-sentence').textContent).toBe('Retry 3 entries');
    await confirmWithReason(user, 'SMTP provider is back', 'Retry');

    await waitFor(() => expect(screen.getByTestId('dlq-bulk-result').textContent).toContain('Retry: done 3, skipped 0 of 3'));
    expect(posts('/dlq/retry').map((c) => c.data)).toEqual([{ ids: ['billing:1', 'billing:3', 'billing:4'], reason: 'SMTP provider is back' }]);
    expect(count()).toBe('0 selected');
    // Reloaded from the first page: the retried entries left the list.
    await waitFor(() => expect(rowIds()).not.toContain('billing:1'));
    expect(paramsOf(listCalls().at(-1))).toEqual({ limit: 500 });
    expect(rowIds().slice(0, 3)).toEqual(['billing:0', 'billing:2', 'billing:5']);
    expect(screen.queryByRole('dialog')).toBeNull();

    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    expect(count()).toBe('500 selected');
    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    expect(count()).toBe('0 selected');
  });

  test('select all matching the filter: bulk delete by {filter, reason}, a 202 operation polled to the end with progress', async () => {
    serveDlq(entries(600));
    on('POST', /^\/dlq\/delete$/, () => ({ status: 202, data: { operation: op('running', 0) } }));
    let polls = 0;
    on('GET', /^\/dlq\/operations\/([^/]+)$/, () => {
      polls++;
      return { data: { operation: polls === 1 ? op('running', 4500) : op('succeeded', 8990, 10) } };
    });
    const user = renderPage('/a/trafi-ops-app/dlq?queue=billing');
    await waitFor(() => expect(loaded()).toBe('500 loaded'));
    expect(screen.getByTestId('dlq-total').textContent).toBe(' of 9,000'); // the billing queue's DLQ size

    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('500 selected');
    await user.click(screen.getByTestId('dlq-select-matching'));
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('All 9,000 matching selected');

    // More entries were dead-lettered since the page loaded: the dialog asks for the sizes again.
    const grown = queues.map((q) => (q.name === 'billing' ? { ...q, counts: { ...q.counts, dlq: 9500 } } : q));
    on('GET', /^\/queues$/, { data: { items: grown } });
    await user.click(screen.getByTestId('dlq-bulk-delete'));
    const dialog = await screen.findByRole('dialog');
    await waitFor(() => expect(within(dialog).getByTestId('dlq-bulk-sentence').textContent).toBe('Delete every entry matching queue=billing (9,500 now)'));
    const before = listCalls().length;
    await confirmWithReason(user, 'poison messages from the 2.3 release', 'Delete');

    // The first poll (500 ms later) answers "running 4,500 of 9,000".
    await waitFor(() => expect(within(dialog).getByTestId('dlq-progress').textContent).toContain('done 4,500 · skipped 0 · total 9,000'));
    expect(within(dialog).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('4500');
    await waitFor(() => expect(screen.getByTestId('dlq-bulk-result').textContent).toContain('Delete: done 8,990, skipped 10 of 9,000'), { timeout: 3000 });
    expect(posts('/dlq/delete').map((c) => c.data)).toEqual([{ filter: { queue: 'billing' } satisfies DlqFilter, reason: 'poison messages from the 2.3 release' }]);
    expect(polls).toBe(2);
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('0 selected');
    await waitFor(() => expect(listCalls().length).toBe(before + 1)); // reloaded
    expect(paramsOf(listCalls().at(-1))).toEqual({ queue: 'billing', limit: 500 });
    await act(() => new Promise((r) => setTimeout(r, 700)));
    expect(polls).toBe(2); // polling stopped at "succeeded"
  });

  test('a tracked operation can be hidden: its progress and result go on in the bar', async () => {
    serveDlq(entries(600));
    on('POST', /^\/dlq\/delete$/, () => ({ status: 202, data: { operation: op('running', 0) } }));
    let polls = 0;
    on('GET', /^\/dlq\/operations\/([^/]+)$/, () => {
      polls++;
      return { data: { operation: polls < 3 ? op('running', 3000 * polls) : op('succeeded', 9000) } };
    });
    const user = renderPage('/a/trafi-ops-app/dlq?queue=billing');
    await waitFor(() => expect(loaded()).toBe('500 loaded'));
    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    await user.click(screen.getByTestId('dlq-select-matching'));
    await user.click(screen.getByTestId('dlq-bulk-delete'));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).queryByRole('button', { name: 'Hide, keep running' })).toBeNull(); // nothing runs yet
    await confirmWithReason(user, 'poison messages', 'Delete');

    await user.click(await within(dialog).findByRole('button', { name: 'Hide, keep running' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    const bar = screen.getByTestId('dlq-bulk-bar');
    expect(within(bar).getByTestId('dlq-bulk-background').textContent).toContain('Bulk delete running…');
    // No second operation on top of the running one.
    expect(within(bar).getByRole('button', { name: 'Bulk Retry', description: 'Bulk delete is still running' })).toHaveProperty('disabled', true);
    await waitFor(() => expect(within(bar).getByTestId('dlq-progress').textContent).toContain('done 6,000'), { timeout: 3000 });

    await waitFor(() => expect(within(bar).getByTestId('dlq-bulk-result').textContent).toContain('Delete: done 9,000, skipped 0 of 9,000'), { timeout: 3000 });
    expect(within(bar).queryByTestId('dlq-bulk-background')).toBeNull();
    expect(posts('/dlq/delete')).toHaveLength(1);
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('0 selected');
  });

  test('a hidden operation that fails says so in the bar', async () => {
    serveDlq(entries(20));
    on('POST', /^\/dlq\/retry$/, () => ({ status: 202, data: { operation: op('running', 0) } }));
    let polls = 0;
    on('GET', /^\/dlq\/operations\/([^/]+)$/, () => {
      polls++;
      return { data: { operation: polls < 3 ? op('running', 100) : { ...op('failed', 300), error: 'redis connection lost' } } };
    });
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('20 loaded'));
    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    await user.click(screen.getByTestId('dlq-bulk-retry'));
    const dialog = await confirmWithReason(user, 'retry after the outage', 'Retry');
    await user.click(await within(dialog).findByRole('button', { name: 'Hide, keep running' }));
    const failure = await screen.findByTestId('dlq-bulk-failure', {}, { timeout: 3000 });
    expect(failure.textContent).toContain('Retry: the operation failed after 300 done, 0 skipped of 9000: redis connection lost');
    expect(screen.getByRole('button', { name: 'Bulk Retry' })).toHaveProperty('disabled', true); // selection cleared
    expect(screen.queryByTestId('dlq-bulk-background')).toBeNull();
  });

  test('a failed operation shows its error in the dialog and the list still reloads', async () => {
    serveDlq(entries(20));
    on('POST', /^\/dlq\/retry$/, () => ({ status: 202, data: { operation: op('running', 0) } }));
    on('GET', /^\/dlq\/operations\/([^/]+)$/, { data: { operation: { ...op('failed', 300), error: 'redis connection lost' } } });
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('20 loaded'));
    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    await user.click(screen.getByTestId('dlq-bulk-retry'));
    const dialog = await confirmWithReason(user, 'retry after the outage', 'Retry');
    await waitFor(() => expect(within(dialog).getByRole('alert').textContent).toContain('redis connection lost'), { timeout: 3000 });
    await waitFor(() => expect(listCalls()).toHaveLength(2));
  });

  test('a 400 on a bulk action shows its message and field in the dialog; nothing is cleared', async () => {
    serveDlq(entries(5));
    on('POST', /^\/dlq\/retry$/, { status: 400, data: { error: { code: 'invalid_request', message: 'ids: give exactly one of ids or filter', field: 'ids' } } });
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('5 loaded'));
    await user.click(screen.getByTestId('dlq-select-billing:0'));
    await user.click(screen.getByTestId('dlq-bulk-retry'));
    const dialog = await confirmWithReason(user, 'try once more', 'Retry');
    expect((await within(dialog).findByRole('alert')).textContent).toBe('400 invalid_request: ids: give exactly one of ids or filter (field: ids)');
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('1 selected');
    expect(listCalls()).toHaveLength(1);
  });

  test('a viewer sees the bulk actions and the entry retry disabled, with the reason shown and tied to them', async () => {
    setOperator(false);
    serveDlq(entries(5));
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('5 loaded'));
    await user.click(screen.getByTestId('dlq-select-billing:0'));
    const bar = screen.getByTestId('dlq-bulk-bar');
    expect(within(bar).getByTestId('disabled-reason').textContent).toBe('Needs the operator role (ops:write)');
    for (const name of ['Bulk Retry', 'Bulk Delete']) {
      // The accessible description (aria-describedby) carries the reason to screen readers.
      const b = within(bar).getByRole('button', { name, description: 'Needs the operator role (ops:write)' }) as HTMLButtonElement;
      expect(b.disabled).toBe(true);
    }
    await user.click(screen.getAllByTestId('dlq-row')[2]!);
    const detail = await screen.findByTestId('dlq-entry-detail');
    const retry = await within(detail).findByRole('button', { name: 'Retry', description: 'Needs the operator role (ops:write)' });
    expect((retry as HTMLButtonElement).disabled).toBe(true);
    expect(within(detail).getByTestId('disabled-reason')).toBeTruthy();
  });

  test('an operator with nothing selected is told to select first; with a selection no reason is shown', async () => {
    serveDlq(entries(5));
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('5 loaded'));
    const bar = screen.getByTestId('dlq-bulk-bar');
    expect(within(bar).getByRole('button', { name: 'Bulk Retry', description: 'Select entries first' })).toHaveProperty('disabled', true);
    await user.click(screen.getByTestId('dlq-select-billing:0'));
    expect(within(bar).queryByTestId('disabled-reason')).toBeNull();
    const retry = within(bar).getByRole('button', { name: 'Bulk Retry' });
    expect(retry).toHaveProperty('disabled', false);
    expect(retry.hasAttribute('aria-describedby')).toBe(false);
  });

  test('unticking a row out of "all matching" says the selection narrowed to the loaded entries', async () => {
    serveDlq(entries(600));
    on('POST', /^\/dlq\/retry$/, (req) => {
      const n = (req.data as { ids: string[] }).ids.length;
      return { data: { done: n, skipped: 0, total: n } };
    });
    const user = renderPage('/a/trafi-ops-app/dlq?queue=billing');
    await waitFor(() => expect(loaded()).toBe('500 loaded'));
    const count = () => screen.getByTestId('dlq-selected-count').textContent;
    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    await user.click(screen.getByTestId('dlq-select-matching'));
    expect(count()).toBe('All 9,000 matching selected');

    await user.click(screen.getByTestId('dlq-select-billing:3'));
    expect(count()).toBe('499 selected (loaded entries only, no longer all matching)');
    await user.click(screen.getByTestId('dlq-bulk-retry'));
    expect(within(await screen.findByRole('dialog')).getByTestId('dlq-bulk-sentence').textContent).toBe('Retry 499 entries');
    await confirmWithReason(user, 'only what I can see', 'Retry');
    await waitFor(() => expect(posts('/dlq/retry')).toHaveLength(1));
    const sent = (posts('/dlq/retry')[0]!.data as { ids: string[] }).ids;
    expect(sent).toHaveLength(499);
    expect(sent).not.toContain('billing:3');
    await waitFor(() => expect(count()).toBe('0 selected')); // cleared: no narrowed note left behind
  });

  test('the list is a table to assistive tech: rows numbered against every loaded entry', async () => {
    serveDlq(entries(300));
    renderPage();
    await waitFor(() => expect(loaded()).toBe('300 loaded'));
    const table = screen.getByRole('table', { name: 'Dead-letter entries' });
    expect(table.getAttribute('aria-rowcount')).toBe('301');
    const rows = within(table).getAllByRole('row');
    expect(rows[0]!.getAttribute('aria-rowindex')).toBe('1'); // the header
    expect(within(rows[0]!).getAllByRole('columnheader').map((h) => h.textContent)).toContain('Error');
    expect(rows[1]!.getAttribute('aria-rowindex')).toBe('2');
    expect(within(rows[1]!).getAllByRole('cell')).toHaveLength(8); // checkbox + 7 columns
    expect(within(table).queryAllByRole('listitem')).toHaveLength(0);
  });

  test('custom columns and an extra bulk action go through the same dialog', async () => {
    serveDlq(entries(4));
    const ran: unknown[] = [];
    const user = renderPage(undefined, {
      columns: [{ id: 'job', header: 'Job', width: '1fr', mono: true, render: (e) => `${e.queue}/${e.jobId}` }],
      extraActions: [
        {
          id: 'park',
          label: 'Park',
          run: async (target, reason) => {
            ran.push({ target, reason });
            return { done: 2, skipped: 0, total: 2 };
          },
        },
      ],
    });
    await waitFor(() => expect(loaded()).toBe('4 loaded'));
    expect(screen.getByRole('columnheader', { name: 'Job' })).toBeTruthy();
    expect(screen.getAllByTestId('dlq-row')[1]!.textContent).toBe('billing/1');
    await user.click(screen.getByTestId('dlq-select-billing:0'));
    await user.click(screen.getByTestId('dlq-select-billing:1'));
    await user.click(screen.getByTestId('dlq-bulk-park'));
    await confirmWithReason(user, 'park for later', 'Park');
    await waitFor(() => expect(ran).toEqual([{ target: { ids: ['billing:0', 'billing:1'] }, reason: 'park for later' }]));
    expect((await screen.findByTestId('dlq-bulk-result')).textContent).toContain('Park: done 2, skipped 0 of 2');
  });
});

describe('entry detail', () => {
  test('a row opens the drawer with every attempt, the payload and context; Retry posts the reason and reloads', async () => {
    const db = serveDlq(entries(8));
    on('POST', /^\/dlq\/([^/]+)\/retry$/, (_req, m) => {
      db.entries = db.entries.filter((e) => e.id !== decodeURIComponent(m[1]!));
      return { data: { done: 1, skipped: 0, total: 1 } };
    });
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('8 loaded'));
    await user.click(screen.getAllByTestId('dlq-row')[3]!);

    const detail = await screen.findByTestId('dlq-entry-detail');
    expect(searchParams().get('entry')).toBe('billing:3');
    await waitFor(() => expect(calls.some((c) => pathOf(c) === '/dlq/billing%3A3')).toBe(true));
    const facts = within(detail).getByTestId('dlq-entry-facts').textContent!;
    for (const s of ['billing:3', 'invoice.send', 'acme', 'Created', 'Failed', 'Dead-lettered']) expect(facts).toContain(s);
    // Queue, type and tenant are data: JetBrains Mono, like the ids and times; the labels are not.
    const fact = (label: string) => within(detail).getByText(label, { selector: 'dt' });
    for (const label of ['Queue', 'Type', 'Tenant', 'Job id']) {
      expect(fact(label).nextElementSibling!.hasAttribute('data-mono')).toBe(true);
      expect(fact(label).hasAttribute('data-mono')).toBe(false);
    }
    expect(within(detail).getByRole('link', { name: 'Open run' }).getAttribute('href')).toBe('/a/trafi-ops-app/runs/billing/3');
    expect(within(detail).getAllByTestId('dlq-attempt')[0]!.textContent).toContain('(250 ms)');
    expect(within(detail).getByTestId('dlq-final-error').textContent).toBe('SMTP 421 try again later');
    const attempts = within(detail).getAllByTestId('dlq-attempt');
    expect(attempts.map((a) => a.querySelector('pre')!.textContent)).toEqual([1, 2, 3].map((n) => `attempt ${n}: SMTP 421 try again later`));
    expect(attempts[2]!.textContent).toContain('at sendMail (mailer.ts:43)');
    const payload = within(detail).getByTestId('json-payload').textContent!;
    expect(payload).toContain('"inv-3"');
    expect(payload).toContain('103');
    expect(within(detail).getByTestId('json-tenant context').textContent).toContain('"req-3"');

    await user.click(within(detail).getByTestId('dlq-entry-retry'));
    const dialog = await screen.findByRole('dialog', { name: /Retry DLQ entry/ });
    await user.type(within(dialog).getByLabelText('Reason'), 'customer asked again');
    await user.click(within(dialog).getByRole('button', { name: 'Retry' }));

    await waitFor(() => expect(screen.queryByTestId('dlq-entry-detail')).toBeNull());
    expect(posts('/dlq/billing%3A3/retry').map((c) => c.data)).toEqual([{ reason: 'customer asked again' }]);
    expect(screen.getByTestId('dlq-notice').textContent).toContain('billing:3 retried');
    await waitFor(() => expect(rowIds()).not.toContain('billing:3'));
    expect(searchParams().get('entry')).toBeNull();
  });

  test('a shared link to an entry no longer in the DLQ shows the 404', async () => {
    serveDlq(entries(2));
    renderPage('/a/trafi-ops-app/dlq?entry=billing:99');
    const detail = await screen.findByTestId('dlq-entry-detail');
    await waitFor(() => expect(within(detail).getByRole('alert').textContent).toContain('404 not_found: DLQ entry not found (field: id)'));
  });
});

describe('paging through empty scans', () => {
  test('empty pages that still have a cursor say so and keep "Load more", which goes on from that cursor', async () => {
    const asked: Array<string | undefined> = [];
    const found = entries(3);
    const user = renderPage(undefined, {
      // Cursor n: nothing in the first 30 scanned slices, then three entries and the end.
      load: async (q) => {
        asked.push(q.cursor);
        const n = q.cursor ? Number(q.cursor) : 0;
        return n < 30 ? { items: [], nextCursor: String(n + 1) } : { items: found, nextCursor: null };
      },
      loadQueues: async () => queues,
    });
    expect((await screen.findByTestId('empty-state')).textContent).toBe('Nothing found yet in the entries scanned');
    expect(asked).toEqual([undefined, ...Array.from({ length: 20 }, (_, i) => String(i + 1))]); // the pager's 20 hops
    expect(screen.queryByText('No entries match these filters')).toBeNull();

    await user.click(screen.getByTestId('dlq-load-more'));
    await waitFor(() => expect(loaded()).toBe('3 loaded'));
    expect(asked.slice(21)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 21)));
    expect(rowIds()).toEqual(['billing:0', 'billing:1', 'billing:2']);
    expect(screen.getByText('End of the list')).toBeTruthy();
    expect(screen.queryByTestId('empty-state')).toBeNull();
  });
});

describe('tracked bulk operations whose polls fail', () => {
  const OP_ID = '6f1c2b1e-9a4f-4c55-8d0e-2f7a1b3c4d5e';

  async function startBulkDelete(user: ReturnType<typeof userEvent.setup>) {
    await waitFor(() => expect(loaded()).toBe('20 loaded'));
    await user.click(screen.getByTestId('dlq-select-all-loaded'));
    await user.click(screen.getByTestId('dlq-bulk-delete'));
    return confirmWithReason(user, 'drop the poison batch', 'Delete');
  }

  test('a poll that fails once is retried and the operation still ends with its result', async () => {
    serveDlq(entries(20));
    on('POST', /^\/dlq\/delete$/, () => ({ status: 202, data: { operation: op('running', 0) } }));
    let polls = 0;
    on('GET', /^\/dlq\/operations\/([^/]+)$/, () => {
      polls++;
      return polls === 1 ? { status: 503, data: { error: { code: 'unavailable', message: 'redis is restarting' } } } : { data: { operation: op('succeeded', 8990, 10) } };
    });
    const user = renderPage(undefined, { pollMs: 10 });
    await startBulkDelete(user);
    await waitFor(() => expect(screen.getByTestId('dlq-bulk-result').textContent).toContain('Delete: done 8,990, skipped 10 of 9,000'));
    expect(polls).toBe(2);
    expect(calls.filter((c) => pathOf(c) === `/dlq/operations/${OP_ID}`)).toHaveLength(2);
    expect(posts('/dlq/delete')).toHaveLength(1);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.queryByTestId('dlq-bulk-failure')).toBeNull();
  });

  test('polls that keep failing close the dialog, say the status is unknown in the bar, and never post again', async () => {
    serveDlq(entries(20));
    on('POST', /^\/dlq\/delete$/, () => ({ status: 202, data: { operation: op('running', 0) } }));
    let polls = 0;
    on('GET', /^\/dlq\/operations\/([^/]+)$/, () => {
      polls++;
      return { status: 503, data: { error: { code: 'unavailable', message: 'redis is down' } } };
    });
    const user = renderPage(undefined, { pollMs: 10 });
    const before = listCalls().length;
    await startBulkDelete(user);

    await waitFor(() => expect(screen.getByTestId('dlq-bulk-failure').textContent).toBe(`operation ${OP_ID}: status unknown (503 unavailable: redis is down)`));
    expect(screen.queryByRole('dialog')).toBeNull(); // no confirm button left to send it again
    expect(polls).toBe(4); // the first poll and 3 retries
    expect(posts('/dlq/delete')).toHaveLength(1);
    // Some entries may have gone: the list reloads and the selection is cleared (nothing to re-submit).
    await waitFor(() => expect(listCalls().length).toBe(before + 1));
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('0 selected');
    expect((screen.getByTestId('dlq-bulk-delete') as HTMLButtonElement).disabled).toBe(true);
    await act(() => new Promise((r) => setTimeout(r, 200)));
    expect(polls).toBe(4); // gave up
    expect(posts('/dlq/delete')).toHaveLength(1);
  });
});

describe('selection across reloads', () => {
  test('Refresh drops selected ids no longer listed, and shift-click ranges from the anchor entry, not its old row', async () => {
    const db = serveDlq(entries(10));
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('10 loaded'));
    const count = () => screen.getByTestId('dlq-selected-count').textContent;
    await user.click(screen.getByTestId('dlq-select-billing:1'));
    await user.click(screen.getByTestId('dlq-select-billing:5')); // the anchor, row 5 for now
    expect(count()).toBe('2 selected');

    // billing:1 left the DLQ elsewhere: after Refresh it is no longer listed nor selected.
    db.entries = db.entries.filter((e) => e.id !== 'billing:1');
    await user.click(screen.getByRole('button', { name: 'Refresh' }));
    await waitFor(() => expect(loaded()).toBe('9 loaded'));
    expect(count()).toBe('1 selected');

    // billing:5 is now row 4: the range is billing:2 … billing:5.
    await user.keyboard('{Shift>}');
    await user.click(screen.getByTestId('dlq-select-billing:2'));
    await user.keyboard('{/Shift}');
    expect(count()).toBe('4 selected');
    const selected = screen.getAllByTestId('dlq-row').filter((r) => r.hasAttribute('data-selected'));
    expect(selected.map((r) => r.getAttribute('data-id'))).toEqual(['billing:2', 'billing:3', 'billing:4', 'billing:5']);

    // The bulk action sends only listed ids.
    on('POST', /^\/dlq\/retry$/, (req) => ({ data: { done: (req.data as { ids: string[] }).ids.length, skipped: 0, total: 4 } }));
    await user.click(screen.getByTestId('dlq-bulk-retry'));
    await confirmWithReason(user, 'after the refresh', 'Retry');
    await waitFor(() => expect(posts('/dlq/retry')).toHaveLength(1));
    expect([...(posts('/dlq/retry')[0]!.data as { ids: string[] }).ids].sort()).toEqual(['billing:2', 'billing:3', 'billing:4', 'billing:5']);
  });

  test('a single-entry retry drops that entry from the selection once the list reloads', async () => {
    const db = serveDlq(entries(6));
    on('POST', /^\/dlq\/([^/]+)\/retry$/, (_req, m) => {
      db.entries = db.entries.filter((e) => e.id !== decodeURIComponent(m[1]!));
      return { data: { done: 1, skipped: 0, total: 1 } };
    });
    const user = renderPage();
    await waitFor(() => expect(loaded()).toBe('6 loaded'));
    await user.click(screen.getByTestId('dlq-select-billing:3'));
    await user.click(screen.getByTestId('dlq-select-billing:4'));
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('2 selected');

    await user.click(screen.getAllByTestId('dlq-row')[3]!);
    const detail = await screen.findByTestId('dlq-entry-detail');
    await user.click(within(detail).getByTestId('dlq-entry-retry'));
    const dialog = await screen.findByRole('dialog', { name: /Retry DLQ entry/ });
    await user.type(within(dialog).getByLabelText('Reason'), 'customer asked again');
    await user.click(within(dialog).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(loaded()).toBe('5 loaded'));
    expect(posts('/dlq/billing%3A3/retry')).toHaveLength(1);
    expect(screen.getByTestId('dlq-selected-count').textContent).toBe('1 selected');
    expect(screen.getByTestId('dlq-select-billing:4').closest('[data-testid="dlq-row"]')!.hasAttribute('data-selected')).toBe(true);
  });
});

describe('entry detail when the id changes', () => {
  test('a new id shows its own entry (not the previous one) and Retry posts the new id', async () => {
    serveDlq(entries(4));
    on('POST', /^\/dlq\/([^/]+)\/retry$/, { data: { done: 1, skipped: 0, total: 1 } });
    const retried: string[] = [];
    const user = userEvent.setup();
    const view = (id: string) => (
      <MemoryRouter>
        <BrutalistTheme>
          <DlqEntryDetail id={id} initial={entry(1)} onClose={() => undefined} onRetried={(r) => retried.push(r)} />
        </BrutalistTheme>
      </MemoryRouter>
    );
    const { rerender } = render(view('billing:1'));
    const facts = () => screen.getByTestId('dlq-entry-facts').textContent!;
    await waitFor(() => expect(calls.some((c) => pathOf(c) === '/dlq/billing%3A1')).toBe(true));
    expect(facts()).toContain('billing:1');

    // `initial` is still the old row's: it must not stand in for billing:2.
    rerender(view('billing:2'));
    await waitFor(() => expect(facts()).toContain('billing:2'));
    expect(facts()).not.toContain('billing:1');
    await user.click(screen.getByTestId('dlq-entry-retry'));
    const dialog = await screen.findByRole('dialog', { name: /Retry DLQ entry/ });
    expect(dialog.textContent).toContain('job 2');
    await user.type(within(dialog).getByLabelText('Reason'), 'the right one');
    await user.click(within(dialog).getByRole('button', { name: 'Retry' }));
    await waitFor(() => expect(retried).toEqual(['billing:2']));
    expect(posts('/dlq/billing%3A2/retry').map((c) => c.data)).toEqual([{ reason: 'the right one' }]);
    expect(posts('/dlq/billing%3A1/retry')).toHaveLength(0);
  });
});

function op(status: 'running' | 'succeeded' | 'failed', done: number, skipped = 0) {
  const finished = status === 'running' ? {} : { finishedAt: T0 + 1500 };
  return OperationSchema.parse({ id: '6f1c2b1e-9a4f-4c55-8d0e-2f7a1b3c4d5e', kind: 'dlq_delete', status, done, skipped, total: 9000, startedAt: T0, ...finished });
}

describe('group by error', () => {
  test('groups come from the server over every matching entry, for the filter in the URL; a group filters the list to its text', async () => {
    serveDlq(entries(50));
    on('GET', /^\/dlq\/error-groups$/, {
      data: {
        groups: [
          { pattern: 'pdf service rejected invoice N: template missing', filter: 'template missing', count: 24_000, queues: ['billing'], latest: T0, example: 'pdf service rejected invoice 9001: template missing' },
          { pattern: 'SMTP N try again later', filter: 'try again later', count: 1_000, queues: ['email', 'billing'], latest: T0 - 5000, example: 'SMTP 421 try again later' },
        ],
        scanned: 20_000,
        total: 25_000,
      },
    });
    const user = renderPage('/a/trafi-ops-app/dlq?queue=billing&view=errors');
    const rows = await screen.findAllByTestId('dlq-error-group');
    expect(rows.map((r) => [r.getAttribute('data-count'), within(r).getAllByRole('cell')[0]!.textContent])).toEqual([
      ['24000', 'pdf service rejected invoice N: template missing'],
      ['1000', 'SMTP N try again later'],
    ]);
    // Counted on the server, not over the loaded page; past its scan cap it says so.
    expect(screen.getByTestId('dlq-error-groups-note').textContent).toBe('2 distinct errors over the newest 20,000 of 25,000 matching entries (DLQ_GROUP_SCAN_LIMIT).');
    const asked = calls.filter((c) => pathOf(c) === '/dlq/error-groups');
    expect(asked).toHaveLength(1);
    expect(paramsOf(asked[0])).toEqual({ queue: 'billing' });
    await user.click(within(rows[0]!).getByRole('button', { name: 'Show entries' }));
    await waitFor(() => expect(searchParams().get('error')).toBe('template missing'));
    expect(searchParams().get('view')).toBeNull();
    expect(searchParams().get('queue')).toBe('billing');
  });

  test('every entry counted reads "all"; a failed request shows its error', async () => {
    serveDlq(entries(3));
    on('GET', /^\/dlq\/error-groups$/, { data: { groups: [{ pattern: 'SMTP N try again later', filter: 'try again later', count: 3, queues: ['billing'], latest: T0, example: 'SMTP 421 try again later' }], scanned: 3, total: 3 } });
    renderPage('/a/trafi-ops-app/dlq?view=errors');
    expect((await screen.findByTestId('dlq-error-groups-note')).textContent).toBe('1 distinct errors over all 3 matching entries.');
    cleanup();
    on('GET', /^\/dlq\/error-groups$/, { status: 503, data: { error: { code: 'redis_unavailable', message: 'Redis did not answer' } } });
    renderPage('/a/trafi-ops-app/dlq?view=errors');
    expect((await screen.findByRole('alert')).textContent).toContain('Redis did not answer');
    expect(screen.queryByTestId('dlq-error-groups')).toBeNull();
  });
});
