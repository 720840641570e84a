// "Hosts" for the multi-host tests: network namespaces created by the test, each joined to the
// root namespace by a veth pair on a /30 of its own (10.X.i.0/30, X drawn per run), names unique
// per run, all deleted by close(). Needs root (`ip netns`). Nothing is routed beyond the pairs:
// a process in a namespace reaches only what listens on its host-side address (the test's own
// servers), and the namespaces reach nothing else.
import { execFile } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ip = (...args: string[]) => run('ip', args, { timeout: 10_000 });

export interface NetnsHost {
  /** The namespace name (`ip netns exec <ns> …`). */
  ns: string;
  /** The root-namespace end of its veth pair: where the host's processes connect to. */
  hostIp: string;
  /** The namespace's own address. */
  nsIp: string;
}

export interface NetnsHosts {
  hosts: NetnsHost[];
  close(): Promise<void>;
}

/** True when this process may create network namespaces (root with iproute2). */
export async function canCreateNetns(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  return ip('netns', 'list').then(() => true, () => false);
}

export async function createNetnsHosts(count: number): Promise<NetnsHosts> {
  const id = randomBytes(3).toString('hex');
  const net = randomInt(100, 250);
  const hosts: NetnsHost[] = [];
  const close = async () => {
    for (const h of hosts) await ip('netns', 'del', h.ns).catch(() => undefined); // removes both veth ends
  };
  try {
    for (let i = 0; i < count; i++) {
      const ns = `trafi-${id}-${i}`;
      const [outside, inside] = [`tv${id}${i}h`, `tv${id}${i}n`]; // under IFNAMSIZ (15)
      const h: NetnsHost = { ns, hostIp: `10.${net}.${i}.1`, nsIp: `10.${net}.${i}.2` };
      await ip('netns', 'add', ns);
      hosts.push(h);
      await ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
      await ip('link', 'set', inside, 'netns', ns);
      await ip('addr', 'add', `${h.hostIp}/30`, 'dev', outside);
      await ip('link', 'set', outside, 'up');
      await ip('-n', ns, 'addr', 'add', `${h.nsIp}/30`, 'dev', inside);
      await ip('-n', ns, 'link', 'set', inside, 'up');
      await ip('-n', ns, 'link', 'set', 'lo', 'up');
    }
    return { hosts, close };
  } catch (err) {
    await close();
    throw err;
  }
}
