// Every local service listens on a port the OS just handed out, so parallel tests never collide.
import { createServer } from 'node:net';

/** A free loopback port. */
export async function freePort(): Promise<number> {
  const srv = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => srv.once('listening', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}
