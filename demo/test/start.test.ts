// `npm start` end to end: the real entry point as a child process, on its own key prefix and
// data dir: it prints URLs and a token (also into start.txt), serves runs and DLQ entries within
// a minute, keeps the demo's planned failures out of the info log (a progress line sums them up,
// so the output stays short), plays the rollback story (v2 behind haproxy alerts, the api rolled
// back to v1 is verified, the alert resolves), and stops gracefully on Ctrl-C (SIGINT); started again on the same
// prefix it says it resumes (with LOG_LEVEL=debug every failure shows), with --fresh it starts clean.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { dropPrefix, freePort, waitFor } from '@trafi-ops/devstack';
import { REDIS_URL, redisFor, uniquePrefix } from './helpers.ts';

/** Start-up (tsx, PGlite, Prometheus) takes ~15 s alone and over 40 s on a busy machine. */
const BANNER_WITHIN_MS = 90_000;
/** The rollback story: four release instances, an alert with `for: 1m`, a verified rollback, the alert resolved. */
const STORY_WITHIN_MS = 480_000;
const root = fileURLToPath(new URL('..', import.meta.url)); // demo/
const redis = redisFor();
const prefix = uniquePrefix();
let dataDir = '';
afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/** `npm start` as a child process on the test's prefix and data dir; `out` is all it printed. */
function start(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts', ...args], {
    cwd: root,
    env: { ...process.env, REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dataDir, API_PORT: '0', METRICS_PORT: '0', DEMO_PORT: '0', ALERTMANAGER_URL: '', LOG_LEVEL: 'info', OPS_API_TOKENS: '', DATABASE_URL: '', TRAFI_FRESH: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run = { child, out: '', exited: new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code))) };
  child.stdout.on('data', (d) => (run.out += d));
  child.stderr.on('data', (d) => (run.out += d));
  return run;
}

/** Stops a run gracefully; SIGKILL when that takes over 10 s (after a failure). */
async function stop(run: ReturnType<typeof start>) {
  if (run.child.exitCode !== null) return;
  run.child.kill('SIGINT');
  await Promise.race([run.exited, new Promise((r) => setTimeout(r, 10_000))]);
  run.child.kill('SIGKILL');
}

test('npm start: banner, live demo data, the rollback story, graceful Ctrl-C', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trafi-start-'));
  const promPort = await freePort();
  const amPort = await freePort();
  // Two analysis measurements 5 s apart keep the rollback short; the window stays 30 s (two scrapes).
  const run = start({ PROMETHEUS_LISTEN: `127.0.0.1:${promPort}`, ALERTMANAGER_LISTEN: `127.0.0.1:${amPort}`, BANNER_REPEAT_MS: '2000', PROGRESS_INTERVAL_MS: '3000', ROLLBACK_COUNT: '2', ROLLBACK_INTERVAL_SECONDS: '5' });
  const { child, exited } = run;
  try {
    await waitFor('the banner', () => run.out.includes('Ctrl-C stops gracefully'), BANNER_WITHIN_MS);
    const bannerAt = Date.now();
    const out = run.out;
    expect(out, 'a fresh prefix: nothing to resume').not.toContain('resuming');
    const api = /ops API\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out)![1]!;
    const token = /token\s+operator@operator: (\S+)/.exec(out)![1]!;
    expect(out).toContain(`embedded PGlite in ${dataDir}/pglite`);
    // The essentials stay findable: in start.txt, and repeated in one line.
    const saved = readFileSync(join(dataDir, 'start.txt'), 'utf8');
    expect(saved).toContain(`operator@operator: ${token}`);
    expect(saved).toContain(`${api}/api/v1`);
    await waitFor('the one-line reminder', () => run.out.includes(`[trafi-ops] ops API ${api}/api/v1, token operator@operator: ${token}`), 5000);
    const get = async (path: string) => (await fetch(api + path, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    // Runs, retries and DLQ entries within a minute.
    await waitFor('a DLQ entry', async () => (await get('/api/v1/dlq?limit=1')).items.length > 0, 60_000, 500);
    await waitFor('a completed run', async () => (await get('/api/v1/runs?state=completed&limit=1')).items.length > 0, 30_000, 500);
    await waitFor('a retried run', async () => (await get('/api/v1/runs?limit=200')).items.some((r: any) => r.attemptsMade > 1), 60_000, 500);
    // The demo's planned failures are not in the info log: the progress line counts them.
    expect(run.out).not.toContain('"job attempt failed"');
    expect(run.out).not.toMatch(/"stack"|\\n\s+at /);
    await waitFor('a progress line with retries and dead letters', () => /^demo: last \d+s \d+ jobs completed, [1-9]\d* retried, \d+ dead-lettered, DLQ [1-9]\d*; storefront [1-9][\d,]* requests, \d+% 5xx$/m.test(run.out), 30_000, 250);
    const metricsUrl = /metrics\s+(http:\S+)/.exec(out)![1]!;
    // The scrape snapshot may be up to METRICS_CACHE_MS behind the API.
    const metrics = await waitFor('a DLQ series in the scrape', async () => {
      const text = await (await fetch(metricsUrl)).text();
      return /^trafi_queue_dlq_jobs\{queue="[\w.-]+"\} [1-9]/m.test(text) && text;
    }, 10_000, 250);
    expect(metrics).toMatch(/^trafi_jobs_processed_total\{queue="emails",job_type="email.send",outcome="completed"\} [1-9]/m);
    expect(metrics).toMatch(/^trafi_dependency_up\{dependency="redis"\} 1$/m);
    expect(metrics).toMatch(/^trafi_dependency_up\{dependency="pglite"\} 1$/m);
    expect(metrics).toMatch(/^trafi_worker_last_seen_timestamp_seconds\{queue="emails",worker="[^"]+"\} \d/m);
    expect(metrics).toMatch(/^trafi_http_requests_total\{service="ops-api",route="\/api\/v1\/dlq",method="GET",code="200",tenant="none"\} [1-9]/m);
    await waitFor('page views in the scrape', async () => /^trafi_events_received_total\{store="acme-store-1",event_type="page_view"\} [1-9]/m.test(await (await fetch(metricsUrl)).text()), 10_000, 300);
    const scraped = await (await fetch(metricsUrl)).text();
    expect(scraped).toMatch(/^trafi_http_requests_total\{service="storefront",route="\/api\/stores\/:storeId\/products",method="GET",code="200",tenant="acme"\} [1-9]/m);
    expect(scraped).toMatch(/^trafi_db_query_duration_seconds_count\{tenant="acme",operation="products.list"\} [1-9]/m);
    const flow = await get('/api/v1/event-flow/stores/acme-store-1');
    expect(flow.types.map((t: any) => t.eventType)).toContain('page_view');
    // Prometheus, started because the binary is on PATH, scrapes the stack.
    expect(out).toContain(`Prometheus  http://127.0.0.1:${promPort} (rules from alert-rules/rules/)`);
    await waitFor('Prometheus to scrape the stack', async () => {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=up{job="trafi-exporters"}`).catch(() => undefined);
      return r?.ok && ((await r.json()) as any).data.result[0]?.value[1] === '1';
    }, 40_000, 500);
    // Alertmanager too: Prometheus sends to it, the ops API reads active alerts from it.
    expect(out).toContain(`Alertmanager http://127.0.0.1:${amPort} (alert-rules/alertmanager.yml; active alerts at ${api}/api/v1/alerts)`);
    const alerts = await waitFor('the ops API to read alerts', async () => {
      const r = await fetch(`${api}/api/v1/alerts`, { headers: { authorization: `Bearer ${token}` } });
      return r.status === 200 && ((await r.json()) as any);
    }, 20_000, 300);
    expect(alerts.source).toBe(`http://127.0.0.1:${amPort}`);
    await waitFor('Prometheus to know the Alertmanager', async () => {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/alertmanagers`).catch(() => undefined);
      return r?.ok && ((await r.json()) as any).data.activeAlertmanagers.length === 1;
    }, 20_000, 500);
    // The rollback story, as haproxy is on PATH: v1 then v2 go live behind haproxy, shoppers go
    // through it, v2's failing checkouts fire TrafiReleaseHighErrorRate (shipped rules, real
    // Prometheus, Alertmanager, the ops API's alerts), the api rolled back to v1 is verified,
    // and the alert resolves.
    const alertsOf = async (q: string) => {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=${encodeURIComponent(q)}`);
      return ((await r.json()) as any).data.result as unknown[];
    };
    const story = { start: Date.now() } as Record<string, number>;
    const haproxyUrl = (await waitFor('the rollback demo with v2 live', () => /^rollback demo: (http:\/\/\S+) \(haproxy: storefront v2 live/m.exec(run.out) ?? false, 150_000, 250))[1]!;
    story.v2Live = Date.now();
    expect((await fetch(`${haproxyUrl}/api/stores/acme-store-1/products`)).headers.get('x-trafi-release')).toBe('v2');
    await waitFor('TrafiReleaseHighErrorRate firing for v2', async () => (await alertsOf('ALERTS{alertname="TrafiReleaseHighErrorRate",release="v2",alertstate="firing"}')).length === 1, 240_000, 1000);
    story.firing = Date.now();
    const shown = await waitFor('the ops API to show the alert', async () => (await get('/api/v1/alerts')).alerts.find((a: any) => a.name === 'TrafiReleaseHighErrorRate'), 60_000, 500);
    expect(shown.summary).toMatch(/^storefront release v2: \d+(\.\d+)?% of requests fail$/);
    const posted = await fetch(`${api}/api/v1/rollbacks`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ scope: 'api', targetVersion: 'v1', reason: 'v2 checkouts fail: TrafiReleaseHighErrorRate', acknowledgeMigrations: ['003_orders_index'] }) });
    const answer = (await posted.json()) as any;
    expect(posted.status, JSON.stringify(answer)).toBe(202); // without the acknowledgement: 409 acknowledgement_required (v2 added a migration)
    const id = answer.rollback.id;
    const rolledBack = await waitFor('the rollback to be verified', async () => {
      const r = (await get(`/api/v1/rollbacks/${id}`)).rollback;
      return r.status !== 'running' && r.status !== 'verifying' && r;
    }, 180_000, 1000);
    story.verified = Date.now();
    expect(rolledBack.status, `${rolledBack.error}: ${JSON.stringify(rolledBack.verification)}`).toBe('succeeded');
    expect(rolledBack.verification.status).toBe('passed');
    const conclusive = rolledBack.verification.measurements.filter((m: any) => !m.inconclusive);
    expect(conclusive).toHaveLength(2);
    for (const m of conclusive) expect(m.requests).toBeGreaterThanOrEqual(10);
    expect((await fetch(`${haproxyUrl}/api/stores/acme-store-1/products`)).headers.get('x-trafi-release')).toBe('v1');
    await waitFor('the alert to resolve in Prometheus', async () => (await alertsOf('ALERTS{alertname="TrafiReleaseHighErrorRate",release="v2"}')).length === 0, 90_000, 1000);
    await waitFor('the alert to leave the ops API', async () => !(await get('/api/v1/alerts')).alerts.some((a: any) => a.name === 'TrafiReleaseHighErrorRate'), 60_000, 500);
    story.resolved = Date.now();
    console.log(`npm start rollback story: v2 live ${story.v2Live! - story.start!} ms after the checks above, alert firing ${story.firing! - story.v2Live!} ms later, rollback request -> verified ${rolledBack.durationMs} ms, alert resolved ${story.resolved! - story.verified!} ms after verified`);

    // Beyond the banner the output stays short: the reminder and progress lines (2 s and 3 s
    // here), and hardly anything else per minute.
    const minutes = (Date.now() - bannerAt) / 60_000;
    const after = run.out.slice(run.out.indexOf('Ctrl-C stops gracefully')).split('\n').slice(1).filter(Boolean);
    const other = after.filter((l) => !l.startsWith('[trafi-ops] ops API ') && !l.startsWith('demo: last '));
    expect(other.length / minutes, `other lines:\n${other.join('\n')}`).toBeLessThan(10);
    expect(after.filter((l) => l.startsWith('demo: last ')).length).toBeGreaterThanOrEqual(Math.floor(minutes * 20 * 0.7) - 1);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await waitFor('Prometheus to stop', async () => (await fetch(`http://127.0.0.1:${promPort}/-/ready`).catch(() => 'gone')) === 'gone', 10_000);
    await waitFor('Alertmanager to stop', async () => (await fetch(`http://127.0.0.1:${amPort}/-/ready`).catch(() => 'gone')) === 'gone', 10_000);
    expect(run.out).toContain('shutting down: finishing active jobs');
    expect(run.out).toContain('"msg":"stopped"');
  } finally {
    // On a failure above: stop gracefully first, so the stack also stops the Prometheus it started.
    await stop(run);
  }
}, 120_000 + STORY_WITHIN_MS + BANNER_WITHIN_MS);

test('npm start on an earlier run\'s keys says it resumes; --fresh deletes our keys only', async () => {
  const bare = { PROMETHEUS: 'off', ALERTMANAGER: 'off' };
  const neighbour = `${prefix}-neighbour:key`; // another prefix that starts like ours
  await redis.set(neighbour, 'kept');
  const again = start({ ...bare, LOG_LEVEL: 'debug' });
  try {
    await waitFor('the banner', () => again.out.includes('Ctrl-C stops gracefully'), BANNER_WITHIN_MS);
    expect(again.out).toMatch(/resuming: [1-9]\d* runs, [1-9]\d* DLQ entries from an earlier run \(start clean: npm start -- --fresh\)/);
    // LOG_LEVEL=debug shows each planned failure, with its stack.
    await waitFor('a planned failure at debug', () => /^\{"level":20,.*"err":\{.*"stack":.*"msg":"job attempt failed"/m.test(again.out), 20_000, 250);
  } finally {
    await stop(again);
  }
  const fresh = start(bare, ['--fresh']);
  try {
    await waitFor('the banner', () => fresh.out.includes('Ctrl-C stops gracefully'), BANNER_WITHIN_MS);
    expect(fresh.out).toMatch(/fresh {7}deleted [1-9]\d* keys of an earlier run \(--fresh\)/);
    expect(fresh.out).not.toContain('resuming');
    expect(await redis.get(neighbour)).toBe('kept');
  } finally {
    await stop(fresh);
    await redis.del(neighbour);
  }
}, 60_000 + 2 * BANNER_WITHIN_MS);
