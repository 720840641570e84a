// A TCP proxy on a free loopback port that adds a round-trip time to every exchange: what a
// same-region network costs and loopback hides. Each chunk from the client waits `rttMs` before
// it goes on to the target (answers go back at once), so a request/answer pair takes one RTT
// more, whatever its size; order is kept because every chunk waits the same time.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface DelayProxy {
  host: string;
  port: number;
  rttMs: number;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

export async function startDelayProxy(target: { host: string; port: number }, rttMs: number): Promise<DelayProxy> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server: Server = createServer((client) => {
    accepted++;
    const upstream = connect(target.port, target.host);
    sockets.add(client).add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (chunk) => {
      setTimeout(() => { if (!upstream.destroyed) upstream.write(chunk); }, rttMs);
    });
    upstream.on('data', (chunk) => { if (!client.destroyed) client.write(chunk); });
    const end = () => { client.destroy(); upstream.destroy(); sockets.delete(client); sockets.delete(upstream); };
    // a closing client is closed after its last delayed chunk went out
    client.on('close', () => setTimeout(end, rttMs + 1));
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const { port } = server.address() as { port: number };
  return {
    host: '127.0.0.1',
    port,
    rttMs,
    connections: () => accepted,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
