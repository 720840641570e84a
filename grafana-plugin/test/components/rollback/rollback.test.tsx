// The Rollback page (story 11.12) driven through the fake backend: the release timelines, the
// scope and target pickers, the dry-run preflight (forward-only migrations, refusals), the
// confirmation with a reason, the followed run to its verification figures, the history, and
// what a viewer may not do. (The Chromium walk against the real API is test/e2e/rollback.test.ts.)
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BackendSrvRequest } from '@grafana/runtime';
import {
  LiveStateSchema, PreflightSchema, ReleaseSchema, RollbackSchema, RollbackStepSchema, VerificationSchema,
  type LiveState, type Preflight, type Release, type Rollback, type RollbackBody, type RollbackStep, type Verification,
} from '@trafi-ops/contracts';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { RollbackPage } from '../../../src/features/rollback/RollbackPage';
import { BrutalistTheme } from '../../../src/theme/BrutalistTheme';
import { COLORS } from '../../../src/theme/theme';
import { calls, on, pathOf, setOperator } from '../../fake-backend';

const T0 = Date.UTC(2026, 10, 30, 9, 15, 0);
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
const image = (c: string) => `registry.example.com/trafi@sha256:${c.repeat(64)}`;

const release = (over: Partial<Release> & Pick<Release, 'id' | 'version'>): Release =>
  ReleaseSchema.parse({ components: {}, commit: 'abc1234', migrations: [], createdAt: T0 - 86_400_000, actor: 'ci', rollbackId: null, live: [], ...over });
const M11 = { name: '011_orders', breaksOlderCode: false };
const M12 = { name: '012_order_notes', breaksOlderCode: false };
const M13 = { name: '013_refund_index', breaksOlderCode: false };

// Newest first, as GET /deployments answers: workers were rolled back to v1.4.0 (release #6).
const RELEASES = [
  release({ id: 6, version: 'v1.4.0', components: { workers: { image: image('b') } }, migrations: [M11], rollbackId: 'rb-0', actor: 'alice', createdAt: T0 - 3_600_000 + 95_000, live: ['workers'] }),
  release({ id: 5, version: 'v1.5.0', components: { api: { image: image('c') }, workers: { image: image('d') } }, commit: 'c0ffee5', migrations: [M11, M12, M13], live: ['api'] }),
  release({ id: 4, version: 'v1.4.0', components: { api: { image: image('a') }, workers: { image: image('b') } }, migrations: [M11] }),
  release({ id: 3, version: 'v1.3.0', components: { api: { image: image('e') }, workers: { image: image('f') }, dashboard: { directory: '/srv/releases/v1.3.0/dashboard' } }, live: ['dashboard'] }),
];
const live = (component: LiveState['component'], version: string, releaseId: number, pausedReason: string | null = null): LiveState =>
  LiveStateSchema.parse({ component, version, releaseId, paused: pausedReason !== null, pausedReason });
const LIVE = [live('api', 'v1.5.0', 5), live('workers', 'v1.4.0', 6, 'rollback rb-0: automatic deploys paused until resumed'), live('dashboard', 'v1.3.0', 3)];

const preflight = (over: Partial<Preflight> = {}): Preflight =>
  PreflightSchema.parse({ ok: true, forwardOnly: [], needsAcknowledgement: false, refusals: [], plan: [{ component: 'api', from: 'v1.5.0', to: 'v1.4.0', artifact: { image: image('a') } }], ...over });
const FORWARD_ONLY = preflight({ ok: false, forwardOnly: [M12, M13], needsAcknowledgement: true });

const verification = (over: Partial<Verification> = {}): Verification =>
  VerificationSchema.parse({ status: 'running', condition: 'at least 10 requests, error ratio <= 0.05 and p95 <= 0.5 s over 30s', intervalMs: 10_000, count: 3, failureLimit: 1, failures: 0, inconclusiveLimit: 3, measurements: [], readiness: [], ...over });
const STEP_NAMES = ['preflight', 'pause deploys', 'switch api', 'api ready', 'verify', 'record release'];
const steps = (done: number, running = true): RollbackStep[] =>
  STEP_NAMES.map((name, i) => RollbackStepSchema.parse({
    name, component: name.includes('api') ? 'api' : null,
    status: i < done ? 'succeeded' : i === done && running ? 'running' : 'pending',
    startedAt: i <= done ? T0 + i * 1000 : null, finishedAt: i < done ? T0 + i * 1000 + 750 : null,
    detail: name === 'switch api' ? `haproxy: api -> ${image('a').slice(0, 40)}` : null,
  }));
const rollback = (over: Partial<Rollback> & Pick<Rollback, 'id'>): Rollback =>
  RollbackSchema.parse({
    scope: 'api', fromVersions: { api: 'v1.5.0' }, targetVersion: 'v1.4.0', reason: 'checkout 5xx after v1.5.0', actor: 'ops-test', status: 'running',
    steps: steps(0), progress: 0, preflight: preflight(), verification: null, releaseId: null, startedAt: T0, finishedAt: null, durationMs: null, error: null, ...over,
  });
const HISTORY = [
  rollback({ id: 'rb-1', scope: 'full', fromVersions: { api: 'v1.5.0', workers: 'v1.5.0', dashboard: null }, targetVersion: 'v1.3.0', status: 'aborted', actor: 'bob', reason: 'p95 doubled after v1.5.0', startedAt: T0 - 1_800_000, finishedAt: T0 - 1_800_000 + 41_250, durationMs: 41_250, steps: steps(6, false), progress: 1, error: 'verification failed: error ratio 0.2 > 0.05' }),
  rollback({ id: 'rb-0', scope: 'workers', fromVersions: { workers: 'v1.5.0' }, status: 'succeeded', actor: 'alice', reason: 'worker memory leak in v1.5.0', startedAt: T0 - 3_600_000, finishedAt: T0 - 3_600_000 + 95_000, durationMs: 95_000, steps: steps(6, false), progress: 1, releaseId: 6 }),
];

/** The ops API behind the page: GET /deployments, /deployments/live and /rollbacks from `db`. */
function serve(db = { releases: RELEASES, live: LIVE, rollbacks: [...HISTORY] }) {
  on('GET', /^\/deployments$/, () => ({ data: { items: db.releases, nextCursor: null } }));
  on('GET', /^\/deployments\/live$/, () => ({ data: { items: db.live } }));
  on('GET', /^\/rollbacks$/, () => ({ data: { items: db.rollbacks, nextCursor: null } }));
  return db;
}

/** GET /rollbacks/:id answers `states` in turn, the next one only once the test calls `advance` (then the last one). */
function follow(id: string, states: Rollback[]) {
  let allowed = 1;
  let waiting: Array<() => void> = [];
  const served: number[] = [];
  on('GET', new RegExp(`^/rollbacks/${id}$`), async () => {
    const n = served.length;
    served.push(n);
    while (n >= allowed) await new Promise<void>((r) => waiting.push(r));
    return { data: { rollback: states[Math.min(n, states.length - 1)] } };
  });
  const advance = (by = 1) => ((allowed += by), waiting.splice(0).forEach((r) => r()));
  return { served, advance };
}

const posts = () => calls.filter((c) => c.method === 'POST' && pathOf(c) === '/rollbacks');
const bodyOf = (c: BackendSrvRequest | undefined) => c?.data as RollbackBody;
const cells = (row: Element) => [...row.querySelectorAll('td')].map((td) => td.textContent);
const versions = (component: string) => [...screen.getByTestId(`timeline-${component}`).querySelectorAll('li')];
const targetOptions = () => [...(screen.getByLabelText('Target version') as HTMLSelectElement).options].map((o) => o.value).filter(Boolean);
const button = (name: string | RegExp) => screen.getByRole('button', { name }) as HTMLButtonElement;

function renderPage() {
  const user = userEvent.setup();
  render(<BrutalistTheme><RollbackPage intervalMs={0} /></BrutalistTheme>);
  return user;
}
async function preflightFor(user: ReturnType<typeof userEvent.setup>, target: string) {
  await waitFor(() => expect(targetOptions()).toContain(target));
  await user.selectOptions(screen.getByLabelText('Target version'), target);
  await user.click(button('Preflight'));
  return screen.findByTestId('preflight');
}
async function confirmWithReason(user: ReturnType<typeof userEvent.setup>, reason: string) {
  const dialog = await screen.findByRole('dialog');
  await user.type(within(dialog).getByLabelText('Reason'), reason);
  await user.click(within(dialog).getByRole('button', { name: 'Roll back' }));
  return dialog;
}

afterEach(() => vi.restoreAllMocks());

describe('Rollback page', () => {
  test('a timeline per component: its versions newest first, the live one marked, rollback releases tagged, paused deploys shown', async () => {
    serve();
    renderPage();
    await screen.findByTestId('timeline-api');
    expect(versions('api').map((li) => li.textContent)).toEqual(['v1.5.0live', 'v1.4.0', 'v1.3.0']);
    expect(versions('workers').map((li) => li.textContent)).toEqual(['v1.4.0rollbacklive', 'v1.5.0', 'v1.4.0', 'v1.3.0']);
    expect(versions('dashboard').map((li) => li.textContent)).toEqual(['v1.3.0live']);
    // Live in the success colour, the others not.
    expect(versions('api').map((li) => getComputedStyle(li).color === rgb(COLORS.success))).toEqual([true, false, false]);
    expect(versions('workers')[0]!.title).toBe(`#6 · abc1234 · ${new Date(T0 - 3_600_000 + 95_000).toISOString()} · alice`);
    const paused = within(screen.getByTestId('timeline-workers')).getByText('deploys paused');
    expect(paused.title).toBe('rollback rb-0: automatic deploys paused until resumed');
    expect(within(screen.getByTestId('timeline-api')).queryByText('deploys paused')).toBeNull();
    expect(calls.find((c) => pathOf(c) === '/deployments')?.params).toEqual({ limit: 100 });
  });

  test('the targets offered depend on the scope and never include what is live for all of it', async () => {
    serve();
    const user = renderPage();
    await screen.findByTestId('timeline-api');
    const scopes = within(screen.getByRole('radiogroup', { name: 'Scope' })).getAllByRole('radio');
    expect(scopes.map((s) => [s.textContent, s.getAttribute('aria-checked')])).toEqual([['api', 'true'], ['workers', 'false'], ['dashboard', 'false'], ['full', 'false']]);
    expect(targetOptions()).toEqual(['v1.4.0', 'v1.3.0']);
    expect(button('Preflight').disabled).toBe(true); // no target yet
    await user.selectOptions(screen.getByLabelText('Target version'), 'v1.3.0');
    expect(button('Preflight').disabled).toBe(false);

    await user.click(screen.getByRole('radio', { name: 'workers' }));
    expect(screen.getByRole('radio', { name: 'workers' }).getAttribute('aria-checked')).toBe('true');
    expect(targetOptions()).toEqual(['v1.5.0', 'v1.3.0']);
    // A new scope drops the target picked for the old one.
    expect((screen.getByLabelText('Target version') as HTMLSelectElement).value).toBe('');
    expect(button('Preflight').disabled).toBe(true);
    await user.click(screen.getByRole('radio', { name: 'dashboard' }));
    expect(targetOptions()).toEqual([]);
    await user.click(screen.getByRole('radio', { name: 'full' }));
    expect(targetOptions()).toEqual(['v1.5.0', 'v1.4.0', 'v1.3.0']);
  });

  test('preflight: a dry run; the forward-only migrations in red, named; rolling back waits for their acknowledgement', async () => {
    serve();
    on('POST', /^\/rollbacks$/, { data: { dryRun: true, preflight: FORWARD_ONLY } });
    const user = renderPage();
    const shown = await preflightFor(user, 'v1.4.0');
    expect(posts()).toHaveLength(1);
    expect(bodyOf(posts()[0])).toEqual({ scope: 'api', targetVersion: 'v1.4.0', reason: expect.any(String), dryRun: true });
    expect(cells(shown.querySelector('tbody tr')!)).toEqual(['api', 'v1.5.0', 'v1.4.0', image('a')]);

    const warning = screen.getByTestId('forward-only');
    expect(warning.textContent).toContain('Applied after v1.4.0');
    expect(warning.textContent).toContain('012_order_notes, 013_refund_index');
    expect(COLORS.error).toBe('#FF3366');
    expect(getComputedStyle(warning).color).toBe(rgb('#FF3366'));

    const rollBack = button('Roll back api to v1.4.0');
    expect(rollBack.disabled).toBe(true);
    await user.click(within(warning).getByLabelText('I acknowledge the schema stays as it is'));
    expect(rollBack.disabled).toBe(false);
    await user.click(within(warning).getByLabelText('I acknowledge the schema stays as it is'));
    expect(rollBack.disabled).toBe(true);
    expect(posts()).toHaveLength(1); // nothing but the dry run
  });

  test('refusals are shown, every one of them, and block the rollback even once acknowledged', async () => {
    serve();
    const refusal = (name: string) => ({ code: 'incompatible_migration', message: `migration ${name} was applied after v1.4.0 and is marked incompatible with older code`, field: 'targetVersion' });
    on('POST', /^\/rollbacks$/, {
      data: { dryRun: true, preflight: preflight({ ok: false, forwardOnly: [M12, { name: '014_drop_totals', breaksOlderCode: true }, { name: '015_split_orders', breaksOlderCode: true }], needsAcknowledgement: true, refusals: [refusal('014_drop_totals'), refusal('015_split_orders')] }) },
    });
    const errors = vi.spyOn(console, 'error');
    const user = renderPage();
    await preflightFor(user, 'v1.4.0');
    expect(screen.getAllByTestId('refusal').map((r) => r.textContent)).toEqual([refusal('014_drop_totals').message, refusal('015_split_orders').message]);
    expect(getComputedStyle(screen.getAllByTestId('refusal')[0]!).color).toBe(rgb(COLORS.error));
    await user.click(screen.getByLabelText('I acknowledge the schema stays as it is'));
    expect(button('Roll back api to v1.4.0').disabled).toBe(true);
    // Two refusals share code and field: React must not be told they are one child.
    expect(errors.mock.calls.map((c) => String(c[0])).filter((m) => m.includes('same key'))).toEqual([]);
  });

  test('confirming asks a reason and sends it with the acknowledged migrations; the run is followed step by step to its verification', async () => {
    const db = serve();
    const reason = 'checkout 5xx after v1.5.0';
    const started = rollback({ id: 'rb-2', reason, preflight: FORWARD_ONLY });
    on('POST', /^\/rollbacks$/, (req) => {
      if ((req.data as RollbackBody).dryRun) return { data: { dryRun: true, preflight: FORWARD_ONLY } };
      db.rollbacks = [started, ...db.rollbacks];
      return { status: 202, data: { rollback: started } };
    });
    const measured = [
      { at: T0 + 10_000, errorRatio: 0.004, p95Seconds: 0.2123, requests: 1520, inconclusive: false, ok: true },
      { at: T0 + 20_000, errorRatio: null, p95Seconds: null, requests: 0, inconclusive: true, ok: false },
      { at: T0 + 30_000, errorRatio: 0.01, p95Seconds: 0.18, requests: 1204, inconclusive: false, ok: true },
    ];
    const run = follow('rb-2', [
      { ...started, steps: steps(2), progress: 2 / 6 },
      { ...started, status: 'verifying', steps: steps(4), progress: 4 / 6, verification: verification({ measurements: measured.slice(0, 2), failures: 1 }) },
      { ...started, status: 'succeeded', steps: steps(6, false), progress: 1, releaseId: 7, finishedAt: T0 + 65_000, durationMs: 65_000, verification: verification({ status: 'passed', measurements: measured, failures: 1 }) },
    ]);
    const user = renderPage();
    await preflightFor(user, 'v1.4.0');
    await user.click(screen.getByLabelText('I acknowledge the schema stays as it is'));
    await user.click(button('Roll back api to v1.4.0'));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('Moves api to v1.4.0');
    await confirmWithReason(user, reason);

    await waitFor(() => expect(posts()).toHaveLength(2));
    expect(bodyOf(posts()[1])).toEqual({ scope: 'api', targetVersion: 'v1.4.0', reason, acknowledgeMigrations: ['012_order_notes', '013_refund_index'] });
    expect(bodyOf(posts()[1]).dryRun).toBeUndefined();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByTestId('preflight')).toBeNull();

    // Running: the steps as they stand, the bar at a third.
    const progress = await screen.findByTestId('rollback-progress');
    await waitFor(() => expect(within(progress).getByTestId('rollback-status').textContent).toBe('running'));
    expect(within(progress).getByRole('heading').textContent).toBe('Rollback api → v1.4.0');
    const stepStates = () => [...progress.querySelectorAll('li')].map((li) => [li.querySelector('span:nth-child(2)')?.textContent, li.getAttribute('data-status')]);
    expect(stepStates()).toEqual(STEP_NAMES.map((n, i) => [n, i < 2 ? 'succeeded' : i === 2 ? 'running' : 'pending']));
    expect(progress.querySelector('li[data-status="succeeded"]')!.textContent).toContain('750 ms');
    expect(progress.querySelector('li[data-status="running"]')!.textContent).toContain(`haproxy: api -> ${image('a').slice(0, 40)}`);
    expect((within(progress).getByLabelText('progress').firstChild as HTMLElement).style.width).toBe('33%');
    expect(within(progress).queryByTestId('verification')).toBeNull();
    // The history shows the new rollback (the timeline was reloaded after the start).
    expect(within(screen.getByTestId('rollback-history')).getAllByRole('row')[1]!.textContent).toContain(reason);

    run.advance();
    await waitFor(() => expect(within(progress).getByTestId('rollback-status').textContent).toBe('verifying'), { timeout: 3000 });
    expect((within(progress).getByLabelText('progress').firstChild as HTMLElement).style.width).toBe('67%');
    expect(within(progress).getByTestId('verification').querySelectorAll('tbody tr')).toHaveLength(2);

    run.advance();
    await waitFor(() => expect(within(progress).getByTestId('rollback-status').textContent).toBe('succeeded'), { timeout: 3000 });
    expect(stepStates().map(([, s]) => s)).toEqual(Array(6).fill('succeeded'));
    const figures = within(progress).getByTestId('verification');
    expect(figures.querySelector('p')!.textContent).toBe('Verification passed: at least 10 requests, error ratio <= 0.05 and p95 <= 0.5 s over 30s; every 10 s × 3, failure limit 1, inconclusive limit 3 · request → verified in 1m 05s');
    expect([...figures.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['measured', 'error ratio', 'p95', 'requests', 'result']);
    expect([...figures.querySelectorAll('tbody tr')].map(cells)).toEqual([
      ['09:15:10', '0.40 %', '212 ms', '1,520', 'pass'],
      ['09:15:20', 'no traffic', '—', '0', 'inconclusive'],
      ['09:15:30', '1.00 %', '180 ms', '1,204', 'pass'],
    ]);

    // Finished: no more polling of it.
    run.advance(10);
    await new Promise((r) => setTimeout(r, 1500));
    expect(run.served).toHaveLength(3);
  });

  test('verification figures: the requests each measurement counted; too little traffic is inconclusive, a bad ratio or no answer a failure', async () => {
    const failed = rollback({
      id: 'rb-1', status: 'aborted', steps: steps(6, false), progress: 1, durationMs: 41_250, error: 'verification failed: 2 failures > limit 1',
      verification: verification({
        status: 'failed', failures: 3,
        measurements: [
          { at: T0 + 10_000, errorRatio: 0.2, p95Seconds: 0.31, requests: 800, inconclusive: false, ok: false },
          { at: T0 + 20_000, errorRatio: 0, p95Seconds: null, requests: 0, inconclusive: true, ok: false },
          { at: T0 + 30_000, errorRatio: null, p95Seconds: null, requests: null, inconclusive: false, ok: false }, // Prometheus did not answer: a failure
        ],
      }),
    });
    serve({ releases: RELEASES, live: LIVE, rollbacks: [failed] });
    follow('rb-1', [failed]);
    const user = renderPage();
    await user.click(await within(await screen.findByTestId('rollback-history')).findByText('checkout 5xx after v1.5.0'));
    const figures = await screen.findByTestId('verification');
    expect(figures.querySelector('p')!.textContent).toContain('Verification failed:');
    expect(figures.querySelector('p')!.textContent).toContain('request → aborted in 41.25 s');
    const rows = [...figures.querySelectorAll('tbody tr')];
    expect(rows.map(cells)).toEqual([
      ['09:15:10', '20.00 %', '310 ms', '800', 'fail'],
      ['09:15:20', '0.00 %', '—', '0', 'inconclusive'],
      ['09:15:30', 'no answer', '—', '—', 'fail'],
    ]);
    // Inconclusive counts as failed: red like a failure.
    expect(rows.map((r) => getComputedStyle(r.querySelectorAll('td')[4]!).color)).toEqual(Array(3).fill(rgb(COLORS.error)));
    expect(screen.getByTestId('rollback-progress').textContent).toContain('verification failed: 2 failures > limit 1');
  });

  test('history: when, what, the status, request → verified time, who and why', async () => {
    serve({ releases: RELEASES, live: LIVE, rollbacks: [rollback({ id: 'rb-3', startedAt: T0 }), ...HISTORY] });
    renderPage();
    const history = await screen.findByTestId('rollback-history');
    await waitFor(() => expect(history.querySelectorAll('tbody tr')).toHaveLength(3));
    expect([...history.querySelectorAll('th')].map((th) => th.textContent)).toEqual(['started', 'scope', 'from', 'to', 'status', 'request → verified', 'by', 'reason']);
    expect([...history.querySelectorAll('tbody tr')].map(cells)).toEqual([
      ['2026-11-30 09:15:00', 'api', 'api v1.5.0', 'v1.4.0', 'running', '…', 'ops-test', 'checkout 5xx after v1.5.0'],
      ['2026-11-30 08:45:00', 'full', 'api v1.5.0, workers v1.5.0, dashboard —', 'v1.3.0', 'aborted', '41.25 s', 'bob', 'p95 doubled after v1.5.0'],
      ['2026-11-30 08:15:00', 'workers', 'workers v1.5.0', 'v1.4.0', 'succeeded', '1m 35s', 'alice', 'worker memory leak in v1.5.0'],
    ]);
    expect(within(history).getByText('aborted').style.color).toBe(rgb(COLORS.error));
    expect(within(history).getByText('succeeded').style.color).toBe(rgb(COLORS.success));
  });

  test('no rollback yet is said', async () => {
    serve({ releases: RELEASES, live: LIVE, rollbacks: [] });
    renderPage();
    expect((await within(await screen.findByTestId('rollback-history')).findByText('No rollback yet.'))).toBeTruthy();
  });

  test('a preflight the API refuses (4xx) is shown with its field; nothing is offered to confirm', async () => {
    serve();
    on('POST', /^\/rollbacks$/, { status: 404, data: { error: { code: 'unknown_version', message: 'no release of version v1.3.0 is recorded', field: 'targetVersion' } } });
    const user = renderPage();
    await waitFor(() => expect(targetOptions()).toContain('v1.3.0'));
    await user.selectOptions(screen.getByLabelText('Target version'), 'v1.3.0');
    await user.click(button('Preflight'));
    expect((await screen.findByTestId('rollback-error')).textContent).toBe('404 unknown_version: no release of version v1.3.0 is recorded (field: targetVersion)');
    expect(screen.queryByTestId('preflight')).toBeNull();
    expect(screen.getByTestId('timeline-api')).toBeTruthy();
  });

  test.each([
    { status: 409, code: 'rollback_in_progress', message: 'a rollback of api is running (rb-9)', field: 'scope' },
    { status: 409, code: 'acknowledgement_required', message: 'forward-only: migrations 014_new were applied after v1.4.0 and stay; acknowledge them to proceed', field: 'acknowledgeMigrations' },
    { status: 400, code: 'invalid_request', message: 'reason: at most 500 characters', field: 'reason' },
  ])('a $status $code on confirming is shown in the dialog naming $field; the page carries on', async ({ status, code, message, field }) => {
    serve();
    on('POST', /^\/rollbacks$/, (req) => ((req.data as RollbackBody).dryRun ? { data: { dryRun: true, preflight: preflight() } } : { status, data: { error: { code, message, field } } }));
    const user = renderPage();
    await preflightFor(user, 'v1.4.0');
    expect(screen.queryByTestId('forward-only')).toBeNull();
    await user.click(button('Roll back api to v1.4.0'));
    const dialog = await confirmWithReason(user, 'checkout 5xx after v1.5.0');
    expect((await within(dialog).findByRole('alert')).textContent).toBe(`${status} ${code}: ${message} (field: ${field})`);
    expect(bodyOf(posts()[1]).acknowledgeMigrations).toBeUndefined(); // nothing to acknowledge
    expect(screen.getByRole('dialog')).toBe(dialog);
    expect(screen.queryByTestId('rollback-progress')).toBeNull();
    expect(screen.getByTestId('preflight')).toBeTruthy();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(button('Roll back api to v1.4.0').disabled).toBe(false);
  });

  test('a viewer sees the timelines, the history and a rollback\'s progress, but cannot preflight, and is told why', async () => {
    setOperator(false);
    serve();
    follow('rb-0', [HISTORY[1]!]);
    const user = renderPage();
    await waitFor(() => expect(screen.getByTestId('rollback-history').querySelectorAll('tbody tr')).toHaveLength(2));
    expect(versions('api').map((li) => li.textContent)).toEqual(['v1.5.0live', 'v1.4.0', 'v1.3.0']);
    await user.selectOptions(screen.getByLabelText('Target version'), 'v1.4.0');
    const preflightButton = button('Preflight');
    expect(preflightButton.disabled).toBe(true);
    const why = screen.getByTestId('disabled-reason');
    expect(why.textContent).toContain('operator role');
    expect(preflightButton.getAttribute('aria-describedby')).toBe(why.id);
    await user.click(within(screen.getByTestId('rollback-history')).getByText('worker memory leak in v1.5.0'));
    const progress = await screen.findByTestId('rollback-progress');
    await waitFor(() => expect(within(progress).getByTestId('rollback-status').textContent).toBe('succeeded'));
    expect(posts()).toHaveLength(0);
  });
});
