// Rollback end to end on the local driver: storefront release instances behind a real haproxy,
// worker instances on real Redis, Prometheus scraping them, Alertmanager delivering to a local
// receiver, the ops API with its release registry on PostgreSQL.
//   1. API scope v2 -> v1 under ~200 req/s through haproxy: 0 failed requests, the served version
//      header changes, audited; a second rollback meanwhile is a 409; deploys stay paused.
//   2. Rolling back to a bad version (v2, checkout failing half the time): the analysis fails,
//      the rollback aborts back to v3, the alert reaches the receiver.
//   3. A full rollback with jobs running: 0 failed requests, every job completed exactly once.
//   4. Preflight: forward-only warning and acknowledgement, dry run, incompatible migration,
//      missing artifact, bad input naming the field, roles.
import { createRequire } from 'node:module';
import { readlink } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { sleep, waitFor } from '@trafi-ops/devstack';
import { DEPLOYER, VIEWER, settled, startRollbackStack, type RollbackStack } from './rollback-stack.ts';

const require = createRequire(import.meta.url);
interface LoadResult { errors: number; timeouts: number; non2xx: number; resets: number; requests: { total: number; average: number }; latency: { p99: number } }
const autocannon = require('autocannon') as (opts: object) => { stop(): void; on(e: 'done', f: (r: LoadResult) => void): void };

let stack: RollbackStack;
const MIGRATIONS = { m3: { name: '003_orders_index' }, m4: { name: '004_customer_notes' } };

/** ~200 req/s over 10 keep-alive connections through haproxy until stopped; counts the served versions. */
function load(path = '/api/stores/acme-store-1/products') {
  const versions = new Map<string, number>();
  let last = '';
  const instance = autocannon({
    url: `${stack.haproxy.url}${path}`, connections: 10, overallRate: 200, duration: 300,
    requests: [{ method: 'GET', onResponse: (status: number, _b: string, _c: unknown, headers: Record<string, string>) => {
      last = headers['x-trafi-release'] ?? 'none';
      const key = status === 200 ? last : `${last} ${status}`;
      versions.set(key, (versions.get(key) ?? 0) + 1);
    } }],
  });
  const done = new Promise<LoadResult>((r) => instance.on('done', r));
  return { versions, last: () => last, stop: () => (instance.stop(), done) };
}

const served = async () => (await fetch(`${stack.haproxy.url}/healthz`)).headers.get('x-trafi-release');

beforeAll(async () => {
  stack = await startRollbackStack([
    { version: 'v1', checkoutFailureRate: 0 },
    { version: 'v2', checkoutFailureRate: 0.5 },
    { version: 'v3', checkoutFailureRate: 0 },
  ]);
  await stack.deploy('v1');
  await stack.deploy('v2', [MIGRATIONS.m3]);
}, 120_000);

afterAll(async () => {
  await stack?.stop();
}, 60_000);

describe('rollback on the local driver', () => {
  test('API scope v2 -> v1 under load: 0 failed requests, the version header changes, audited, 409 meanwhile, deploys paused', async () => {
    expect(await served()).toBe('v2');
    const traffic = load();
    await sleep(1000);
    const body = { scope: 'api', targetVersion: 'v1', reason: 'v2 checkout errors (incident 42)' };
    // Forward-only: 003 was applied after v1 and stays.
    const unacked = await stack.call('POST', '/rollbacks', body);
    expect(unacked.status).toBe(409);
    expect(unacked.body.error).toMatchObject({ code: 'acknowledgement_required', field: 'acknowledgeMigrations' });
    expect(unacked.body.error.message).toContain('003_orders_index');

    const started = await stack.call('POST', '/rollbacks', { ...body, acknowledgeMigrations: ['003_orders_index'] });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const second = await stack.call('POST', '/rollbacks', { ...body, acknowledgeMigrations: true });
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: 'rollback_in_progress', field: 'scope' });

    const final = await settled(stack, started.body.rollback.id);
    await sleep(1000);
    const result = await traffic.stop();
    expect(final.status, JSON.stringify(final, null, 1)).toBe('succeeded');
    expect(final.verification.status).toBe('passed');
    expect(final.verification.measurements.filter((m: { inconclusive: boolean }) => !m.inconclusive)).toHaveLength(3); // inconclusive ones (before the first scrapes) do not count
    expect(final.steps.every((s: { status: string }) => ['succeeded', 'skipped'].includes(s.status))).toBe(true);
    expect(final.progress).toBe(1);
    console.log(`api rollback: ${final.durationMs} ms from request to verified; load ${result.requests.total} requests (${result.requests.average}/s), errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}, p99 ${result.latency.p99} ms, versions ${JSON.stringify(Object.fromEntries(traffic.versions))}`);
    expect(result.requests.total).toBeGreaterThan(1000);
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, resets: result.resets }).toEqual({ errors: 0, timeouts: 0, non2xx: 0, resets: 0 });
    expect(traffic.versions.get('v2')).toBeGreaterThan(0);
    expect(traffic.versions.get('v1')).toBeGreaterThan(0);
    expect(traffic.last()).toBe('v1');
    expect(await served()).toBe('v1');
    expect(stack.driver.instances('api').map((i) => i.version)).toEqual(['v1']);

    // History moves forward: the rollback is a new release of v1, live for the api only.
    const { body: page } = await stack.call('GET', '/deployments?scope=api');
    expect(page.items[0]).toMatchObject({ version: 'v1', rollbackId: final.id, live: ['api'] });
    expect(page.items.map((r: { version: string }) => r.version)).toEqual(['v1', 'v2', 'v1']);
    const { body: live } = await stack.call('GET', '/deployments/live');
    expect(live.items.find((l: { component: string }) => l.component === 'api')).toMatchObject({ version: 'v1', paused: true });
    expect(live.items.find((l: { component: string }) => l.component === 'workers')).toMatchObject({ version: 'v2', paused: false });
    const blocked = await stack.call('POST', '/deployments', { version: 'v2b', components: { api: { directory: stack.releases.v2!.api } }, commit: 'abcdef1' }, DEPLOYER);
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatchObject({ code: 'deploys_paused', field: 'components.api' });

    // Audited with who and why: the rollback's row and one per step.
    const { body: audit } = await stack.call('GET', '/audit?limit=100');
    // (the refused second rollback has its own row, failed)
    const start = audit.items.find((a: { action: string; details: { rollback: string } }) => a.action === 'rollback.start' && a.details.rollback === final.id);
    expect(start).toMatchObject({ user: 'alice', reason: body.reason, outcome: 'succeeded', target: 'api -> v1' });
    expect(start.result).toMatch(/^verified in \d+ ms/);
    const steps = audit.items.filter((a: { action: string; target: string }) => a.action === 'rollback.step' && a.target.startsWith(final.id));
    expect(steps.map((s: { target: string }) => s.target.slice(final.id.length + 1)).sort()).toEqual(
      ['pause deploys', 'api.start', 'api.ready', 'api.switch', 'api.retire', 'verify readiness', 'verify analysis', 'record release'].sort(),
    );
    expect(steps.every((s: { user: string; reason: string; outcome: string }) => s.user === 'alice' && s.reason === body.reason && s.outcome === 'succeeded')).toBe(true);
  }, 150_000);

  test('a failed verification aborts back to the live version and alerts', async () => {
    expect((await stack.call('POST', '/deployments/resume', { scope: 'api', reason: 'v1 verified, deploys may go on' })).status).toBe(200);
    await stack.deploy('v3', [MIGRATIONS.m3, MIGRATIONS.m4]);
    expect(await served()).toBe('v3');
    // Checkout traffic: v2 fails half of it.
    let running = true;
    const statuses = new Map<string, number>();
    const shopper = (async () => {
      while (running) {
        const res = await fetch(`${stack.haproxy.url}/api/stores/acme-store-1/checkout`, { method: 'POST' }).catch(() => undefined);
        const key = `${res?.headers.get('x-trafi-release')} ${res?.status ?? 'error'}`;
        statuses.set(key, (statuses.get(key) ?? 0) + 1);
        await sleep(10);
      }
    })();
    const started = await stack.call('POST', '/rollbacks', { scope: 'api', targetVersion: 'v2', reason: 'testing a bad target', acknowledgeMigrations: true });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const final = await settled(stack, started.body.rollback.id);
    running = false;
    await shopper;
    expect(final.status, JSON.stringify(final, null, 1)).toBe('aborted');
    expect(final.verification.status).toBe('failed');
    expect(final.verification.measurements.some((m: { errorRatio: number | null }) => (m.errorRatio ?? 0) > 0.05)).toBe(true);
    expect(final.error).toBe('verification failed');
    expect(final.steps.find((s: { name: string }) => s.name === 'abort api to v3')).toMatchObject({ status: 'succeeded' });
    expect(final.releaseId).toBeNull();
    console.log(`aborted rollback: ${final.durationMs} ms; measurements ${JSON.stringify(final.verification.measurements)}; checkouts ${JSON.stringify(Object.fromEntries(statuses))}`);
    expect(await served()).toBe('v3');
    const { body: live } = await stack.call('GET', '/deployments/live');
    expect(live.items.find((l: { component: string }) => l.component === 'api')).toMatchObject({ version: 'v3' });

    const alert = await waitFor('the rollback alert at the receiver', () =>
      stack.receiver.received.find((r) => r.path === '/rollback-alert' && r.body.alerts?.some((a: { labels: Record<string, string> }) => a.labels.alertname === 'RollbackVerificationFailed')), 30_000, 100);
    expect(alert.body.status).toBe('firing');
    expect(alert.body.alerts[0].labels).toMatchObject({ severity: 'critical', scope: 'api', target_version: 'v2' });
    expect(alert.body.alerts[0].annotations.description).toContain('api v3');
    const { body: audit } = await stack.call('GET', '/audit?limit=100');
    expect(audit.items.find((a: { action: string; details: { rollback: string } }) => a.action === 'rollback.start' && a.details.rollback === final.id)).toMatchObject({ outcome: 'failed' });
  }, 150_000);

  test('a full rollback with jobs running: 0 failed requests, every job completed exactly once', async () => {
    const traffic = load();
    const enqueued: { queue: string; id: string }[] = [];
    let producing = true;
    const producer = (async () => {
      while (producing) {
        const context = { tenantId: 'acme', storeId: 'acme-store-1', actor: 'test', requestId: `r-${enqueued.length}` };
        enqueued.push(await stack.jobs.enqueue('email.send', { to: 'orders@acme.example', template: 'order-confirmation' }, context));
        await sleep(40);
      }
    })();
    await sleep(500);
    const started = await stack.call('POST', '/rollbacks', { scope: 'full', targetVersion: 'v1', reason: 'back to the last good release', acknowledgeMigrations: true });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const final = await settled(stack, started.body.rollback.id);
    producing = false;
    await producer;
    const result = await traffic.stop();
    expect(final.status, JSON.stringify(final, null, 1)).toBe('succeeded');
    console.log(`full rollback: ${final.durationMs} ms; load ${result.requests.total} requests, errors ${result.errors}, non-2xx ${result.non2xx}; ${enqueued.length} jobs; versions ${JSON.stringify(Object.fromEntries(traffic.versions))}; steps ${final.steps.map((s: { name: string; startedAt: number; finishedAt: number }) => `${s.name} ${s.startedAt - final.startedAt}..${s.finishedAt - final.startedAt}`).join(', ')}`);
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx }).toEqual({ errors: 0, timeouts: 0, non2xx: 0 });
    expect(stack.driver.instances('workers').map((i) => i.version)).toEqual(['v1']);
    expect(await readlink(stack.dashboardLink)).toBe(stack.releases.v1!.dashboard);
    expect(await served()).toBe('v1');

    // Every job ran once: completed, one attempt, its two log lines once.
    const runs = await waitFor('every job to complete', async () => {
      const all = await Promise.all(enqueued.map((r) => stack.runs.get(r.queue, r.id)));
      return all.every((r) => r?.state === 'completed') ? all : undefined;
    }, 60_000, 250);
    expect(runs.length).toBeGreaterThan(20);
    expect(runs.filter((r) => r!.attempts.length !== 1)).toEqual([]);
    const logs = await Promise.all(enqueued.map((r) => stack.runs.logs(r.queue, r.id)));
    expect(logs.filter((l) => l.count !== 2)).toEqual([]);
  }, 150_000);

  test('preflight: forward-only warning, acknowledgement, dry run, refusals, bad input naming the field, roles', async () => {
    const dry = (body: object) => stack.call('POST', '/rollbacks', { reason: 'checking the plan', dryRun: true, ...body });
    const warned = await dry({ scope: 'api', targetVersion: 'v2' });
    expect(warned.status).toBe(200);
    expect(warned.body.preflight).toMatchObject({ ok: false, needsAcknowledgement: true, forwardOnly: [{ name: '004_customer_notes', breaksOlderCode: false }], refusals: [] });
    expect(warned.body.preflight.plan).toEqual([{ component: 'api', from: 'v1', to: 'v2', artifact: { directory: stack.releases.v2!.api } }]);
    const acked = await dry({ scope: 'api', targetVersion: 'v2', acknowledgeMigrations: ['004_customer_notes'] });
    expect(acked.body.preflight).toMatchObject({ ok: true, needsAcknowledgement: false });
    expect((await dry({ scope: 'api', targetVersion: 'v3' })).body.preflight).toMatchObject({ ok: true, forwardOnly: [] });
    // A dry run moves nothing.
    expect(await served()).toBe('v1');

    await stack.call('POST', '/deployments/resume', { scope: 'full', reason: 'preflight checks next' });
    const all = [MIGRATIONS.m3, MIGRATIONS.m4, { name: '005_drop_legacy_column', breaksOlderCode: true }];
    expect((await stack.call('POST', '/deployments', { version: 'v4', components: { dashboard: { directory: stack.releases.v3!.dashboard } }, commit: 'abcdef4', migrations: all }, DEPLOYER)).status).toBe(201);
    const refused = await stack.call('POST', '/rollbacks', { scope: 'api', targetVersion: 'v3', reason: 'would break', acknowledgeMigrations: true });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'incompatible_migration', field: 'targetVersion' });
    expect(refused.body.error.message).toContain('005_drop_legacy_column');

    await stack.call('POST', '/deployments', { version: 'v5', components: { dashboard: { directory: `${stack.dir}/missing` } }, commit: 'abcdef5', migrations: all }, DEPLOYER);
    await stack.call('POST', '/deployments', { version: 'v6', components: { dashboard: { directory: stack.releases.v1!.dashboard } }, commit: 'abcdef6', migrations: all }, DEPLOYER);
    const missing = await stack.call('POST', '/rollbacks', { scope: 'dashboard', targetVersion: 'v5', reason: 'artifact gone' });
    expect(missing.status).toBe(409);
    expect(missing.body.error).toMatchObject({ code: 'artifact_missing', field: 'components.dashboard' });

    const bad: [object, number, string][] = [
      [{ scope: 'api', targetVersion: 'v9', reason: 'no such version' }, 404, 'targetVersion'],
      [{ scope: 'api', targetVersion: 'v1', reason: 'already live' }, 409, 'targetVersion'],
      [{ scope: 'database', targetVersion: 'v1', reason: 'unknown scope' }, 400, 'scope'],
      [{ scope: 'api', targetVersion: 'v2' }, 400, 'reason'],
      [{ scope: 'api', targetVersion: 'v2', reason: 'x' }, 400, 'reason'],
      [{ scope: 'api', targetVersion: 'v 2', reason: 'bad version' }, 400, 'targetVersion'],
      [{ scope: 'api', targetVersion: 'v2', reason: 'typed', dryRun: 'yes' }, 400, 'dryRun'],
      [{ scope: 'api', targetVersion: 'v2', reason: 'extra', force: true }, 400, 'force'],
    ];
    for (const [body, status, field] of bad) {
      const res = await stack.call('POST', '/rollbacks', body);
      expect([res.status, res.body.error?.field], JSON.stringify(body)).toEqual([status, field]);
    }
    const badDeploy = await stack.call('POST', '/deployments', { version: 'v7', components: { api: { image: 'registry/api:latest' } }, commit: 'abcdef7' }, DEPLOYER);
    expect([badDeploy.status, badDeploy.body.error.field]).toEqual([400, 'components.api.image']);

    // Viewers see, operators roll back, only CI's deployer records releases.
    expect((await stack.call('GET', '/rollbacks', undefined, VIEWER)).status).toBe(200);
    expect((await stack.call('POST', '/rollbacks', { scope: 'api', targetVersion: 'v2', reason: 'viewer tries', dryRun: true }, VIEWER)).status).toBe(403);
    expect((await stack.call('POST', '/deployments', { version: 'v8', components: { dashboard: { directory: stack.releases.v1!.dashboard } }, commit: 'abcdef8' })).status).toBe(403);
    expect((await stack.call('POST', '/rollbacks', { scope: 'api', targetVersion: 'v2', reason: 'deployer tries', dryRun: true }, DEPLOYER)).status).toBe(403);
    const { body: list } = await stack.call('GET', '/rollbacks?limit=2');
    expect(list.items).toHaveLength(2);
    expect(list.nextCursor).not.toBeNull();
    const { body: rest } = await stack.call('GET', `/rollbacks?limit=2&cursor=${list.nextCursor}`);
    expect(rest.items.map((r: { id: string }) => r.id)).not.toContain(list.items[0].id);
  }, 60_000);
});
