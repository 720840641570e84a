// `npm start` runs Prometheus too when its binary is on PATH: scraping this stack's
// /metrics and evaluating alert-rules/rules/*.yml, with its data under the data dir.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const RULES = fileURLToPath(new URL('../../alert-rules/rules/', import.meta.url));

export interface PrometheusConfigOptions {
  scrape?: string;
  evaluation?: string;
  rulesDir?: string;
  /** host:port of each Alertmanager to send alerts to (all of them: an HA pair dedups). */
  alertmanagers?: string[];
}

/** The stack's Prometheus config with the real metrics address and absolute rule paths
 *  (the integration and alerting tests use it too, with 1 s intervals). */
export function prometheusConfig(metricsHostPort: string, opts: PrometheusConfigOptions = {}): string {
  const { scrape = '15s', evaluation = '30s', rulesDir = RULES, alertmanagers = [] } = opts;
  return [
    '# Generated from prometheus.yml: the real metrics port, absolute rule paths.',
    `global: { scrape_interval: ${scrape}, evaluation_interval: ${evaluation} }`,
    `rule_files: ['${resolve(rulesDir)}/*.yml']`,
    ...(alertmanagers.length ? ['alerting:', `  alertmanagers: [ { static_configs: [ { targets: [${alertmanagers.map((a) => `'${a}'`).join(', ')}] } ] } ]`] : []),
    'scrape_configs:',
    `  - { job_name: trafi-exporters, static_configs: [ { targets: ['${metricsHostPort}'] } ] }`,
    '',
  ].join('\n');
}

export type LocalPrometheus = { url: string; child: ChildProcess } | { missing: string };

export function startPrometheus(metricsHostPort: string, dataDir: string, listen: string, alertmanagers: string[] = []): LocalPrometheus {
  if (spawnSync('prometheus', ['--version']).error) return { missing: 'prometheus is not on PATH: apt-get install -y prometheus (or use docker-compose)' };
  const dir = resolve(dataDir, 'prometheus');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'prometheus.yml'), prometheusConfig(metricsHostPort, { alertmanagers }));
  const child = spawn('prometheus', [`--config.file=${resolve(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${resolve(dir, 'tsdb')}`, `--web.listen-address=${listen}`], { stdio: 'ignore' });
  return { url: `http://${listen}`, child };
}
