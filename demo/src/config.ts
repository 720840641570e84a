// `npm start`'s configuration: the product's (exporters' ConfigSchema) plus what only the demo
// launcher reads: the demo itself, the local Prometheus and Alertmanager it runs, how often it
// repeats the banner and prints progress. Validated at start like the product's: a bad value
// stops start-up with a message naming the variable.
import { ConfigSchema, parseEnv } from '@trafi-ops/exporters';
import { z } from 'zod';

const onOff = z.enum(['on', 'off']);
const hostPort = z.string().regex(/^[\w.-]+:\d+$/, 'host:port');
const port = ConfigSchema.shape.API_PORT.unwrap();
const intervalMs = z.coerce.number().int().min(500).max(3_600_000);

export const DemoConfigSchema = ConfigSchema.extend({
  DEMO: onOff.default('on'),
  DEMO_PORT: port.default(4100),
  PROMETHEUS: onOff.default('on'),
  PROMETHEUS_LISTEN: hostPort.default('127.0.0.1:9090'),
  ALERTMANAGER: onOff.default('on'),
  ALERTMANAGER_LISTEN: hostPort.default('127.0.0.1:9093'),
  /** `1`: delete the keys an earlier run left under REDIS_PREFIX first (as `--fresh`). */
  TRAFI_FRESH: z.enum(['0', '1']).default('0'),
  /** The one-line reminder of the API URL and token. */
  BANNER_REPEAT_MS: intervalMs.default(60_000),
  /** The demo's progress line (jobs, DLQ, storefront requests since the last one). */
  PROGRESS_INTERVAL_MS: intervalMs.default(30_000),
});
export type DemoConfig = z.infer<typeof DemoConfigSchema>;

export const loadDemoConfig = (env: NodeJS.ProcessEnv): DemoConfig => parseEnv(DemoConfigSchema, env);
