// The /metrics endpoint (OpenMetrics-compatible Prometheus text) on its own port.
import express, { type Express } from 'express';
import type { Registry } from 'prom-client';
import type { Logger } from 'pino';

export function createMetricsApp(registry: Registry, logger: Logger): Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', async (_req, res) => {
    try {
      const body = await registry.metrics();
      res.set('content-type', registry.contentType).send(body);
    } catch (err) {
      // A scrape that cannot reach Redis fails visibly (Prometheus marks the target down).
      logger.warn({ err }, 'metrics scrape failed');
      res.status(503).type('text/plain').send(`scrape failed: ${(err as Error).message}\n`);
    }
  });
  return app;
}
