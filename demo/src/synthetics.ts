// Synthetic monitoring for `npm start`, when the blackbox exporter is installed: it probes the
// ops API's and the storefront's health endpoints and Redis (location `local`: on this machine
// it is not external; the README says how to run it from outside), and the k6 checkout funnel
// runs every 5 minutes through the test adapter (no k6 binary here), its results by remote write.
import { join } from 'node:path';
import { freePort, startBlackbox, type Blackbox, type ProbeJob } from '@trafi-ops/devstack';
import { K6_DIR, startK6Schedule } from '@trafi-ops/k6/adapter';
import type { Local } from './services.ts';

export const SYNTHETICS_LOCATION = 'local';
const FUNNEL_EVERY_MS = 5 * 60_000;

export async function localBlackbox(): Promise<Local<Blackbox>> {
  return startBlackbox({ configFile: join(K6_DIR, 'blackbox.yml'), port: await freePort() }).catch((err: Error) => ({ missing: err.message.split('\n')[0]! }));
}

/** The multi-target probe job for the local Prometheus (as prometheus.yml's synthetics-blackbox). */
export function localProbeJob(blackbox: Blackbox, opsApiUrl: string, storefrontUrl: string | undefined, redisUrl: string): ProbeJob {
  const labels = { location: SYNTHETICS_LOCATION };
  return {
    job: 'synthetics-blackbox', exporter: blackbox.hostPort, interval: '1m',
    targets: [
      { target: `${opsApiUrl}/healthz`, module: 'http_health', labels: { ...labels, service: 'ops-api' } },
      ...(storefrontUrl ? [{ target: `${storefrontUrl}/api/health`, module: 'http_health', labels: { ...labels, service: 'storefront' } }] : []),
      { target: `${opsApiUrl}/readyz/db`, module: 'http_health', labels: { ...labels, service: 'postgres', dependency: 'postgres' } },
      { target: `${opsApiUrl}/readyz/redis`, module: 'http_health', labels: { ...labels, service: 'redis', dependency: 'redis' } },
      { target: new URL(redisUrl).host, module: 'redis_ping', labels: { ...labels, service: 'redis', dependency: 'redis' } },
    ],
  };
}

/** The checkout funnel every 5 minutes against the demo storefront; stop() ends it. */
export function localFunnel(storefrontUrl: string, prometheusUrl: string): { stop(): Promise<void> } {
  return startK6Schedule({
    script: join(K6_DIR, 'checkout-funnel.js'), everyMs: FUNNEL_EVERY_MS,
    env: { STOREFRONT_URL: storefrontUrl, LOCATION: SYNTHETICS_LOCATION, K6_PROMETHEUS_RW_SERVER_URL: `${prometheusUrl}/api/v1/write`, K6_PROMETHEUS_RW_TREND_STATS: 'p(95),p(99),avg,min,max' },
  });
}
