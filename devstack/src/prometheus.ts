// Prometheus (Debian's binary) on a loopback port: scraping the targets it is given and
// evaluating the rule files it is given, its data under a dir of the caller's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Proc } from './proc.ts';

export interface ScrapeJob { job: string; targets: string[] }

/** A blackbox exporter's probes, scraped with the multi-target pattern (target and module as
 *  URL parameters, `instance` the target, the exporter as the address). */
export interface ProbeJob { job: string; exporter: string; interval?: string; targets: { target: string; module: string; labels?: Record<string, string> }[] }

export interface PrometheusConfigOptions {
  scrape: ScrapeJob[];
  /** Rule files or globs (made absolute: the config is written elsewhere). */
  ruleFiles?: string[];
  scrapeInterval?: string;
  evaluationInterval?: string;
  /** host:port of each Alertmanager to send alerts to (all of them: an HA pair dedups). */
  alertmanagers?: string[];
  /** Remote-write URLs (a long-term store) and the labels this Prometheus adds to all it sends. */
  remoteWrite?: string[];
  externalLabels?: Record<string, string>;
  probes?: ProbeJob[];
}

export function prometheusConfig(opts: PrometheusConfigOptions): string {
  const { scrape, ruleFiles = [], scrapeInterval = '15s', evaluationInterval = '30s', alertmanagers = [], remoteWrite = [], externalLabels = {}, probes = [] } = opts;
  const labels = Object.entries(externalLabels).map(([k, v]) => `${k}: '${v}'`).join(', ');
  const list = (xs: string[]) => `[${xs.map((x) => `'${x}'`).join(', ')}]`;
  return [
    '# Generated: real ports, absolute rule paths.',
    `global: { scrape_interval: ${scrapeInterval}, evaluation_interval: ${evaluationInterval}${labels ? `, external_labels: { ${labels} }` : ''} }`,
    `rule_files: ${list(ruleFiles.map((f) => resolve(f)))}`,
    ...(alertmanagers.length ? ['alerting:', `  alertmanagers: [ { static_configs: [ { targets: ${list(alertmanagers)} } ] } ]`] : []),
    ...(remoteWrite.length ? ['remote_write:', ...remoteWrite.map((u) => `  - { url: '${u}', queue_config: { batch_send_deadline: 1s } }`)] : []),
    'scrape_configs:',
    ...scrape.map((s) => `  - { job_name: ${s.job}, static_configs: [ { targets: ${list(s.targets)} } ] }`),
    ...probes.map((p) => probeJobYaml(p, list)),
    '',
  ].join('\n');
}

function probeJobYaml(p: ProbeJob, list: (xs: string[]) => string): string {
  const groups = p.targets.map((t) => `{ targets: ${list([t.target])}, labels: { ${Object.entries({ ...t.labels, module: t.module }).map(([k, v]) => `${k}: '${v}'`).join(', ')} } }`);
  return [
    `  - job_name: ${p.job}`,
    `    metrics_path: /probe`,
    ...(p.interval ? [`    scrape_interval: ${p.interval}`, `    scrape_timeout: ${p.interval}`] : []),
    `    static_configs: [ ${groups.join(', ')} ]`,
    '    relabel_configs:',
    '      - { source_labels: [__address__], target_label: __param_target }',
    '      - { source_labels: [module], target_label: __param_module }',
    '      - { source_labels: [__param_target], target_label: instance }',
    `      - { target_label: __address__, replacement: '${p.exporter}' }`,
  ].join('\n');
}

export interface Prometheus { url: string; proc: Proc; query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> }

/** Answers /-/ready when this resolves; fails (with how to install it) when the binary is missing. */
export async function startPrometheus(opts: { config: string; dir: string; port: number; host?: string; remoteWriteReceiver?: boolean }): Promise<Prometheus> {
  const { config, dir, port, host = '127.0.0.1' } = opts;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'prometheus.yml'), config);
  const args = [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=${host}:${port}`, '--log.level=warn'];
  if (opts.remoteWriteReceiver) args.push('--web.enable-remote-write-receiver'); // k6's results arrive by remote write
  const proc = await Proc.spawn(`prometheus :${port}`, 'prometheus', args, 'apt-get install -y prometheus');
  const url = `http://${host}:${port}`;
  await proc.ready(`${url}/-/ready`);
  return {
    url,
    proc,
    async query(q) {
      const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await res.json()) as { data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
      return body.data.result;
    },
  };
}
