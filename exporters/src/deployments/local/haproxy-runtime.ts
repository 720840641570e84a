// haproxy's runtime API over its admin socket (`stats socket ... level admin`): one command per
// connection, the answer is everything haproxy writes before closing.
import { connect } from 'node:net';

export class HaproxyRuntime {
  constructor(protected readonly socketPath: string) {}

  command(cmd: string, timeoutMs = 5000): Promise<string> {
    return new Promise((resolve, reject) => {
      const sock = connect(this.socketPath);
      let out = '';
      const timer = setTimeout(() => sock.destroy(new Error(`haproxy: no answer to "${cmd}" within ${timeoutMs} ms`)), timeoutMs);
      sock.setEncoding('utf8');
      sock.on('data', (d) => (out += d));
      sock.on('error', (err) => (clearTimeout(timer), reject(err)));
      sock.on('close', () => (clearTimeout(timer), resolve(out.trim())));
      sock.end(`${cmd}\n`);
    });
  }

  /** Adds a server (dynamic servers start in maintenance), with health checks on `checkPath`. */
  async addServer(backend: string, name: string, address: string, inter = '500ms'): Promise<void> {
    const answer = await this.command(`add server ${backend}/${name} ${address} check inter ${inter} rise 2 fall 3`);
    if (!/New server registered/.test(answer)) throw new Error(`haproxy add server ${backend}/${name}: ${answer}`);
    await this.expectEmpty(`enable health ${backend}/${name}`);
    await this.expectEmpty(`enable server ${backend}/${name}`);
  }

  async setState(backend: string, name: string, state: 'ready' | 'drain' | 'maint'): Promise<void> {
    await this.expectEmpty(`set server ${backend}/${name} state ${state}`);
  }

  /** Deletes a server in maintenance; haproxy refuses while connections remain, so this retries until `timeoutMs`. */
  async delServer(backend: string, name: string, timeoutMs = 10_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const answer = await this.command(`del server ${backend}/${name}`);
      if (/Server deleted/.test(answer)) return;
      if (Date.now() > end) throw new Error(`haproxy del server ${backend}/${name}: ${answer}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Per server of `backend`: status (UP, DOWN, DRAIN, MAINT...) and current sessions, from `show stat`. */
  async servers(backend: string): Promise<Map<string, { status: string; sessions: number }>> {
    const csv = (await this.command('show stat')).replace(/^# /, '').split('\n');
    const header = csv[0]!.split(',');
    const col = (n: string) => header.indexOf(n);
    const out = new Map<string, { status: string; sessions: number }>();
    for (const line of csv.slice(1)) {
      const f = line.split(',');
      if (f[col('pxname')] !== backend || ['BACKEND', 'FRONTEND'].includes(f[col('svname')]!)) continue;
      out.set(f[col('svname')]!, { status: f[col('status')]!, sessions: Number(f[col('scur')]) });
    }
    return out;
  }

  protected async expectEmpty(cmd: string): Promise<void> {
    const answer = await this.command(cmd);
    if (answer !== '') throw new Error(`haproxy ${cmd}: ${answer}`);
  }
}
