// `npm start` end to end: the real entry point as a child process, on its own key
// prefix and data dir: it prints URLs and a token, serves runs and DLQ entries
// within a minute, and stops gracefully on Ctrl-C (SIGINT).
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, expect, test } from 'vitest';
import { REDIS_URL, dropPrefix, redisFor, uniquePrefix, waitFor, freePort } from './helpers.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const redis = redisFor();
const prefix = uniquePrefix();
let dataDir = '';
afterAll(async () => {
  await dropPrefix(redis, prefix);
  redis.disconnect();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

test('npm start: banner, live demo data, graceful Ctrl-C', async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trafi-start-'));
  const promPort = await freePort();
  const amPort = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { ...process.env, REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dataDir, API_PORT: '0', METRICS_PORT: '0', DEMO_PORT: '0', PROMETHEUS_LISTEN: `127.0.0.1:${promPort}`, ALERTMANAGER_LISTEN: `127.0.0.1:${amPort}`, ALERTMANAGER_URL: '', LOG_LEVEL: 'info', OPS_API_TOKENS: '', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    await waitFor(() => out.includes('Ctrl-C stops gracefully'), 30_000);
    const api = /ops API\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/v1/.exec(out)![1]!;
    const token = /token\s+operator@operator: (\S+)/.exec(out)![1]!;
    expect(out).toContain(`embedded PGlite in ${dataDir}/pglite`);
    const get = async (path: string) => (await fetch(api + path, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;
    expect((await fetch(`${api}/readyz`)).status).toBe(200);
    // Runs, retries and DLQ entries within a minute.
    await waitFor(async () => (await get('/api/v1/dlq?limit=1')).items.length > 0, 60_000, 500);
    await waitFor(async () => (await get('/api/v1/runs?state=completed&limit=1')).items.length > 0, 30_000, 500);
    await waitFor(async () => (await get('/api/v1/runs?limit=200')).items.some((r: any) => r.attemptsMade > 1), 60_000, 500);
    const metricsUrl = /metrics\s+(http:\S+)/.exec(out)![1]!;
    // The scrape snapshot may be up to METRICS_CACHE_MS behind the API.
    const metrics = await waitFor(async () => {
      const text = await (await fetch(metricsUrl)).text();
      return /^trafi_queue_dlq_jobs\{queue="[\w.-]+"\} [1-9]/m.test(text) && text;
    }, 10_000, 250);
    expect(metrics).toMatch(/^trafi_jobs_processed_total\{queue="emails",job_type="email.send",outcome="completed"\} [1-9]/m);
    expect(metrics).toMatch(/^trafi_dependency_up\{dependency="redis"\} 1$/m);
    expect(metrics).toMatch(/^trafi_dependency_up\{dependency="pglite"\} 1$/m);
    expect(metrics).toMatch(/^trafi_worker_last_seen_timestamp_seconds\{queue="emails",worker="[^"]+"\} \d/m);
    expect(metrics).toMatch(/^trafi_http_requests_total\{service="ops-api",route="\/api\/v1\/dlq\/",method="GET",code="200",tenant="none"\} [1-9]/m);
    await waitFor(async () => /^trafi_events_received_total\{store="acme-store-1",event_type="page_view"\} [1-9]/m.test(await (await fetch(metricsUrl)).text()), 10_000, 300);
    const scraped = await (await fetch(metricsUrl)).text();
    expect(scraped).toMatch(/^trafi_http_requests_total\{service="storefront",route="\/api\/stores\/:storeId\/products",method="GET",code="200",tenant="acme"\} [1-9]/m);
    expect(scraped).toMatch(/^trafi_db_query_duration_seconds_count\{tenant="acme",operation="products.list"\} [1-9]/m);
    const flow = await get('/api/v1/event-flow/stores/acme-store-1');
    expect(flow.types.map((t: any) => t.eventType)).toContain('page_view');
    // Prometheus, started because the binary is on PATH, scrapes the stack.
    expect(out).toContain(`Prometheus  http://127.0.0.1:${promPort} (rules from alert-rules/rules/)`);
    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/query?query=up{job="trafi-exporters"}`).catch(() => undefined);
      return r?.ok && ((await r.json()) as any).data.result[0]?.value[1] === '1';
    }, 40_000, 500);
    // Alertmanager too: Prometheus sends to it, the ops API reads active alerts from it.
    expect(out).toContain(`Alertmanager http://127.0.0.1:${amPort} (alert-rules/alertmanager.yml; active alerts at ${api}/api/v1/alerts)`);
    const alerts = await waitFor(async () => {
      const r = await fetch(`${api}/api/v1/alerts`, { headers: { authorization: `Bearer ${token}` } });
      return r.status === 200 && ((await r.json()) as any);
    }, 20_000, 300);
    expect(alerts.source).toBe(`http://127.0.0.1:${amPort}`);
    await waitFor(async () => {
      const r = await fetch(`http://127.0.0.1:${promPort}/api/v1/alertmanagers`).catch(() => undefined);
      return r?.ok && ((await r.json()) as any).data.activeAlertmanagers.length === 1;
    }, 20_000, 500);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${promPort}/-/ready`).catch(() => 'gone')) === 'gone', 10_000);
    await waitFor(async () => (await fetch(`http://127.0.0.1:${amPort}/-/ready`).catch(() => 'gone')) === 'gone', 10_000);
    expect(out).toContain('shutting down: finishing active jobs');
    expect(out).toContain('"msg":"stopped"');
  } finally {
    // On a failure above: stop gracefully first, so the stack also stops the Prometheus it started.
    if (child.exitCode === null) {
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      child.kill('SIGKILL');
    }
  }
}, 120_000);
