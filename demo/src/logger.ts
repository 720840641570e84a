// The demo fails jobs on purpose, about one a second: at info and warn each failure is one line
// with the error's message, so the banner stays on screen; LOG_LEVEL=debug brings the stacks back.
import { pino, stdSerializers, type Logger } from 'pino';

export function createDemoLogger(level: string): Logger {
  const logger: Logger = pino({
    level,
    base: { service: 'trafi-ops' },
    serializers: { err: (err: Error) => (logger.isLevelEnabled('debug') ? stdSerializers.err(err) : `${err?.name ?? 'Error'}: ${err?.message ?? String(err)}`) },
  });
  return logger;
}
