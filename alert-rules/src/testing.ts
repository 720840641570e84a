// Test support (also used by the dashboards tests): Alertmanager (Debian's prometheus-alertmanager),
// Prometheus, and a local HTTP receiver standing in for Slack and PagerDuty. Every process
// listens on a free loopback port and is stopped by the test that started it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';

export const ALERT_RULES = fileURLToPath(new URL('..', import.meta.url)); // alert-rules/
export const ALERTMANAGER_YML = join(ALERT_RULES, 'alertmanager.yml');

export async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 30_000, everyMs = 200): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A child process whose output tail goes into failure messages. */
export class Proc {
  out = '';
  readonly exited: Promise<void>;
  constructor(readonly name: string, readonly child: ChildProcess) {
    child.stdout?.on('data', (d) => (this.out = (this.out + d).slice(-8000)));
    child.stderr?.on('data', (d) => (this.out = (this.out + d).slice(-8000)));
    this.exited = new Promise((r) => child.once('exit', () => r()));
  }
  static async spawn(name: string, bin: string, args: string[], install: string): Promise<Proc> {
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((ok, fail) => {
      child.once('error', (err) => fail(new Error(`${bin} could not start (${err.message}): ${install}`)));
      child.once('spawn', () => ok());
    });
    return new Proc(name, child);
  }
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}

async function ready(proc: Proc, url: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(`${proc.name} at ${url}`, async () => {
    if (proc.child.exitCode !== null) throw new Error(`${proc.name} exited:\n${proc.out}`);
    return (await fetch(url).catch(() => undefined))?.ok;
  }, timeoutMs).catch((err) => {
    throw new Error(`${(err as Error).message}\n${proc.name} output:\n${proc.out}`);
  });
}

// ---- the Slack / PagerDuty stand-in --------------------------------------------------------

export interface Received { path: string; body: any; at: number }

export interface Receiver {
  url: string;
  received: Received[];
  slack(): SlackMessage[];
  pagerduty(): PagerDutyEvent[];
  close(): Promise<void>;
}
export interface SlackMessage { channel: string; attachments: { title: string; title_link: string; text: string; color: string; actions?: { text: string; url: string }[] }[] }
export interface PagerDutyEvent { routing_key: string; event_action: 'trigger' | 'resolve'; dedup_key: string; payload: { summary: string; severity: string; custom_details: Record<string, string> }; links?: { href: string; text: string }[] }

/** Answers like the real services (Slack 200 "ok", PagerDuty Events v2 202) and records. */
export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        /* keep the text */
      }
      received.push({ path: req.url ?? '', body, at: Date.now() });
      if (req.url?.startsWith('/pagerduty')) {
        res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'success', message: 'Event processed', dedup_key: (body as PagerDutyEvent).dedup_key }));
      } else res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    received,
    slack: () => received.filter((r) => r.path === '/slack').map((r) => r.body as SlackMessage),
    pagerduty: () => received.filter((r) => r.path.startsWith('/pagerduty')).map((r) => r.body as PagerDutyEvent),
    close: () => new Promise((r) => server.close(() => r())),
  };
}

// ---- Alertmanager ----------------------------------------------------------------------------

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
  cfg.templates = cfg.templates.map((t: string) => resolve(ALERT_RULES, t));
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

export interface Alertmanager { url: string; hostPort: string; proc: Proc }

/** One Alertmanager; with `cluster` it gossips with its peers (HA: each notification once).
 *  `peerTimeout` must stay well under the config's group_interval: a peer that waits as long
 *  as a group interval sees the first one's next notification (say the resolve) in the log,
 *  finds it differs from its own stale view and sends that view (a second FIRING). */
export async function startAlertmanager(opts: { configFile: string; dir: string; port: number; cluster?: { port: number; peers: number[]; peerTimeout: string } }): Promise<Alertmanager> {
  mkdirSync(opts.dir, { recursive: true });
  const hostPort = `127.0.0.1:${opts.port}`;
  const args = [`--config.file=${opts.configFile}`, `--storage.path=${opts.dir}`, `--web.listen-address=${hostPort}`, '--log.level=warn'];
  if (opts.cluster) {
    const c = `127.0.0.1:${opts.cluster.port}`;
    args.push(`--cluster.listen-address=${c}`, `--cluster.advertise-address=${c}`, `--cluster.peer-timeout=${opts.cluster.peerTimeout}`, '--cluster.gossip-interval=100ms', '--cluster.pushpull-interval=2s');
    for (const p of opts.cluster.peers) args.push(`--cluster.peer=127.0.0.1:${p}`);
  } else args.push('--cluster.listen-address=');
  const proc = await Proc.spawn(`alertmanager :${opts.port}`, 'prometheus-alertmanager', args, 'apt-get install -y prometheus-alertmanager');
  const url = `http://${hostPort}`;
  await ready(proc, `${url}/-/ready`);
  return { url, hostPort, proc };
}

export interface AmAlertStatus { labels: Record<string, string>; annotations: Record<string, string>; status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[]; silencedBy: string[] } }

export async function alertmanagerAlerts(url: string): Promise<AmAlertStatus[]> {
  const res = await fetch(`${url}/api/v2/alerts`);
  if (!res.ok) throw new Error(`GET ${url}/api/v2/alerts: ${res.status}`);
  return (await res.json()) as AmAlertStatus[];
}

// ---- Prometheus ------------------------------------------------------------------------------

/** The rule files with every expression, label and annotation as shipped, but evaluated every
 *  second and with `for:` shortened to `forDuration`: the e2e test is about delivery; the
 *  promtool tests cover the real `for` durations. */
export function rulesForTest(dir: string, forDuration = '2s'): string {
  mkdirSync(dir, { recursive: true });
  const src = join(ALERT_RULES, 'rules');
  for (const f of readdirSync(src).filter((n) => n.endsWith('.yml'))) {
    const doc = parse(readFileSync(join(src, f), 'utf8'));
    for (const g of doc.groups) {
      g.interval = '1s';
      for (const r of g.rules) if (r.for) r.for = forDuration;
    }
    writeFileSync(join(dir, f), stringify(doc, { lineWidth: 0 }));
  }
  return dir;
}

export interface Prometheus { url: string; proc: Proc; query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]> }

export async function startPrometheus(configText: string, dir: string, port: number): Promise<Prometheus> {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'prometheus.yml'), configText);
  const proc = await Proc.spawn(`prometheus :${port}`, 'prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'tsdb')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], 'apt-get install -y prometheus');
  const url = `http://127.0.0.1:${port}`;
  await ready(proc, `${url}/-/ready`);
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
