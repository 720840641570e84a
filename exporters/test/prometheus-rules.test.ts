// The Prometheus side, checked with the real promtool: the config, the rule files, and
// the rules' unit tests (alert-rules/tests/*.test.yml).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

function promtool(...args: string[]): string {
  const r = spawnSync('promtool', args, { cwd: root, encoding: 'utf8' });
  if (r.error) throw new Error('promtool is not installed: apt-get install -y prometheus');
  expect(r.status, `promtool ${args.join(' ')}\n${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout + r.stderr;
}

test('prometheus.yml is valid and loads the rule files', () => {
  expect(promtool('check', 'config', 'prometheus.yml')).toMatch(/SUCCESS: \d+ rule files found/);
});

test('every rule file passes promtool check rules (lint included)', () => {
  const files = readdirSync(`${root}/alert-rules`).filter((f) => f.endsWith('.yml'));
  expect(files.length).toBeGreaterThan(0);
  for (const f of files) expect(promtool('check', 'rules', `alert-rules/${f}`)).toContain('SUCCESS');
});

test('the rules unit tests pass (promtool test rules)', () => {
  const tests = readdirSync(`${root}/alert-rules/tests`).filter((f) => f.endsWith('.test.yml'));
  expect(tests.length).toBeGreaterThan(0);
  expect(promtool('test', 'rules', ...tests.map((t) => `alert-rules/tests/${t}`))).toContain('SUCCESS');
});
