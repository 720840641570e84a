// haproxy (Debian's binary) on a loopback port, in front of one backend with no servers: the
// servers are added and removed at run time through its admin socket (the rollback's local
// driver does that). Failed connections and empty answers are retried on another server, so a
// server leaving mid-switch costs no request.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Proc } from './proc.ts';
import { waitFor } from './wait.ts';

export interface Haproxy { url: string; socket: string; backend: string; proc: Proc; stop(): Promise<void> }

export function haproxyConfig(opts: { port: number; host: string; socket: string; backend: string; checkPath: string }): string {
  return [
    'global',
    `  stats socket ${opts.socket} mode 600 level admin`,
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 30s',
    '  timeout server 30s',
    '  timeout http-keep-alive 5s',
    '  timeout check 3s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response response-timeout',
    `frontend web`,
    `  bind ${opts.host}:${opts.port}`,
    `  default_backend ${opts.backend}`,
    `backend ${opts.backend}`,
    '  balance roundrobin',
    `  option httpchk GET ${opts.checkPath}`,
    '',
  ].join('\n');
}

/** Answers on `port` (503 until a server is added) when this resolves; fails with how to install it. */
export async function startHaproxy(opts: { dir: string; port: number; host?: string; backend?: string; checkPath?: string }): Promise<Haproxy> {
  const { dir, port, host = '127.0.0.1', backend = 'storefront', checkPath = '/healthz' } = opts;
  mkdirSync(dir, { recursive: true });
  const socket = join(dir, 'admin.sock');
  const config = join(dir, 'haproxy.cfg');
  writeFileSync(config, haproxyConfig({ port, host, socket, backend, checkPath }));
  const proc = await Proc.spawn(`haproxy :${port}`, 'haproxy', ['-db', '-f', config], 'apt-get install -y haproxy');
  const url = `http://${host}:${port}`;
  await waitFor(`haproxy at ${url}`, async () => {
    if (proc.child.exitCode !== null) throw new Error(`haproxy exited:\n${proc.out}`);
    return (await fetch(url).catch(() => undefined)) !== undefined;
  }, 10_000, 50);
  return { url, socket, backend, proc, stop: () => proc.stop() };
}
