// The Prometheus side, checked with the real promtool: the config, every rule file (the
// generated SLO rules included) and the rules' unit tests (alert-rules/tests/*.test.yml).
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));

function promtool(...args: string[]): string {
  const r = spawnSync('promtool', args, { cwd: root, encoding: 'utf8' });
  if (r.error) throw new Error('promtool is not installed: apt-get install -y prometheus');
  expect(r.status, `promtool ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout + r.stderr;
}

test('prometheus.yml is valid and loads the rule files', () => {
  expect(promtool('check', 'config', 'prometheus.yml')).toMatch(/SUCCESS: 4 rule files found/);
});

test('every rule file passes promtool check rules (lint included)', () => {
  const files = readdirSync(`${root}/alert-rules/rules`).filter((f) => f.endsWith('.yml'));
  expect(files.sort()).toEqual(['alerts.yml', 'recording.yml', 'slo.generated.yml', 'synthetics.yml']);
  for (const f of files) expect(promtool('check', 'rules', `alert-rules/rules/${f}`)).toContain('SUCCESS');
});

test.each(readdirSync(`${root}/alert-rules/tests`).filter((f) => f.endsWith('.test.yml')))('promtool test rules %s', (file) => {
  expect(promtool('test', 'rules', `alert-rules/tests/${file}`)).toContain('SUCCESS');
});

interface AlertCase { alertname: string; exp_alerts: unknown[] }
const yamlOf = (path: string) => parse(readFileSync(`${root}/${path}`, 'utf8'));

test.each([['alerts', 12], ['synthetics', 5]] as const)('every alert of %s.yml has a promtool case where it fires and one where it must not', (file, atLeast) => {
  const alerts: string[] = yamlOf(`alert-rules/rules/${file}.yml`).groups.flatMap((g: { rules: { alert?: string }[] }) => g.rules.flatMap((r) => r.alert ?? []));
  const cases: AlertCase[] = yamlOf(`alert-rules/tests/${file}.test.yml`).tests.flatMap((t: { alert_rule_test?: AlertCase[] }) => t.alert_rule_test ?? []);
  expect(alerts.length).toBeGreaterThanOrEqual(atLeast);
  for (const name of alerts) {
    const mine = cases.filter((c) => c.alertname === name);
    expect(mine.some((c) => c.exp_alerts.length > 0), `${name} fires in a case`).toBe(true);
    expect(mine.some((c) => c.exp_alerts.length === 0), `${name} stays quiet in a case`).toBe(true);
  }
});

test('every runbook_url points at a section of docs/runbooks.md', () => {
  const runbooks = readFileSync(`${root}/docs/runbooks.md`, 'utf8');
  const anchors = new Set([...runbooks.matchAll(/^## (\S+)$/gm)].map((m) => m[1]!.toLowerCase()));
  const urls = ['rules/alerts.yml', 'rules/slo.generated.yml', 'rules/synthetics.yml'].flatMap((f) => [...readFileSync(`${root}/alert-rules/${f}`, 'utf8').matchAll(/runbook_url: (\S+)/g)].map((m) => m[1]!));
  expect(urls.length).toBeGreaterThan(12);
  for (const url of urls) {
    expect(url.startsWith('https://github.com/trafi/trafi-ops/blob/main/docs/runbooks.md#'), url).toBe(true);
    expect(anchors.has(url.split('#')[1]!), `${url} has a section`).toBe(true);
  }
});
