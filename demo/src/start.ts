// `npm start`: the product on a demo storefront. Redis (REDIS_URL, the local one, else our own),
// Alertmanager and Prometheus with the shipped alert-rules when their binaries are on PATH, the
// stack with demo job types, shopper traffic and a job producer (some jobs always fail, so the
// DLQ fills; a progress line sums up what happened), then the banner. docker-compose runs it
// too, with its own Redis and Prometheus.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { EventReporter, PlatformConfigClient, PrometheusApi, connectRedis, createReporterRedis, exitOnStartFailure, startStack, stopOnSignals } from '@trafi-ops/exporters';
import { dropPrefix, ensureRedis } from '@trafi-ops/devstack';
import { shortBanner, writeBanner, type StartFacts } from './banner.ts';
import { loadDemoConfig } from './config.ts';
import { dataDir } from './data-dir.ts';
import { INTERNAL_PATH } from './diagnostics/index.ts';
import { earlierRun, wantsFresh } from './earlier-run.ts';
import { DEMO_STORES, demoBatch, demoJobTypes } from './jobs.ts';
import { createDemoLogger } from './logger.ts';
import { serveDemoPlatform, startDemoTraffic } from './platform.ts';
import { devSupportKeys, type PlatformIdentity } from './merchant/index.ts';
import { startProgress } from './progress.ts';
import { seedTenantData } from './tenant-data.ts';
import { localAlertmanager, localPrometheus, running } from './services.ts';
import { haproxyOnPath, startDemoReleases } from './release/demo-releases.ts';
import { localBlackbox, localFunnel, localProbeJob } from './synthetics.ts';

async function main() {
  const config = loadDemoConfig({ ...process.env, DATA_DIR: dataDir(process.env) });
  mkdirSync(config.DATA_DIR, { recursive: true });
  const logger = createDemoLogger(config.LOG_LEVEL);
  const redis = await ensureRedis(Boolean(process.env.REDIS_URL), config.REDIS_URL, config.DATA_DIR);
  let freshDeleted: number | undefined;
  if (wantsFresh(process.argv, config)) {
    const conn = connectRedis({ ...config, REDIS_URL: redis.url });
    freshDeleted = await dropPrefix(conn, config.REDIS_PREFIX).finally(() => conn.disconnect());
  }
  const demo = config.DEMO === 'on';
  const tokens = config.OPS_API_TOKENS ?? `operator@operator:${randomBytes(18).toString('base64url')},viewer@viewer:${randomBytes(18).toString('base64url')},platform@platform:${randomBytes(18).toString('base64url')}`;
  // Support mode: without configured keys, a development pair per side (DATA_DIR/support); the
  // demo storefront then plays the platform with the `platform` token.
  const devKeys = !config.SUPPORT_SIGNING_KEY_FILE && !config.SUPPORT_PLATFORM_KEY_FILE ? devSupportKeys(config.DATA_DIR) : undefined;
  const platformToken = /(?:^|,)\s*(?:[^@:,]+@)?platform:([^,]+)/.exec(tokens)?.[1]?.trim();
  const platform: PlatformIdentity | undefined = devKeys && platformToken ? { token: platformToken, signingKey: devKeys.platformSigningKey } : undefined;
  const supportConfig = {
    ...(devKeys && { SUPPORT_SIGNING_KEY_FILE: devKeys.SUPPORT_SIGNING_KEY_FILE, SUPPORT_PLATFORM_KEY_FILE: devKeys.SUPPORT_PLATFORM_KEY_FILE }),
    SUPPORT_VIEW_URL: config.SUPPORT_VIEW_URL ?? (demo && config.DEMO_PORT ? `http://${config.API_HOST}:${config.DEMO_PORT}/support/enter` : undefined),
  };
  // Alertmanager before the stack: the ops API reads active alerts from it.
  const alertmanager = config.ALERTMANAGER === 'on' && !config.ALERTMANAGER_URL ? await localAlertmanager(config.DATA_DIR, config.ALERTMANAGER_LISTEN) : undefined;
  const alertmanagerUrl = config.ALERTMANAGER_URL ?? running(alertmanager)?.url;
  // The rollback demo (haproxy + storefront releases) when haproxy is on PATH.
  const releases = demo && haproxyOnPath() ? await startDemoReleases({ dataDir: config.DATA_DIR, redisUrl: redis.url, prefix: config.REDIS_PREFIX, databaseUrl: config.DATABASE_URL }) : undefined;
  const rollbackPrometheus = releases && config.PROMETHEUS === 'on' ? { ROLLBACK_PROMETHEUS_URL: `http://${config.PROMETHEUS_LISTEN}` } : {};
  const stack = await startStack({ ...config, ...supportConfig, ...rollbackPrometheus, REDIS_URL: redis.url, ALERTMANAGER_URL: alertmanagerUrl }, { types: demo ? demoJobTypes : [], logger, tokens, deploymentDriver: releases?.driver });
  const earlier = await earlierRun(stack);

  // The demo: a simulated storefront platform with shopper traffic, plus a producer of
  // background jobs (some of which always fail, so the DLQ fills).
  let demoUrl: string | undefined;
  let stopDemo = async () => {};
  if (demo) {
    const eventsRedis = createReporterRedis(redis.url, config.REDIS_CLUSTER_NODES);
    const events = new EventReporter({ redis: eventsRedis, prefix: config.REDIS_PREFIX, onError: (err) => logger.warn({ err }, 'event flush failed') });
    // Diagnostic reports read the tenants' config from the storefront's internal endpoint.
    const internalToken = config.DIAGNOSTICS_PLATFORM_TOKEN ?? randomBytes(18).toString('base64url');
    const { server, url } = await serveDemoPlatform(stack, events, config.DEMO_PORT, config.API_HOST, { platform, diagnostics: { token: internalToken } });
    if (!config.DIAGNOSTICS_PLATFORM_URL) stack.diagnostics.usePlatform(new PlatformConfigClient(`${url}${INTERNAL_PATH}`, internalToken));
    await seedTenantData(stack.db).then(() => stack.storage.collect()).catch((err) => logger.warn({ err }, 'demo tenant data not seeded: no storage series'));
    demoUrl = url;
    const stopTraffic = startDemoTraffic(url, DEMO_STORES);
    const producer = setInterval(() => void stack.jobs.enqueueBulk(demoBatch()).catch((err) => logger.warn({ err }, 'demo producer failed')), 1500);
    // Its planned failures log at debug: what happened is one line every PROGRESS_INTERVAL_MS.
    const stopProgress = await startProgress({
      registry: stack.registry,
      dlqSize: () => stack.dlq.size(),
      everyMs: config.PROGRESS_INTERVAL_MS,
      write: (line) => process.stdout.write(line),
      onError: (err) => logger.warn({ err }, 'demo progress line skipped'),
    });
    stopDemo = async () => {
      stopProgress();
      clearInterval(producer);
      stopTraffic();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await events.close().catch(() => undefined);
      eventsRedis.disconnect();
    };
  }

  const alertTargets = alertmanagerUrl ? alertmanagerUrl.split(',').map((u) => new URL(u.trim()).host) : [];

  const blackbox = config.PROMETHEUS === 'on' ? running(await localBlackbox()) : undefined; // synthetic probes, when installed
  const prometheus = config.PROMETHEUS === 'on' ? await localPrometheus(config.DATA_DIR, config.PROMETHEUS_LISTEN, new URL(stack.metricsUrl).host, alertTargets, { releaseTargets: releases?.targetsFile, probes: blackbox ? [localProbeJob(blackbox, stack.apiUrl, demoUrl, redis.url)] : [] }) : undefined;
  const funnel = demoUrl && running(prometheus) ? localFunnel(demoUrl, running(prometheus)!.url) : undefined;
  if (running(prometheus) && !config.DIAGNOSTICS_PROMETHEUS_URL) stack.diagnostics.usePrometheus(new PrometheusApi(running(prometheus)!.url));

  const facts: StartFacts = {
    apiUrl: stack.apiUrl,
    metricsUrl: stack.metricsUrl,
    demoUrl,
    prometheus: !prometheus ? 'off (PROMETHEUS=off)' : 'missing' in prometheus ? prometheus.missing : `${prometheus.url} (rules from alert-rules/rules/)`,
    alertmanager: config.ALERTMANAGER_URL ? `${config.ALERTMANAGER_URL} (ALERTMANAGER_URL)` : !alertmanager ? 'off (ALERTMANAGER=off)' : 'missing' in alertmanager ? alertmanager.missing : `${alertmanager.url} (alert-rules/alertmanager.yml; active alerts at ${stack.apiUrl}/api/v1/alerts)`,
    redis: `${redis.url}${redis.child ? ` (own redis-server under ${config.DATA_DIR}/redis)` : ''}`,
    database: config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}/pglite`,
    queues: stack.jobs.queueNames(),
    tokens: config.OPS_API_TOKENS ? [] : tokens.split(',').map((e) => [e.slice(0, e.indexOf(':')), e.slice(e.indexOf(':') + 1)]),
    earlier,
    freshDeleted,
    dataDir: config.DATA_DIR,
  };
  process.stdout.write(writeBanner(facts));
  // Starting the release instances takes a while: after the banner, in the background. Then
  // shoppers go through haproxy too, so the live release's errors show (and alert).
  let stopReleaseTraffic = () => {};
  void releases?.deploy(stack).then(
    (line) => {
      process.stdout.write(`rollback demo: ${line}\n`);
      stopReleaseTraffic = startDemoTraffic(releases.haproxy.url, DEMO_STORES);
    },
    (err: Error) => logger.warn({ err }, 'rollback demo not started'),
  );
  // The logs scroll the banner away: a one-line reminder every so often, the full one on Enter.
  const reminder = setInterval(() => process.stdout.write(shortBanner(facts)), config.BANNER_REPEAT_MS);
  if (process.stdin.isTTY) process.stdin.on('data', () => process.stdout.write(writeBanner(facts)));

  stopOnSignals(logger, async () => {
    clearInterval(reminder);
    stopReleaseTraffic();
    await stopDemo();
    await releases?.stop();
    await funnel?.stop();
    await running(prometheus)?.proc.stop();
    await blackbox?.proc.stop();
    await running(alertmanager)?.proc.stop();
    await stack.stop();
    redis.child?.kill('SIGTERM');
  });
}

main().catch(exitOnStartFailure);
