// Prometheus and Alertmanager for `npm start`, when their binaries are on PATH: the shipped
// alert-rules as they are (rules, routes, templates), data under the data dir. Slack and
// PagerDuty deliver once their secret files exist under /etc/alertmanager/secrets/; until then
// Alertmanager logs each failed delivery and still holds the alerts.
import { join } from 'node:path';
import { ALERTMANAGER_YML, EXPORTERS_JOB, RULES_DIR } from '@trafi-ops/alert-rules';
import { prometheusConfig, startAlertmanager, startPrometheus, type Alertmanager, type ProbeJob, type Prometheus } from '@trafi-ops/devstack';

/** A started service, or why it is not running (shown in the banner). */
export type Local<T> = T | { missing: string };

const hostPort = (listen: string) => ({ host: listen.slice(0, listen.lastIndexOf(':')), port: Number(listen.slice(listen.lastIndexOf(':') + 1)) });
const orMissing = <T>(p: Promise<T>): Promise<Local<T>> => p.catch((err: Error) => ({ missing: err.message.split('\n')[0]! }));

export function localAlertmanager(dataDir: string, listen: string): Promise<Local<Alertmanager>> {
  return orMissing(startAlertmanager({ configFile: ALERTMANAGER_YML, dir: join(dataDir, 'alertmanager'), ...hostPort(listen) }));
}

/** Scrapes the stack's /metrics and sends alerts to every Alertmanager given (host:port). */
export function localPrometheus(dataDir: string, listen: string, metricsHostPort: string, alertmanagers: string[], extras: { releaseTargets?: string; probes?: ProbeJob[] } = {}): Promise<Local<Prometheus>> {
  let config = prometheusConfig({ scrape: [{ job: EXPORTERS_JOB, targets: [metricsHostPort] }], ruleFiles: [join(RULES_DIR, '*.yml')], alertmanagers, probes: extras.probes ?? [] });
  // The rollback demo's release instances (file_sd with their `release` label; see release/demo-releases.ts).
  if (extras.releaseTargets) config += `  - { job_name: releases, file_sd_configs: [ { files: ['${extras.releaseTargets}'], refresh_interval: 5s } ] }\n`;
  // The remote-write receiver takes the synthetic k6 results (demo/src/synthetics.ts).
  return orMissing(startPrometheus({ config, dir: join(dataDir, 'prometheus'), ...hostPort(listen), remoteWriteReceiver: true }));
}

export const running = <T extends object>(s: Local<T> | undefined): T | undefined => (s && !('missing' in s) ? s : undefined);
