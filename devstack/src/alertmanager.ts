// Alertmanager (Debian's prometheus-alertmanager) on a loopback port with the config file it is
// given; alone or gossiping with peers as an HA cluster.
import { mkdirSync } from 'node:fs';
import { Proc } from './proc.ts';

export interface Alertmanager { url: string; hostPort: string; proc: Proc }

export interface AlertmanagerOptions {
  configFile: string;
  dir: string;
  port: number;
  host?: string;
  /** `peerTimeout` must stay well under the config's group_interval: a peer that waits as long
   *  as a group interval sees the first one's next notification (say the resolve) in the log,
   *  finds it differs from its own stale view and sends that view (a second FIRING). */
  cluster?: { port: number; peers: number[]; peerTimeout: string };
}

/** Answers /-/ready when this resolves; fails (with how to install it) when the binary is missing. */
export async function startAlertmanager(opts: AlertmanagerOptions): Promise<Alertmanager> {
  const { host = '127.0.0.1' } = opts;
  mkdirSync(opts.dir, { recursive: true });
  const hostPort = `${host}:${opts.port}`;
  const args = [`--config.file=${opts.configFile}`, `--storage.path=${opts.dir}`, `--web.listen-address=${hostPort}`, '--log.level=warn'];
  if (opts.cluster) {
    const c = `127.0.0.1:${opts.cluster.port}`;
    args.push(`--cluster.listen-address=${c}`, `--cluster.advertise-address=${c}`, `--cluster.peer-timeout=${opts.cluster.peerTimeout}`, '--cluster.gossip-interval=100ms', '--cluster.pushpull-interval=2s');
    for (const p of opts.cluster.peers) args.push(`--cluster.peer=127.0.0.1:${p}`);
  } else args.push('--cluster.listen-address='); // a single instance: no cluster port
  const proc = await Proc.spawn(`alertmanager :${opts.port}`, 'prometheus-alertmanager', args, 'apt-get install -y prometheus-alertmanager');
  const url = `http://${hostPort}`;
  await proc.ready(`${url}/-/ready`);
  return { url, hostPort, proc };
}

export interface AmAlertStatus { labels: Record<string, string>; annotations: Record<string, string>; status: { state: 'active' | 'suppressed' | 'unprocessed'; inhibitedBy: string[]; silencedBy: string[] } }

export async function alertmanagerAlerts(url: string): Promise<AmAlertStatus[]> {
  const res = await fetch(`${url}/api/v2/alerts`);
  if (!res.ok) throw new Error(`GET ${url}/api/v2/alerts: ${res.status}`);
  return (await res.json()) as AmAlertStatus[];
}
