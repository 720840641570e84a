// The product's own entry: configuration in, the stack (ops API, /metrics, workers for the job
// types of the platform's queues) out, stopped gracefully on SIGINT/SIGTERM. It starts no
// services and no demo: `npm start` at the repo root (demo/) does that around this package.
import { ConfigError, loadConfig } from './config.ts';
import { createLogger } from './logger.ts';
import { exitOnStartFailure, stopOnSignals } from './process.ts';
import { startStack } from './stack.ts';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.OPS_API_TOKENS) throw new ConfigError('OPS_API_TOKENS is required (name@role:token,...); `npm start` at the repo root runs the demo with generated tokens');
  const stack = await startStack(config, { types: [], logger, tokens: config.OPS_API_TOKENS });
  logger.info({ api: stack.apiUrl, metrics: stack.metricsUrl }, 'started');

  stopOnSignals(logger, () => stack.stop());
}

main().catch(exitOnStartFailure);
