// waitFor: returns the first truthy value, retries through errors, names what timed out.
import { expect, test } from 'vitest';
import { prometheusConfig } from '../src/prometheus.ts';
import { waitFor } from '../src/wait.ts';

test('waitFor returns the first truthy value, counting errors as not yet', async () => {
  let n = 0;
  expect(await waitFor('the third call', () => {
    if (++n < 2) throw new Error('not ready');
    return n === 3 && 'done';
  }, 1000, 1)).toBe('done');
});

test('waitFor names what it waited for and the last error', async () => {
  await expect(waitFor('the moon', () => { throw new Error('cloudy'); }, 20, 5)).rejects.toThrow(/waiting for the moon \(last error: cloudy\)/);
});

test('prometheusConfig: absolute rule paths, one scrape job each, Alertmanagers only when given', () => {
  const cfg = prometheusConfig({ scrape: [{ job: 'app', targets: ['127.0.0.1:1'] }], ruleFiles: ['rules/*.yml'], scrapeInterval: '1s' });
  expect(cfg).toContain(`rule_files: ['${process.cwd()}/rules/*.yml']`);
  expect(cfg).toContain("- { job_name: app, static_configs: [ { targets: ['127.0.0.1:1'] } ] }");
  expect(cfg).not.toContain('alerting:');
});
