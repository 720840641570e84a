// The runner definitions a user deploys at an external location: the compose profile, the
// Kubernetes CronJobs and the CI workflow run the scripts of k6/ with real k6 on the schedules
// of the story, send results by remote write, and name their `location`; the blackbox config
// passes the real exporter's check. (The compose file's schema: dashboards/test/docker-compose.test.ts.)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (p: string) => readFileSync(`${root}/${p}`, 'utf8');

test('the compose profile: grafana/k6 on a 5-minute (funnel) and 1-minute (health) clock, a blackbox exporter, remote write to Prometheus', () => {
  const compose = parse(read('docker-compose.yml'));
  const synthetics = Object.entries(compose.services as Record<string, { profiles?: string[]; image: string; entrypoint?: string[]; environment?: Record<string, string> }>).filter(([, s]) => s.profiles?.includes('synthetics'));
  expect(synthetics.map(([n]) => n).sort()).toEqual(['blackbox', 'k6-api-health', 'k6-checkout-funnel']);
  const funnel = compose.services['k6-checkout-funnel'];
  expect(funnel.image).toMatch(/^grafana\/k6:/);
  expect(funnel.entrypoint.join(' ')).toContain('k6 run --quiet -o experimental-prometheus-rw /scripts/checkout-funnel.js');
  expect(funnel.entrypoint.join(' ')).toContain('sleep $$((300 - $$(date +%s) % 300))');
  expect(compose.services['k6-api-health'].entrypoint.join(' ')).toContain('% 60))');
  expect(funnel.environment.K6_PROMETHEUS_RW_SERVER_URL).toBe('${K6_PROMETHEUS_RW_SERVER_URL:-http://prometheus:9090/api/v1/write}');
  expect(funnel.environment.LOCATION).toMatch(/SYNTHETICS_LOCATION/);
  expect(compose.services.prometheus.command).toContain('--web.enable-remote-write-receiver');
  expect(compose.services.blackbox.volumes).toEqual(['./k6/blackbox.yml:/etc/blackbox/blackbox.yml:ro']);
});

test('the Kubernetes CronJobs run both scripts every 5 minutes with the remote-write URL from a secret', () => {
  const docs = parseAllDocuments(read('k6/runners/kubernetes/synthetics.yaml')).map((d) => d.toJS());
  const cronJobs = docs.filter((d) => d.kind === 'CronJob');
  expect(cronJobs).toHaveLength(2);
  for (const cj of cronJobs) {
    expect(cj.apiVersion).toBe('batch/v1');
    expect(cj.spec.schedule).toBe('*/5 * * * *');
    expect(cj.spec.concurrencyPolicy).toBe('Forbid');
    const c = cj.spec.jobTemplate.spec.template.spec.containers[0];
    expect(c.image).toMatch(/^grafana\/k6:/);
    expect(c.args.slice(0, 4)).toEqual(['run', '--quiet', '-o', 'experimental-prometheus-rw']);
    expect(existsSync(`${root}/k6/${c.args[4].replace('/scripts/', '')}`), c.args[4]).toBe(true);
    expect(c.env.find((e: { name: string }) => e.name === 'K6_PROMETHEUS_RW_SERVER_URL').valueFrom.secretKeyRef).toEqual({ name: 'trafi-k6-remote-write', key: 'url' });
  }
  const targets = docs.find((d) => d.kind === 'ConfigMap');
  expect(Object.keys(targets.data).sort()).toEqual(['K6_PROMETHEUS_RW_TREND_STATS', 'LOCATION', 'OPS_API_URL', 'STOREFRONT_URL']);
});

test('the CI workflow runs both scripts every 5 minutes from location github-actions', () => {
  const wf = parse(read('.github/workflows/synthetics.yml'));
  expect(wf.on.schedule).toEqual([{ cron: '*/5 * * * *' }]);
  const job = wf.jobs.k6;
  expect(job.strategy.matrix.script.sort()).toEqual(['api-health.js', 'checkout-funnel.js']);
  const run = job.steps.find((s: { run?: string }) => s.run);
  expect(run.run).toBe('k6 run --quiet -o experimental-prometheus-rw k6/${{ matrix.script }}');
  expect(run.env.LOCATION).toBe('github-actions');
  expect(run.env.K6_PROMETHEUS_RW_SERVER_URL).toBe('${{ secrets.K6_PROMETHEUS_RW_SERVER_URL }}');
});

test('the blackbox modules pass the real exporter\'s config check; the scripts use only k6 modules', () => {
  const r = spawnSync('prometheus-blackbox-exporter', ['--config.check', `--config.file=${root}/k6/blackbox.yml`], { encoding: 'utf8' });
  if (r.error) throw new Error('prometheus-blackbox-exporter is not installed: apt-get install -y prometheus-blackbox-exporter');
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(/level=warn/);
  for (const script of ['checkout-funnel.js', 'api-health.js']) {
    const imports = [...read(`k6/${script}`).matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);
    expect(imports.length).toBeGreaterThan(1);
    for (const m of imports) expect(m, `${script} imports ${m}`).toMatch(/^k6(\/(http|metrics))?$/);
  }
});
