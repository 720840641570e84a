// The local driver, for real and without downtime on one machine: a component's artifact is a
// release directory with a `release.json` ({"command": [...], "env": {...}}) that starts one
// instance serving /healthz (and /metrics) on $PORT.
//   api        instances behind haproxy, switched through its runtime API: add the new server,
//              wait until haproxy sees it UP, drain the old, wait for its sessions to end, remove
//              it, then stop it with SIGTERM (it finishes what it serves).
//   workers    the new instance starts consuming, then the old gets SIGTERM (active jobs finish
//              within its grace, none is lost or run twice).
//   dashboard  the plugin directory a symlink points at, swapped atomically.
// The instances are this process's children; Prometheus finds them in a file_sd targets file
// labelled with their release.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { access, readFile, readlink, rename, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { Artifact, Component } from '@trafi-ops/contracts';
import { DeploymentDriver, type InstanceReadiness, type Target } from '../driver.ts';
import { HaproxyRuntime } from './haproxy-runtime.ts';

const ReleaseFileSchema = z.object({ command: z.array(z.string().min(1)).min(1), env: z.record(z.string(), z.string()).default({}) });

export interface LocalDriverOptions {
  /** haproxy's admin socket and the backend the api instances are servers of. */
  haproxy: { socket: string; backend: string };
  host?: string;
  /** Environment every instance gets (Redis URL, key prefix...), under its release.json's. */
  env?: Record<string, string>;
  /** Prometheus file_sd file listing the instances with `release` and `component` labels. */
  scrapeTargetsFile?: string;
  /** The symlink the dashboard (Grafana plugin) is served from. */
  dashboardLink?: string;
  readyTimeoutMs?: number;
  drainTimeoutMs?: number;
  /** How long a SIGTERMed instance may take to finish before SIGKILL. */
  stopTimeoutMs?: number;
  /** Where an instance's output goes (default: dropped). */
  onOutput?: (instance: string, line: string) => void;
}

export interface LocalInstance {
  component: Component;
  version: string;
  name: string;
  port: number;
  dir: string;
  child?: ChildProcess;
}

let sequence = 0;

export class LocalDriver extends DeploymentDriver<LocalInstance> {
  readonly name = 'local';
  protected override readonly instancesEndWithProcess = true;
  protected readonly haproxy: HaproxyRuntime;
  protected readonly live = new Map<Component, LocalInstance[]>();
  /** Every instance started and not yet exited: close() stops those a rollout left half-way too. */
  protected readonly spawned = new Set<LocalInstance>();
  protected closed = false;
  protected readonly host: string;

  constructor(protected readonly opts: LocalDriverOptions) {
    super();
    this.haproxy = new HaproxyRuntime(opts.haproxy.socket);
    this.host = opts.host ?? '127.0.0.1';
  }

  async artifactPresent(component: Component, artifact: Artifact): Promise<boolean> {
    if (!artifact.directory) return false;
    const file = component === 'dashboard' ? 'plugin.json' : 'release.json';
    return access(join(artifact.directory, file)).then(() => true, () => false);
  }

  /** The instances serving each component now (for tests and the demo's banner). */
  instances(component: Component): LocalInstance[] {
    return [...(this.live.get(component) ?? [])];
  }

  async readiness(component: Component): Promise<InstanceReadiness[]> {
    const instances = this.instances(component);
    if (component === 'dashboard') {
      const ok = await access(join(this.opts.dashboardLink ?? '', 'plugin.json')).then(() => true, () => false);
      return instances.map((i) => ({ instance: i.name, ready: ok }));
    }
    const servers = component === 'api' ? await this.haproxy.servers(this.opts.haproxy.backend) : undefined;
    return Promise.all(
      instances.map(async (i) => {
        const healthy = await this.healthy(i);
        return { instance: i.name, ready: healthy && (servers ? servers.get(i.name)?.status === 'UP' : true) };
      }),
    );
  }

  override async close(): Promise<void> {
    this.closed = true;
    for (const [component, instances] of this.live) await this.retire({ component } as Target, instances).catch(() => undefined);
    this.live.clear();
    await Promise.all([...this.spawned].map((i) => this.stop(i)));
  }

  protected async startInstances(target: Target): Promise<LocalInstance[]> {
    const dir = target.artifact.directory!;
    const instance: LocalInstance = { component: target.component, version: target.version, name: `${target.version.replace(/[^A-Za-z0-9_-]/g, '_')}-${++sequence}`, port: 0, dir };
    if (target.component === 'dashboard') return [instance];
    if (this.closed) throw new Error('the local driver is closed');
    const release = ReleaseFileSchema.parse(JSON.parse(await readFile(join(dir, 'release.json'), 'utf8')));
    instance.port = await freeLoopbackPort(this.host);
    const [bin, ...args] = release.command;
    if (this.closed) throw new Error('the local driver is closed'); // closed while reading the release
    const child = spawn(bin!, args, {
      cwd: dir,
      env: { ...process.env, ...this.opts.env, ...release.env, PORT: String(instance.port), HOST: this.host, RELEASE_VERSION: target.version, RELEASE_COMPONENT: target.component, INSTANCE_NAME: instance.name },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const stream of [child.stdout, child.stderr]) stream?.setEncoding('utf8').on('data', (d: string) => d.split('\n').filter(Boolean).forEach((l) => this.opts.onOutput?.(instance.name, l)));
    instance.child = child;
    this.spawned.add(instance);
    child.once('exit', () => this.spawned.delete(instance));
    await new Promise<void>((ok, fail) => {
      child.once('error', (err) => fail(new Error(`${target.component} ${target.version} could not start: ${err.message}`)));
      child.once('spawn', () => ok());
    });
    return [instance];
  }

  protected async waitReady(target: Target, fresh: LocalInstance[]): Promise<void> {
    const end = Date.now() + (this.opts.readyTimeoutMs ?? 30_000);
    for (const i of fresh) {
      if (target.component === 'dashboard') {
        if (!(await this.artifactPresent('dashboard', target.artifact))) throw new Error(`dashboard ${target.version}: plugin.json missing`);
        continue;
      }
      while (!(await this.healthy(i))) {
        if (i.child?.exitCode !== null || Date.now() > end) {
          await this.stop(i);
          throw new Error(`${i.component} ${i.name} did not become healthy within ${this.opts.readyTimeoutMs ?? 30_000} ms`);
        }
        await sleep(100);
      }
    }
  }

  protected async switchTraffic(target: Target, fresh: LocalInstance[]): Promise<LocalInstance[]> {
    const old = this.instances(target.component);
    const { backend } = this.opts.haproxy;
    if (target.component === 'api') {
      for (const i of fresh) {
        await this.haproxy.addServer(backend, i.name, `${this.host}:${i.port}`);
        const end = Date.now() + (this.opts.readyTimeoutMs ?? 30_000);
        while ((await this.haproxy.servers(backend)).get(i.name)?.status !== 'UP') {
          if (Date.now() > end) {
            await this.haproxy.setState(backend, i.name, 'maint').then(() => this.haproxy.delServer(backend, i.name), () => undefined);
            await this.stop(i);
            throw new Error(`haproxy did not see ${i.name} UP within ${this.opts.readyTimeoutMs ?? 30_000} ms`);
          }
          await sleep(50);
        }
      }
      // New requests now go to the new servers only; the old finish what they have.
      for (const i of old) await this.haproxy.setState(backend, i.name, 'drain');
    }
    if (target.component === 'dashboard') await this.pointDashboardAt(target.artifact.directory!);
    this.live.set(target.component, fresh);
    await this.writeScrapeTargets();
    return old;
  }

  protected async retire(target: Target, old: LocalInstance[]): Promise<void> {
    const { backend } = this.opts.haproxy;
    await Promise.all(
      old.map(async (i) => {
        if (target.component === 'api') {
          const end = Date.now() + (this.opts.drainTimeoutMs ?? 30_000);
          while (((await this.haproxy.servers(backend)).get(i.name)?.sessions ?? 0) > 0 && Date.now() < end) await sleep(50);
          await this.haproxy.setState(backend, i.name, 'maint');
          await this.haproxy.delServer(backend, i.name);
        }
        await this.stop(i);
      }),
    );
    await this.writeScrapeTargets();
  }

  protected override describe(instances: LocalInstance[]): string {
    return instances.map((i) => (i.port ? `${i.name} on :${i.port}` : i.name)).join(', ');
  }

  /** SIGTERM, then SIGKILL after stopTimeoutMs. */
  protected async stop(i: LocalInstance): Promise<void> {
    const child = i.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.opts.stopTimeoutMs ?? 40_000);
    await exited;
    clearTimeout(timer);
  }

  protected async healthy(i: LocalInstance): Promise<boolean> {
    if (!i.port) return true;
    const res = await fetch(`http://${this.host}:${i.port}/healthz`, { signal: AbortSignal.timeout(1000) }).catch(() => undefined);
    return Boolean(res?.ok);
  }

  /** Swaps the symlink in one rename, so the dashboard is never missing. */
  protected async pointDashboardAt(dir: string): Promise<void> {
    const link = this.opts.dashboardLink;
    if (!link) throw new Error('no dashboard link configured for the local driver');
    const tmp = `${link}.next-${process.pid}`;
    await symlink(dir, tmp);
    await rename(tmp, link);
    await readlink(link);
  }

  protected async writeScrapeTargets(): Promise<void> {
    if (!this.opts.scrapeTargetsFile) return;
    const groups = [...this.live.values()].flat().filter((i) => i.port).map((i) => ({ targets: [`${this.host}:${i.port}`], labels: { release: i.version, component: i.component, instance_name: i.name } }));
    const tmp = `${this.opts.scrapeTargetsFile}.tmp`;
    await writeFile(tmp, JSON.stringify(groups));
    await rename(tmp, this.opts.scrapeTargetsFile);
  }
}

async function freeLoopbackPort(host: string): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}
