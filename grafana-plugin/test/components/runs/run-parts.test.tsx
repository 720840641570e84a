// The run detail's two drawn parts on their own: the attempts timeline (pure) and the
// live log stream, driven by a stand-in EventSource (jsdom has none).
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { AttemptSchema, LOG_LINES_PER_EVENT, type Attempt, type LogLinesEvent } from '@trafi-ops/contracts';
import { beforeEach, describe, expect, test } from 'vitest';
import { ApiError, runLogsStreamUrl } from '../../../src/api/ops-api';
import { AttemptsTimeline } from '../../../src/features/runs/AttemptsTimeline';
import { LogStream } from '../../../src/features/runs/LogStream';

const T0 = Date.UTC(2025, 0, 15, 10, 0, 0);
const attempt = (a: Attempt) => AttemptSchema.parse(a);
const pct = (el: HTMLElement, prop: 'width' | 'left') => parseFloat(el.style[prop]);

describe('AttemptsTimeline', () => {
  test('bar widths and offsets are proportional to durations on one axis; failures show their error', () => {
    render(
      <AttemptsTimeline
        now={T0 + 60_000}
        attempts={[
          attempt({ attempt: 1, startedAt: T0, finishedAt: T0 + 1000, error: 'Timeout: gateway did not answer', stack: 'Timeout: gateway did not answer\n    at charge (pay.ts:10:3)' }),
          attempt({ attempt: 2, startedAt: T0 + 2000, finishedAt: T0 + 5000 }),
        ]}
      />,
    );
    const [failed, ok] = screen.getAllByTestId('attempt-bar') as [HTMLElement, HTMLElement];
    expect(failed.getAttribute('data-kind')).toBe('failed');
    expect(ok.getAttribute('data-kind')).toBe('succeeded');
    // The axis spans 0..5 s: 1 s is 20 %, 3 s is 60 % and starts at 2 s (40 %).
    expect(pct(failed, 'width')).toBeCloseTo(20);
    expect(pct(ok, 'width')).toBeCloseTo(60);
    expect(pct(ok, 'width') / pct(failed, 'width')).toBeCloseTo(3);
    expect(pct(failed, 'left')).toBe(0);
    expect(pct(ok, 'left')).toBeCloseTo(40);
    expect(failed.style.background).toBe('rgb(255, 51, 102)'); // #FF3366
    expect(ok.style.background).toBe('rgb(0, 255, 148)'); // #00FF94

    const error = screen.getByText('Timeout: gateway did not answer');
    expect(error.closest('[title]')?.getAttribute('title')).toContain('at charge (pay.ts:10:3)');
    expect(screen.getByText(/at charge \(pay.ts:10:3\)/, { selector: 'pre' })).toBeTruthy();
    // Ticks every second, labelled.
    const ticks = within(screen.getByTestId('timeline-axis')).getAllByText(/./);
    expect(ticks.map((t) => [t.textContent, pct(t, 'left')])).toEqual([['0', 0], ['1 s', 20], ['2 s', 40], ['3 s', 60], ['4 s', 80], ['5 s', 100]]);
    // Each row is labelled with its attempt number and duration.
    expect(screen.getByText('1 s', { selector: '.mono' })).toBeTruthy();
    expect(screen.getByText('3 s', { selector: '.mono' })).toBeTruthy();
  });

  test('a running attempt is blue and grows to now; earlier lives are labelled', () => {
    const { rerender } = render(
      <AttemptsTimeline
        now={T0 + 10_000}
        history={[{ retry: 1, retriedAt: T0 + 3000, attempts: [attempt({ attempt: 1, startedAt: T0, finishedAt: T0 + 2000, error: 'boom' })] }]}
        attempts={[attempt({ attempt: 1, startedAt: T0 + 4000 })]}
      />,
    );
    expect(screen.getByText('before DLQ retry 1')).toBeTruthy();
    expect(screen.getByText('current')).toBeTruthy();
    let [earlier, running] = screen.getAllByTestId('attempt-bar') as [HTMLElement, HTMLElement];
    expect(earlier.getAttribute('data-kind')).toBe('failed');
    expect(running.getAttribute('data-kind')).toBe('running');
    expect(running.style.background).toBe('rgb(59, 130, 246)'); // #3B82F6
    expect(pct(earlier, 'width')).toBeCloseTo(20); // 2 s of 10 s
    expect(pct(running, 'width')).toBeCloseTo(60); // 6 s of 10 s

    rerender(
      <AttemptsTimeline
        now={T0 + 20_000}
        history={[{ retry: 1, retriedAt: T0 + 3000, attempts: [attempt({ attempt: 1, startedAt: T0, finishedAt: T0 + 2000, error: 'boom' })] }]}
        attempts={[attempt({ attempt: 1, startedAt: T0 + 4000 })]}
      />,
    );
    [earlier, running] = screen.getAllByTestId('attempt-bar') as [HTMLElement, HTMLElement];
    expect(pct(earlier, 'width')).toBeCloseTo(10); // 2 s of 20 s
    expect(pct(running, 'width')).toBeCloseTo(80); // 16 s of 20 s
  });

  test('no attempts yet', () => {
    render(<AttemptsTimeline now={T0} attempts={[]} />);
    expect(screen.getByTestId('empty-state').textContent).toBe('No attempts yet');
  });
});

/** A stand-in for the browser's EventSource: the test opens it, emits events and fails it. */
class FakeEventSource {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  private listeners = new Map<string, Array<(ev: MessageEvent) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }
  addEventListener(type: string, listener: (ev: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.readyState = 2;
  }
  private emit(type: string, data?: unknown) {
    act(() => this.listeners.get(type)?.forEach((l) => l(new MessageEvent(type, { data: data === undefined ? undefined : JSON.stringify(data) }))));
  }
  open() {
    this.readyState = 1;
    this.emit('open');
  }
  /** One `lines` event per 1,000 lines, as the API sends them. */
  lines(from: number, texts: string[]) {
    for (let i = 0; i < texts.length; i += LOG_LINES_PER_EVENT) this.emit('lines', { start: from + i, lines: texts.slice(i, i + LOG_LINES_PER_EVENT) } satisfies LogLinesEvent);
  }
  end(state: string) {
    this.emit('end', { state });
  }
  /** readyState 0: the browser retries by itself; 2: it gave up. */
  fail(readyState: 0 | 2) {
    this.readyState = readyState;
    this.emit('error');
  }
}

const shownLines = () => screen.queryAllByTestId('log-line').map((l) => l.textContent);
const status = () => screen.getByTestId('log-status').textContent;

describe('LogStream', () => {
  beforeEach(() => {
    FakeEventSource.instances = [];
  });

  test('streams lines in order, without the duplicates a reconnect replays, and shows the end', async () => {
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} retryMs={10} />);
    const es = FakeEventSource.instances[0]!;
    expect(es.url).toBe(runLogsStreamUrl('orders', 'job-7', 0));
    expect(es.url).toMatch(/\/runs\/orders\/job-7\/logs\?start=0$/);

    es.open();
    expect(status()).toBe('streaming…');
    es.lines(0, ['charging card', 'gateway timeout']);
    await waitFor(() => expect(shownLines()).toEqual(['0charging card', '1gateway timeout']));

    // The connection drops. The browser would reconnect to ?start=0 (the API ignores Last-Event-ID),
    // so the stream is closed and reopened from the lines already shown.
    es.fail(0);
    expect(status()).toBe('connection lost, retrying');
    expect(es.readyState).toBe(2);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    const again = FakeEventSource.instances[1]!;
    expect(again.url).toBe(runLogsStreamUrl('orders', 'job-7', 2));
    again.open();
    // Even a replay of lines already shown is not shown twice.
    again.lines(1, ['gateway timeout', 'card declined']);
    await waitFor(() => expect(shownLines()).toEqual(['0charging card', '1gateway timeout', '2card declined']));
    expect(screen.getByText('3 lines')).toBeTruthy();

    again.end('completed');
    expect(status()).toBe('ended (completed)');
    expect(again.readyState).toBe(2); // closed, so the browser does not reconnect after the API ends the stream
    again.fail(2); // a late error after the end opens nothing
    await new Promise((r) => setTimeout(r, 50));
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(status()).toBe('ended (completed)');
  });

  test('Pause freezes the view while lines keep buffering; Resume catches up', async () => {
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} />);
    const es = FakeEventSource.instances[0]!;
    es.open();
    es.lines(0, ['a', 'b']);
    await waitFor(() => expect(shownLines()).toHaveLength(2));

    await userEvent.click(screen.getByRole('button', { name: 'Pause' }));
    es.lines(2, ['c', 'd', 'e']);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Resume (3 new)' })).toBeTruthy());
    expect(shownLines()).toEqual(['0a', '1b']);

    await userEvent.click(screen.getByRole('button', { name: 'Resume (3 new)' }));
    expect(shownLines()).toEqual(['0a', '1b', '2c', '3d', '4e']);
    expect(screen.getByRole('button', { name: 'Pause' })).toBeTruthy();
  });

  test('follows the newest line until the user scrolls up, and again once back at the bottom', async () => {
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} />);
    const es = FakeEventSource.instances[0]!;
    const view = screen.getByTestId('log-lines');
    // jsdom does no layout: give the view a size.
    Object.defineProperty(view, 'scrollHeight', { configurable: true, get: () => 1000 });
    Object.defineProperty(view, 'clientHeight', { configurable: true, get: () => 200 });
    es.open();
    es.lines(0, ['a']);
    await waitFor(() => expect(view.scrollTop).toBe(1000));

    view.scrollTop = 300;
    fireEvent.scroll(view);
    expect(screen.getByRole('button', { name: 'Follow' })).toBeTruthy();
    es.lines(1, ['b']);
    await waitFor(() => expect(shownLines()).toHaveLength(2));
    expect(view.scrollTop).toBe(300);

    view.scrollTop = 800; // the bottom (1000 - 200)
    fireEvent.scroll(view);
    expect(screen.queryByRole('button', { name: 'Follow' })).toBeNull();
    es.lines(2, ['c']);
    await waitFor(() => expect(view.scrollTop).toBe(1000));
  });

  test('a long log keeps only the newest lines in the page; earlier ones come on request, where they were read', async () => {
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} maxLines={3} />);
    const es = FakeEventSource.instances[0]!;
    const view = screen.getByTestId('log-lines');
    // jsdom does no layout: 18 px per line in the DOM, a 36 px window.
    Object.defineProperty(view, 'scrollHeight', { configurable: true, get: () => view.querySelectorAll('[data-testid="log-line"]').length * 18 });
    Object.defineProperty(view, 'clientHeight', { configurable: true, get: () => 36 });
    es.open();
    es.lines(0, ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']);
    await waitFor(() => expect(shownLines()).toEqual(['5f', '6g', '7h']));
    expect(screen.getByText('8 lines')).toBeTruthy();
    expect(screen.getByTestId('log-earlier').textContent).toContain('5 earlier lines not shown');

    // Read from the top of what is shown, then ask for more: the same lines stay in view.
    view.scrollTop = 0;
    fireEvent.scroll(view);
    await userEvent.click(screen.getByRole('button', { name: 'Show 3 earlier' }));
    expect(shownLines()).toEqual(['2c', '3d', '4e', '5f', '6g', '7h']);
    expect(view.scrollTop).toBe(54); // three lines of 18 px went in above
    expect(screen.getByTestId('log-earlier').textContent).toContain('2 earlier lines not shown');
    await userEvent.click(screen.getByRole('button', { name: 'Show 2 earlier' }));
    expect(shownLines()).toHaveLength(8);
    expect(screen.queryByTestId('log-earlier')).toBeNull();
  });

  test('a line arriving after a later one takes its place by index', async () => {
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} />);
    const es = FakeEventSource.instances[0]!;
    es.open();
    es.lines(0, ['a']);
    es.lines(3, ['d']);
    await waitFor(() => expect(shownLines()).toEqual(['0a', '3d']));
    es.lines(2, ['c']);
    es.lines(1, ['b']);
    await waitFor(() => expect(shownLines()).toEqual(['0a', '1b', '2c', '3d']));
  });

  test('12,000 streamed lines: 5,000 in the DOM by default, the newest last', async () => {
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} />);
    const es = FakeEventSource.instances[0]!;
    es.open();
    es.lines(0, Array.from({ length: 12_000 }, (_, i) => `step ${i}`));
    await waitFor(() => expect(screen.getByText('12,000 lines')).toBeTruthy());
    const rows = shownLines();
    expect(rows).toHaveLength(5000);
    expect(rows[0]).toBe('7000step 7000');
    expect(rows.at(-1)).toBe('11999step 11999');
    expect(screen.getByTestId('log-earlier').textContent).toContain('7,000 earlier lines not shown');
    expect(screen.getByRole('button', { name: 'Show 5,000 earlier' })).toBeTruthy();
  });

  test('when the browser gives up, it opens a new stream from the next line', async () => {
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} />);
    const first = FakeEventSource.instances[0]!;
    first.open();
    first.lines(0, ['a', 'b']);
    await waitFor(() => expect(shownLines()).toHaveLength(2));
    first.fail(2);
    expect(status()).toBe('connection lost, retrying');

    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2), { timeout: 3000 });
    const second = FakeEventSource.instances[1]!;
    expect(second.url).toBe(runLogsStreamUrl('orders', 'job-7', 2));
    second.open();
    second.lines(2, ['c']);
    await waitFor(() => expect(shownLines()).toEqual(['0a', '1b', '2c']));
    expect(status()).toBe('streaming…');
  });

  test('after 3 failed connects it asks GET …/logs once; a 404 stops the stream with that error', async () => {
    const probes: number[] = [];
    const loadLogs = async (_q: string, _id: string, start: number) => {
      probes.push(start);
      throw new ApiError(404, 'not_found', 'run orders/job-7 not found', 'id');
    };
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} loadLogs={loadLogs} retryMs={10} />);
    const first = FakeEventSource.instances[0]!;
    first.open();
    first.lines(0, ['a']);
    await waitFor(() => expect(shownLines()).toEqual(['0a']));

    first.fail(0);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(2));
    FakeEventSource.instances[1]!.fail(0); // the reconnect fails before opening
    expect(probes).toEqual([]);
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(3));
    expect(FakeEventSource.instances[2]!.url).toBe(runLogsStreamUrl('orders', 'job-7', 1));
    FakeEventSource.instances[2]!.fail(2); // third in a row

    await waitFor(() => expect(status()).toBe('stopped: 404 run orders/job-7 not found'));
    expect(probes).toEqual([1]);
    await new Promise((r) => setTimeout(r, 100));
    expect(FakeEventSource.instances).toHaveLength(3); // no more retries
    expect(shownLines()).toEqual(['0a']);
  });

  test('when the probe answers (or fails otherwise), it keeps retrying with backoff', async () => {
    const probes: number[] = [];
    const loadLogs = async (_q: string, _id: string, start: number) => {
      probes.push(start);
      throw new ApiError(502, 'proxy_error', 'Bad Gateway');
    };
    render(<LogStream queue="orders" id="job-7" EventSource={FakeEventSource} loadLogs={loadLogs} retryMs={10} />);
    for (let n = 1; n <= 4; n++) {
      await waitFor(() => expect(FakeEventSource.instances).toHaveLength(n));
      FakeEventSource.instances[n - 1]!.fail(0);
      expect(status()).toBe('connection lost, retrying');
    }
    await waitFor(() => expect(FakeEventSource.instances).toHaveLength(5));
    expect(probes).toEqual([0]); // once, after the third failure
    const last = FakeEventSource.instances[4]!;
    last.open();
    last.lines(0, ['back']);
    await waitFor(() => expect(shownLines()).toEqual(['0back']));
    expect(status()).toBe('streaming…');
  });
});
