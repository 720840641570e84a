// Prometheus' blackbox exporter (Debian's prometheus-blackbox-exporter) on a port with the
// modules file it is given; optionally inside a network namespace (an "external" location).
import { Proc } from './proc.ts';
import type { NetNs } from './netns.ts';

export interface Blackbox { url: string; hostPort: string; proc: Proc }

export interface BlackboxOptions { configFile: string; port: number; host?: string; netns?: NetNs }

/** Answers /-/healthy when this resolves; fails (with how to install it) when the binary is missing. */
export async function startBlackbox(opts: BlackboxOptions): Promise<Blackbox> {
  const host = opts.host ?? opts.netns?.nsIp ?? '127.0.0.1';
  const hostPort = `${host}:${opts.port}`;
  const args = [`--config.file=${opts.configFile}`, `--web.listen-address=${hostPort}`, '--log.level=warn'];
  const run = opts.netns ? opts.netns.wrap('prometheus-blackbox-exporter', args) : { bin: 'prometheus-blackbox-exporter', args };
  const proc = await Proc.spawn(`blackbox-exporter ${hostPort}`, run.bin, run.args, 'apt-get install -y prometheus-blackbox-exporter');
  const url = `http://${hostPort}`;
  await proc.ready(`${url}/-/healthy`);
  return { url, hostPort, proc };
}
