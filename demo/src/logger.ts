// npm start's logger. The demo's planned job failures log at debug (the progress line counts
// them); below debug an error is one line with its message, so the banner stays on screen;
// LOG_LEVEL=debug shows every failure, with its stack.
import { pino, stdSerializers, type Logger } from 'pino';

export function createDemoLogger(level: string): Logger {
  const logger: Logger = pino({
    level,
    base: { service: 'trafi-ops' },
    serializers: { err: (err: Error) => (logger.isLevelEnabled('debug') ? stdSerializers.err(err) : `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`) },
  });
  return logger;
}
