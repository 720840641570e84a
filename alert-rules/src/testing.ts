// Test support specific to the shipped rules and routes (also used by the dashboards and demo
// tests): the Alertmanager config with test-owned endpoints and timings, and the rule files
// with short intervals. The processes themselves come from @trafi-ops/devstack.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse, stringify } from 'yaml';
import { ALERT_RULES_DIR, ALERTMANAGER_YML, RULES_DIR } from './shipped.ts';

export interface TestTimings { groupWait: string; groupInterval: string; repeatInterval: string }

/** alertmanager.yml as shipped, with only what a test must own changed: the Slack and
 *  PagerDuty endpoints (the receiver), the secret files, the template path, the timings. */
export function alertmanagerTestConfig(dir: string, receiverUrl: string, t: TestTimings): string {
  mkdirSync(dir, { recursive: true });
  const cfg = parse(readFileSync(ALERTMANAGER_YML, 'utf8'));
  const slackUrlFile = join(dir, 'slack-webhook-url');
  const routingKeyFile = join(dir, 'pagerduty-routing-key');
  writeFileSync(slackUrlFile, `${receiverUrl}/slack`);
  writeFileSync(routingKeyFile, 'test-routing-key-0123456789abcdef');
  cfg.global.slack_api_url_file = slackUrlFile;
  cfg.global.pagerduty_url = `${receiverUrl}/pagerduty/v2/enqueue`;
  for (const r of cfg.receivers) for (const p of r.pagerduty_configs ?? []) p.routing_key_file = routingKeyFile;
  cfg.templates = cfg.templates.map((t: string) => resolve(ALERT_RULES_DIR, t));
  const retime = (route: Record<string, unknown>) => {
    if ('group_wait' in route) route.group_wait = t.groupWait;
    if ('group_interval' in route) route.group_interval = t.groupInterval;
    if ('repeat_interval' in route) route.repeat_interval = t.repeatInterval;
    for (const child of (route.routes as Record<string, unknown>[] | undefined) ?? []) retime(child);
  };
  retime(cfg.route);
  const file = join(dir, 'alertmanager.yml');
  writeFileSync(file, stringify(cfg));
  return file;
}

/** The rule files with every expression, label and annotation as shipped, but evaluated every
 *  second and with `for:` shortened to `forDuration`: the e2e test is about delivery; the
 *  promtool tests cover the real `for` durations. */
export function rulesForTest(dir: string, forDuration = '2s'): string {
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(RULES_DIR).filter((n) => n.endsWith('.yml'))) {
    const doc = parse(readFileSync(join(RULES_DIR, f), 'utf8'));
    for (const g of doc.groups) {
      g.interval = '1s';
      for (const r of g.rules) if (r.for) r.for = forDuration;
    }
    writeFileSync(join(dir, f), stringify(doc, { lineWidth: 0 }));
  }
  return dir;
}
