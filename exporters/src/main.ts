// `npm start`: the embedded stack with demo job types and a demo producer.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.ts';
import { DEMO_TENANTS, demoBatch, demoJobTypes } from './demo/jobs.ts';
import { serveDemoPlatform, startDemoTraffic } from './demo/platform.ts';
import { EventReporter, createReporterRedis } from './events/reporter.ts';
import { startAlertmanager } from './local-alertmanager.ts';
import { startPrometheus } from './local-prometheus.ts';
import { ensureRedis } from './local-redis.ts';
import { createLogger } from './logger.ts';
import { startStack } from './stack.ts';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const redis = await ensureRedis(Boolean(process.env.REDIS_URL), config.REDIS_URL, config.DATA_DIR);
  const generated = !config.OPS_API_TOKENS;
  const tokens = config.OPS_API_TOKENS ?? `operator@operator:${randomBytes(18).toString('base64url')},viewer@viewer:${randomBytes(18).toString('base64url')}`;
  const types = config.DEMO === 'on' ? demoJobTypes : [];
  // Alertmanager before the stack: the ops API reads active alerts from it.
  const alertmanager = config.ALERTMANAGER === 'on' && !config.ALERTMANAGER_URL ? startAlertmanager(config.DATA_DIR, config.ALERTMANAGER_LISTEN) : undefined;
  const alertmanagerUrl = config.ALERTMANAGER_URL ?? (alertmanager && 'url' in alertmanager ? alertmanager.url : undefined);
  const stack = await startStack({ ...config, REDIS_URL: redis.url, ALERTMANAGER_URL: alertmanagerUrl }, { types, logger, tokens });

  // The demo: a simulated storefront platform with shopper traffic, plus a producer of
  // background jobs (some of which always fail, so the DLQ fills).
  let demoUrl: string | undefined;
  let stopDemo = async () => {};
  if (config.DEMO === 'on') {
    const eventsRedis = createReporterRedis(redis.url);
    const events = new EventReporter({ redis: eventsRedis, prefix: config.REDIS_PREFIX, onError: (err) => logger.warn({ err }, 'event flush failed') });
    const { server, url } = await serveDemoPlatform(stack, events, config.DEMO_PORT, config.API_HOST);
    demoUrl = url;
    const stopTraffic = startDemoTraffic(demoUrl, DEMO_TENANTS.map((t) => `${t}-store-1`));
    const producer = setInterval(() => void stack.jobs.enqueueBulk(demoBatch()).catch((err) => logger.warn({ err }, 'demo producer failed')), 1500);
    stopDemo = async () => {
      clearInterval(producer);
      stopTraffic();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await events.close().catch(() => undefined);
      eventsRedis.disconnect();
    };
  }

  const alertTargets = alertmanagerUrl ? alertmanagerUrl.split(',').map((u) => new URL(u.trim()).host) : [];
  const prometheus = config.PROMETHEUS === 'on' ? startPrometheus(new URL(stack.metricsUrl).host, config.DATA_DIR, config.PROMETHEUS_LISTEN, alertTargets) : undefined;

  const lines = [
    '',
    'Trafi Ops is running',
    `  ops API     ${stack.apiUrl}/api/v1   (health: ${stack.apiUrl}/healthz, ${stack.apiUrl}/readyz)`,
    `  metrics     ${stack.metricsUrl}`,
    ...(demoUrl ? [`  demo        storefront API ${demoUrl}/api/stores/acme-store-1/products (shopper traffic + job producer on)`] : []),
    `  Prometheus  ${!prometheus ? 'off (PROMETHEUS=off)' : 'url' in prometheus ? `${prometheus.url} (rules from alert-rules/rules/)` : prometheus.missing}`,
    `  Alertmanager ${config.ALERTMANAGER_URL ? `${config.ALERTMANAGER_URL} (ALERTMANAGER_URL)` : !alertmanager ? 'off (ALERTMANAGER=off)' : 'url' in alertmanager ? `${alertmanager.url} (alert-rules/alertmanager.yml; active alerts at ${stack.apiUrl}/api/v1/alerts)` : alertmanager.missing}`,
    `  Redis       ${redis.url}${redis.child ? ' (own redis-server under ' + config.DATA_DIR + '/redis)' : ''}`,
    `  database    ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}/pglite`}`,
    `  queues      ${stack.jobs.queueNames().join(', ') || '(none)'}`,
  ];
  if (generated) {
    for (const entry of tokens.split(',')) lines.push(`  token       ${entry.split(':')[0]}: ${entry.slice(entry.indexOf(':') + 1)}`);
    lines.push(`  try         curl -H "Authorization: Bearer ${tokens.split(',')[0]!.split(':')[1]}" ${stack.apiUrl}/api/v1/queues`);
  }
  lines.push('  Ctrl-C stops gracefully.', '');
  process.stdout.write(lines.join('\n') + '\n');

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing active jobs');
    await stopDemo();
    if (prometheus && 'child' in prometheus) prometheus.child.kill('SIGTERM');
    if (alertmanager && 'child' in alertmanager) alertmanager.child.kill('SIGTERM');
    await stack.stop();
    redis.child?.kill('SIGTERM');
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((err) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `start failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
