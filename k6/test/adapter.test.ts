// The test-only k6 adapter against k6's semantics: aggregates and percentiles, thresholds,
// the series names of k6's remote-write output, and a real script run with its exit codes
// (0 passed, 99 threshold crossed) against a local HTTP server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { K6_DIR, runK6Once } from '../src/index.ts';
import { k6Timeseries } from '../src/remote-write.ts';
import { Samples, aggregate, trendStat } from '../src/samples.ts';
import { judgeThresholds } from '../src/thresholds.ts';

test('aggregates as k6: counter sum, rate share of non-zero, trend percentiles interpolated', () => {
  expect(aggregate('counter', [1, 2, 3])).toBe(6);
  expect(aggregate('rate', [1, 0, 1, 1])).toBe(0.75);
  expect(trendStat([10, 20, 30, 40, 50], 'p(95)')).toBe(48);
  expect(trendStat([10, 20, 30, 40], 'med')).toBe(25);
  expect([trendStat([3, 1, 2], 'min'), trendStat([3, 1, 2], 'max'), trendStat([3, 1, 2], 'avg')]).toEqual([1, 3, 2]);
  expect(() => trendStat([1], 'p95')).toThrow(/unknown trend stat/);
});

test('thresholds: rate, percentile and tag-filtered metrics; a crossed one is not ok', () => {
  const s = new Samples();
  s.add('checks', 'rate', 1, { check: 'a' });
  s.add('checks', 'rate', 0, { check: 'b' });
  s.add('http_req_duration', 'trend', 100, { name: 'x' });
  s.add('http_req_duration', 'trend', 3000, { name: 'y' });
  const r = judgeThresholds({ checks: ['rate==1'], 'checks{check:a}': ['rate==1'], 'http_req_duration{name:x}': ['p(95)<2000'], http_req_duration: ['max<2000'] }, s);
  expect(r.map((t) => [t.metric, t.ok])).toEqual([['checks', false], ['checks{check:a}', true], ['http_req_duration{name:x}', true], ['http_req_duration', false]]);
  expect(() => judgeThresholds({ checks: ['rate=1'] }, s)).toThrow(/invalid threshold expression/);
});

test("remote-write series carry k6's names and the tags as labels (url dropped)", () => {
  const s = new Samples();
  s.add('checks', 'rate', 0, { check: 'checkout: order placed', location: 'x', url: 'http://a/b' });
  s.add('iterations', 'counter', 1, { location: 'x' });
  s.add('http_req_duration', 'trend', 120, { location: 'x' });
  const names = k6Timeseries(s, ['p(95)', 'p(99.9)', 'avg'], 1000).map((t) => t.labels.__name__).sort();
  expect(names).toEqual(['k6_checks_rate', 'k6_http_req_duration_avg', 'k6_http_req_duration_p95', 'k6_http_req_duration_p99_9', 'k6_iterations_total']);
  const check = k6Timeseries(s, [], 1000).find((t) => t.labels.__name__ === 'k6_checks_rate')!;
  expect(check).toEqual({ labels: { __name__: 'k6_checks_rate', check: 'checkout: order placed', location: 'x' }, samples: [{ value: 0, timestamp: 1000 }] });
});

test('the real api-health script: all checks pass (exit 0), one failing endpoint crosses its threshold (exit 99)', async () => {
  let failing = '';
  const server = createServer((req, res) => void res.writeHead(req.url === failing ? 503 : 200, { 'content-type': 'application/json' }).end('{"status":"ok"}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const env = { OPS_API_URL: url, STOREFRONT_URL: url, LOCATION: 'unit' };
    const ok = await runK6Once(join(K6_DIR, 'api-health.js'), env);
    expect(ok.code, ok.out).toBe(0);
    const summary = JSON.parse(ok.out.trim().split('\n').at(-1)!) as { checks: { check: string; passes: number; fails: number }[] };
    expect(summary.checks.map((c) => c.check).sort()).toEqual(['ops-api: database', 'ops-api: live', 'ops-api: ready', 'ops-api: redis', 'platform-api: health']);
    failing = '/readyz/redis';
    const bad = await runK6Once(join(K6_DIR, 'api-health.js'), env);
    expect(bad.code, bad.out).toBe(99);
    expect(bad.out).toContain('"check":"ops-api: redis","group":"::health","passes":0,"fails":1');
  } finally {
    server.close();
  }
}, 60_000);
