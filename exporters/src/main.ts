// `npm start`: the embedded stack with demo job types and a demo producer.
import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from './config.ts';
import { demoBatch, demoEvents, demoJobTypes } from './demo/jobs.ts';
import { EventReporter, createReporterRedis } from './events/reporter.ts';
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
  const stack = await startStack({ ...config, REDIS_URL: redis.url }, { types, logger, tokens });

  const events = config.DEMO === 'on' ? new EventReporter({ redis: createReporterRedis(redis.url), prefix: config.REDIS_PREFIX, onError: (err) => logger.warn({ err }, 'event flush failed') }) : undefined;
  const producer = config.DEMO === 'on'
    ? setInterval(() => {
        void stack.jobs.enqueueBulk(demoBatch()).catch((err) => logger.warn({ err }, 'demo producer failed'));
        demoEvents((store, type, n) => events!.report(store, type, n));
      }, 1500)
    : undefined;

  const lines = [
    '',
    'Trafi Ops is running',
    `  ops API     ${stack.apiUrl}/api/v1   (health: ${stack.apiUrl}/healthz, ${stack.apiUrl}/readyz)`,
    `  metrics     ${stack.metricsUrl}`,
    `  Redis       ${redis.url}${redis.child ? ' (own redis-server under ' + config.DATA_DIR + '/redis)' : ''}`,
    `  database    ${config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}/pglite`}`,
    `  queues      ${stack.jobs.queueNames().join(', ') || '(none)'}${producer ? ' — demo producer on' : ''}`,
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
    if (producer) clearInterval(producer);
    await events?.close().catch(() => undefined);
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
