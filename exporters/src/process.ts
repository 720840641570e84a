// How an entry point lives and ends, the same for the product's main.ts and the demo's npm start:
// the first SIGINT/SIGTERM runs `stop` once (active jobs finish inside it) and exits 0; a start
// that fails prints its configuration error alone (a stack only for the unexpected) and exits 1.
import { ConfigError } from './config.ts';
import type { Logger } from './logger.ts';

export function stopOnSignals(logger: Logger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing active jobs');
    await stop();
    logger.info('stopped');
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown(signal));
}

export function exitOnStartFailure(err: unknown): never {
  const e = err as Error | undefined;
  process.stderr.write(err instanceof ConfigError ? `${e!.message}\n` : `start failed: ${e?.stack ?? err}\n`);
  process.exit(1);
}
