// A network namespace of a test's own, joined to the host by a veth pair (a /30 of 10.x.y.z):
// what runs inside reaches the host's servers only across that interface, as a probe from an
// external location would. Unique names and subnet per run; remove() deletes both ends.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';

export interface NetNs {
  name: string;
  /** The host's end: servers the namespace must reach listen here. */
  hostIp: string;
  /** The namespace's end: servers inside it (the blackbox exporter) listen here. */
  nsIp: string;
  /** `bin args` run inside the namespace (for spawn). */
  wrap(bin: string, args: string[]): { bin: string; args: string[] };
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

function freeSubnet(): [string, string] {
  const used = ip('-o', '-4', 'addr').toString();
  for (let tries = 0; tries < 50; tries++) {
    const base = `10.${randomInt(200, 250)}.${randomInt(0, 256)}.${randomInt(0, 64) * 4}`;
    const [a, b, c, d] = base.split('.').map(Number) as [number, number, number, number];
    const host = `${a}.${b}.${c}.${d + 1}`;
    const ns = `${a}.${b}.${c}.${d + 2}`;
    if (!used.includes(`${a}.${b}.${c}.`)) return [host, ns];
  }
  throw new Error('no free 10.x subnet for a test network namespace');
}

/** Needs root (or CAP_NET_ADMIN) and iproute2. */
export function createNetns(prefix = 'trafi'): NetNs {
  const id = `${process.pid.toString(36)}${randomInt(0, 36 ** 3).toString(36)}`.slice(-6);
  const name = `${prefix}-${id}`;
  const hostIf = `vh${id}`;
  const nsIf = `vn${id}`;
  const [hostIp, nsIp] = freeSubnet();
  const remove = () => {
    spawnSync('ip', ['netns', 'del', name]); // takes the namespace's end of the pair with it
    spawnSync('ip', ['link', 'del', hostIf]);
  };
  try {
    ip('netns', 'add', name);
    ip('link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf);
    ip('link', 'set', nsIf, 'netns', name);
    ip('addr', 'add', `${hostIp}/30`, 'dev', hostIf);
    ip('link', 'set', hostIf, 'up');
    ip('netns', 'exec', name, 'ip', 'addr', 'add', `${nsIp}/30`, 'dev', nsIf);
    ip('netns', 'exec', name, 'ip', 'link', 'set', nsIf, 'up');
    ip('netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up');
  } catch (err) {
    remove();
    throw new Error(`could not create network namespace ${name} (needs root and iproute2): ${(err as { stderr?: Buffer }).stderr?.toString() ?? err}`);
  }
  return { name, hostIp, nsIp, wrap: (bin, args) => ({ bin: 'ip', args: ['netns', 'exec', name, bin, ...args] }), remove };
}

/** True when this process may create network namespaces (root with iproute2). */
export async function canCreateNetns(): Promise<boolean> {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('ip', ['netns', 'list']).status === 0;
}

/** "Hosts" for the multi-host tests: in `ns`, a process reaches only what listens on `hostIp`. */
export interface NetnsHost {
  ns: string;
  hostIp: string;
  nsIp: string;
}

export interface NetnsHosts {
  hosts: NetnsHost[];
  close(): Promise<void>;
}

/** `count` namespaces, each on a /30 of its own; close() deletes them all. */
export async function createNetnsHosts(count: number): Promise<NetnsHosts> {
  const made: NetNs[] = [];
  const close = async () => made.forEach((n) => n.remove());
  try {
    for (let i = 0; i < count; i++) made.push(createNetns('trafi-host'));
  } catch (err) {
    await close();
    throw err;
  }
  return { hosts: made.map((n) => ({ ns: n.name, hostIp: n.hostIp, nsIp: n.nsIp })), close };
}
