import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { QueueInfoSchema, type QueueInfo } from '@trafi-ops/contracts';
import { MemoryRouter } from 'react-router-dom';
import { describe, expect, test } from 'vitest';
import { toPolyline } from '../../../src/ui/Sparkline';
import { QueuesPage, type QueuesPageProps } from '../../../src/features/queues/QueuesPage';
import { SettingsProvider } from '../../../src/settings';
import { calls, on, pathOf, setOperator } from '../../fake-backend';

const queue = (name: string, counts: Partial<QueueInfo['counts']>, extra: Partial<QueueInfo> = {}): QueueInfo =>
  QueueInfoSchema.parse({
    name,
    jobTypes: [`${name}.send`],
    isolated: false,
    concurrency: 4,
    isPaused: false,
    counts: { waiting: 0, active: 0, delayed: 0, prioritized: 0, completed: 0, failed: 0, paused: 0, dlq: 0, ...counts },
    ...extra,
  });

const QUEUES = [
  queue('emails', { waiting: 12, active: 3, delayed: 1, completed: 1204, failed: 7 }),
  queue('webhooks', { waiting: 250, active: 8, completed: 50, failed: 2 }),
  queue('exports', { dlq: 4, failed: 4 }),
  queue('imports', { waiting: 9, paused: 9 }, { isPaused: true }),
];

const NOW = 1_780_000_000;
const vector = (result: Array<[Record<string, string>, number]>) => ({
  data: { status: 'success', data: { resultType: 'vector', result: result.map(([metric, v]) => ({ metric, value: [NOW, String(v)] })) } },
});
const matrix = (result: Array<[Record<string, string>, number[]]>) => ({
  data: {
    status: 'success',
    data: { resultType: 'matrix', result: result.map(([metric, vs]) => ({ metric, values: vs.map((v, i) => [NOW - (vs.length - 1 - i) * 60, String(v)]) })) },
  },
});

function prometheus({ unhealthy = [] as Array<[string, string]> } = {}) {
  on('GET', /^prom:\/query$/, (req) => {
    const q = String(req.params?.query);
    if (q === 'queue:trafi_jobs_processed:per_minute_rate5m') return vector([[{ queue: 'emails' }, 42.25], [{ queue: 'webhooks' }, 310.4]]);
    if (q === 'queue:trafi_queue_unhealthy') return vector(unhealthy.map(([queue, reason]) => [{ __name__: 'queue:trafi_queue_unhealthy', queue, reason }, 1]));
    return { status: 400, data: { status: 'error', errorType: 'bad_data', error: `unexpected query ${q}` } };
  });
  on('GET', /^prom:\/query_range$/, matrix([[{ queue: 'emails' }, [10, 20, 40, 42]], [{ queue: 'webhooks' }, [300, 310]]]));
}

function renderPage(props: QueuesPageProps = {}, prometheusUid = 'prom-main') {
  return render(
    <MemoryRouter future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <SettingsProvider settings={{ prometheusUid }}>
        <QueuesPage intervalMs={0} {...props} />
      </SettingsProvider>
    </MemoryRouter>,
  );
}

const row = (name: string) => screen.getAllByTestId('queue-row').find((r) => r.dataset.queue === name)!;
const cell = (name: string, testId: string) => within(row(name)).getByTestId(testId);

describe('QueuesPage', () => {
  test('one row per queue with its counts, throughput, trend and links', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    prometheus();
    renderPage();

    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(4));
    expect(screen.getAllByTestId('queue-row').map((r) => r.dataset.queue)).toEqual(['emails', 'webhooks', 'exports', 'imports']);
    const counts = (name: string) => ['waiting', 'active', 'delayed', 'completed', 'failed', 'paused', 'dlq'].map((s) => cell(name, `queue-count-${s}`).textContent);
    expect(counts('emails')).toEqual(['12', '3', '1', '1,204', '7', '0', '0']);
    expect(counts('webhooks')).toEqual(['250', '8', '0', '50', '2', '0', '0']);
    expect(counts('imports')).toEqual(['9', '0', '0', '0', '0', '9', '0']);

    // Links: the name to its runs, each run-state count to those runs, the DLQ count to its dead-letter queue.
    expect(within(row('emails')).getByRole('link', { name: 'emails' }).getAttribute('href')).toBe('/a/trafi-ops-app/runs?queue=emails');
    const href = (name: string, col: string) => within(cell(name, `queue-count-${col}`)).queryByRole('link')?.getAttribute('href');
    for (const state of ['waiting', 'active', 'delayed', 'completed', 'failed']) {
      expect(href('emails', state)).toBe(`/a/trafi-ops-app/runs?queue=emails&state=${state}`);
    }
    expect(href('imports', 'paused')).toBeUndefined(); // no run state to filter by
    expect(href('imports', 'active')).toBeUndefined(); // nothing behind a zero
    expect(href('emails', 'dlq')).toBeUndefined();
    expect(href('exports', 'dlq')).toBe('/a/trafi-ops-app/dlq?queue=exports');
    expect(row('emails').textContent).toContain('concurrency 4');

    // Throughput from Prometheus, once its answer is in.
    await waitFor(() => expect(cell('emails', 'queue-rate').textContent).toBe('42.3'));
    expect(cell('webhooks', 'queue-rate').textContent).toBe('310');
    expect(cell('exports', 'queue-rate').textContent).toBe('no data');
    const spark = within(cell('emails', 'queue-trend')).getByTestId('sparkline');
    expect(spark.dataset.points).toBe('4');
    expect(spark.querySelector('polyline')!.getAttribute('stroke')).toBe('#CCFF00');
    expect(spark.querySelector('polyline')!.getAttribute('stroke-width')).toBe('1');
    expect(cell('exports', 'queue-trend').textContent).toBe('no data');
    // The scale beside the line, and the value under the pointer.
    expect(within(cell('emails', 'queue-trend')).getByTestId('sparkline-scale').textContent).toBe('max 42');
    spark.getBoundingClientRect = () => ({ left: 0, width: 120, top: 0, height: 24, right: 120, bottom: 24, x: 0, y: 0, toJSON: () => ({}) });
    fireEvent.mouseMove(spark, { clientX: 1 });
    expect(within(cell('emails', 'queue-trend')).getByTestId('sparkline-scale').textContent).toMatch(/^10 @ \d\d:\d\d$/);
    fireEvent.mouseMove(spark, { clientX: 80 });
    expect(within(cell('emails', 'queue-trend')).getByTestId('sparkline-scale').textContent).toMatch(/^40 @ /);
    expect(within(cell('emails', 'queue-trend')).getByTestId('sparkline-marker')).toBeTruthy();
    fireEvent.mouseLeave(spark);
    expect(within(cell('emails', 'queue-trend')).getByTestId('sparkline-scale').textContent).toBe('max 42');
  });

  test('an operator pauses a queue with a reason; a viewer sees why they cannot', async () => {
    let paused = false;
    on('GET', /^\/queues$/, () => ({ data: { items: [queue('emails', { waiting: 3, paused: paused ? 3 : 0 }, { isPaused: paused })] } }));
    on('POST', /^\/queues\/emails\/(pause|resume)$/, (req, m) => {
      paused = m[1] === 'pause';
      return { data: { queue: 'emails', isPaused: paused, echo: req.data } };
    });
    prometheus();
    renderPage();
    const pause = await screen.findByTestId('queue-pause');
    fireEvent.click(pause);
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('Reason'), { target: { value: 'smtp maintenance' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Pause' }));
    await waitFor(() => expect(row('emails').dataset.health).toBe('warn'));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(pathOf(post)).toBe('/queues/emails/pause');
    expect(post.data).toEqual({ reason: 'smtp maintenance' });
    expect(cell('emails', 'queue-status').textContent).toBe('paused');
    expect(screen.getByTestId('queue-resume')).toBeTruthy();

  });

  test('a viewer sees the control disabled, and why', async () => {
    setOperator(false);
    on('GET', /^\/queues$/, { data: { items: QUEUES.slice(0, 1) } });
    prometheus();
    renderPage();
    const pause = (await screen.findByTestId('queue-pause')) as HTMLButtonElement;
    expect(pause.disabled).toBe(true);
    expect(document.getElementById(pause.getAttribute('aria-describedby')!)!.textContent).toBe('Needs the operator role (ops:write)');
    fireEvent.click(pause);
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
  });

  test('asks Prometheus for the recording rules through the configured datasource uid', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    prometheus();
    renderPage({}, 'my-prom');
    await waitFor(() => expect(cell('emails', 'queue-rate').textContent).toBe('42.3'));

    const prom = calls.filter((c) => c.url.startsWith('api/datasources/'));
    expect(prom.every((c) => c.url.startsWith('api/datasources/proxy/uid/my-prom/api/v1/'))).toBe(true);
    const instant = prom.filter((c) => pathOf(c) === 'prom:/query').map((c) => c.params?.query);
    expect(instant.sort()).toEqual(['queue:trafi_jobs_processed:per_minute_rate5m', 'queue:trafi_queue_unhealthy']);
    const range = prom.find((c) => pathOf(c) === 'prom:/query_range')!;
    expect(range.params?.query).toBe('queue:trafi_jobs_processed:per_minute_rate5m');
    expect(range.params?.step).toBe(60);
    expect(range.params?.end - range.params?.start).toBe(3600);
    expect(calls.filter((c) => pathOf(c) === '/queues')).toHaveLength(1);
  });

  test('unhealthy queues are red with the reason; paused or DLQ not empty is yellow', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    prometheus({ unhealthy: [['webhooks', 'backlog_growing'], ['webhooks', 'oldest_waiting'], ['emails', 'something_new']] });
    renderPage();

    await waitFor(() => expect(row('webhooks').dataset.health).toBe('bad'));
    expect(cell('webhooks', 'queue-status').textContent).toContain('unhealthy: backlog growing while throughput does not rise');
    expect(cell('webhooks', 'queue-status').textContent).toContain('unhealthy: oldest waiting job older than 5 min');
    // A reason the page does not know is still shown, as Prometheus names it.
    expect(row('emails').dataset.health).toBe('bad');
    expect(cell('emails', 'queue-status').textContent).toBe('unhealthy: something_new');
    expect(row('exports').dataset.health).toBe('warn');
    expect(cell('exports', 'queue-status').textContent).toBe('4 in DLQ');
    expect(row('imports').dataset.health).toBe('warn');
    expect(cell('imports', 'queue-status').textContent).toBe('paused');
    // The header counts every queue that needs a look, warnings included.
    expect(screen.getByTestId('queues-summary').textContent).toBe('4 queues · 4 need a look (2 unhealthy, 2 warning)');
    expect([row('webhooks'), row('exports')].map((r) => within(r).getByTestId('queue-badge').textContent)).toEqual(['unhealthy', 'warning']);
    expect(screen.getByTestId('dashboard-link-queues').getAttribute('href')).toBe('/d/trafi-queues/trafi-queues');
  });

  test('without Prometheus the counts still show and the metric cells say "no metrics"', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES } });
    on('GET', /^prom:/, { status: 502, data: { message: 'Bad Gateway' } });
    renderPage({}, 'prom-main');

    await waitFor(() => expect(cell('emails', 'queue-rate').textContent).toBe('no metrics'));
    expect(cell('emails', 'queue-count-waiting').textContent).toBe('12');
    expect(cell('webhooks', 'queue-count-active').textContent).toBe('8');
    expect(cell('emails', 'queue-trend').textContent).toBe('no metrics');
    expect(cell('emails', 'queue-rate').getAttribute('title')).toContain('"prom-main"');
    expect(screen.getByTestId('queue-metrics-error').textContent).toContain('the Prometheus datasource "prom-main" did not answer (HTTP 502: Bad Gateway)');
    // Still yellow from the ops API's own data; nothing red without Prometheus, and nothing reads "ok" either.
    expect(row('exports').dataset.health).toBe('warn');
    expect(row('webhooks').dataset.health).toBe('unknown');
    expect(cell('webhooks', 'queue-status').textContent).toBe('health unknown (no metrics)');
    expect(cell('exports', 'queue-status').textContent).toContain('health unknown (no metrics)');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('no queues: the empty state', async () => {
    on('GET', /^\/queues$/, { data: { items: [] } });
    prometheus();
    renderPage();
    await waitFor(() => expect(screen.getByTestId('empty-state').textContent).toContain('No queues'));
    expect(screen.queryAllByTestId('queue-row')).toHaveLength(0);
  });

  test('ops API error: the error state with status, code and message, and a retry', async () => {
    let fail = true;
    on('GET', /^\/queues$/, () =>
      fail ? { status: 503, data: { error: { code: 'dependency_unavailable', message: 'redis is not answering' } } } : { data: { items: QUEUES } },
    );
    prometheus();
    renderPage();
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('A dependency of the ops API is not answering');
    expect(alert.textContent).toContain('503 dependency_unavailable: redis is not answering');
    expect(screen.queryAllByTestId('queue-row')).toHaveLength(0);

    fail = false;
    within(alert).getByRole('button', { name: 'Try again' }).click();
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(4));
    expect(screen.queryByRole('alert')).toBeNull();
  });

  test('polls: new counts show up without a reload', async () => {
    let waiting = 12;
    on('GET', /^\/queues$/, () => ({ data: { items: [queue('emails', { waiting: waiting++ })] } }));
    prometheus();
    renderPage({ intervalMs: 40, metricsIntervalMs: 40 });
    await waitFor(() => expect(Number(cell('emails', 'queue-count-waiting').textContent)).toBeGreaterThanOrEqual(14));
    expect(calls.filter((c) => pathOf(c) === '/queues').length).toBeGreaterThanOrEqual(3);
    // Metrics poll on their own: the next load starts once the last one answered.
    await waitFor(() => expect(calls.filter((c) => pathOf(c) === 'prom:/query_range').length).toBeGreaterThanOrEqual(3));
  });

  test('customizable: columns, names and an extra action cell', async () => {
    on('GET', /^\/queues$/, { data: { items: QUEUES.slice(0, 1) } });
    prometheus();
    renderPage({ columns: ['failed', 'dlq'], renderName: (q) => <b>{q.name.toUpperCase()}</b>, extraActions: (q) => <button>drain {q.name}</button> });
    await waitFor(() => expect(screen.getAllByTestId('queue-row')).toHaveLength(1));
    expect(within(row('emails')).queryByTestId('queue-count-waiting')).toBeNull();
    expect(cell('emails', 'queue-count-failed').textContent).toBe('7');
    expect(within(row('emails')).getByText('EMAILS')).toBeTruthy();
    expect(within(row('emails')).getByRole('button', { name: 'drain emails' })).toBeTruthy();
  });
});

describe('Sparkline', () => {
  test('scales the series into the box from 0 up, highest value at the top', () => {
    expect(toPolyline([[0, 0], [60, 10], [120, 5]], 121, 21)).toEqual({ points: '0.5,20.5 60.5,0.5 120.5,10.5', count: 3 });
  });
  test('an idle queue lies on the bottom line; a steady one at the top; NaN samples are skipped', () => {
    expect(toPolyline([[0, 0], [60, 0]], 101, 21)).toEqual({ points: '0.5,20.5 100.5,20.5', count: 2 });
    expect(toPolyline([[0, 3], [60, Number.NaN], [120, 3]], 101, 21)).toEqual({ points: '0.5,0.5 100.5,0.5', count: 2 });
    expect(toPolyline([[0, 7]], 101, 21)).toEqual({ points: '0.5,0.5 100.5,0.5', count: 1 });
    expect(toPolyline([], 100, 20)).toEqual({ points: '', count: 0 });
  });
});
