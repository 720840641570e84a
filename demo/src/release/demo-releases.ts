// `npm start`'s rollback demo, when haproxy is on PATH: haproxy in front of storefront release
// instances (the local driver switches them), release directories for v1 and v2 (whose checkout
// fails half the time), and the releases CI would have recorded: v1, then v2. Roll the api back
// to v1 from the plugin or the API and watch the verification. On a later start the stack starts
// the versions the registry says are live again.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, startHaproxy, type Haproxy } from '@trafi-ops/devstack';
import { LocalDriver, ReleaseRegistry, type Stack } from '@trafi-ops/exporters';
import { DEMO_RELEASES, writeReleaseDirectories } from './releases.ts';

export interface DemoReleases {
  driver: LocalDriver;
  haproxy: Haproxy;
  /** Prometheus file_sd file listing the release instances. */
  targetsFile: string;
  /** Starts the live releases (v1 then v2 on a first start) and records them. */
  deploy(stack: Stack): Promise<string>;
  deployLive(stack: Stack): Promise<string>;
  stop(): Promise<void>;
}

export const haproxyOnPath = () => spawnSync('haproxy', ['-v'], { stdio: 'ignore' }).status === 0;

export async function startDemoReleases(opts: { dataDir: string; redisUrl: string; prefix: string; databaseUrl?: string; port?: number }): Promise<DemoReleases> {
  const haproxy = await startHaproxy({ dir: join(opts.dataDir, 'haproxy'), port: opts.port || (await freePort()) });
  const targetsFile = join(opts.dataDir, 'release-targets.json');
  writeFileSync(targetsFile, '[]');
  const dirs = writeReleaseDirectories(join(opts.dataDir, 'releases'));
  const driver = new LocalDriver({ haproxy: { socket: haproxy.socket, backend: haproxy.backend }, env: { REDIS_URL: opts.redisUrl, REDIS_PREFIX: opts.prefix, LOG_LEVEL: 'warn', ...(opts.databaseUrl && { DATABASE_URL: opts.databaseUrl }) },
    scrapeTargetsFile: targetsFile,
    // Without DATABASE_URL each storefront instance starts an embedded PGlite: slow on a busy machine.
    readyTimeoutMs: 120_000,
    onOutput: (instance, line) => process.stderr.write(`${instance}: ${line}\n`),
  });
  const components = (v: string) => ({ api: { directory: dirs[v]!.api }, workers: { directory: dirs[v]!.workers } });
  const releases: DemoReleases = {
    driver,
    haproxy,
    targetsFile,
    async deploy(stack) {
      // Failing here leaves the rest of npm start running: haproxy and the instances go.
      return releases.deployLive(stack).catch(async (err: unknown) => {
        await releases.stop().catch(() => undefined);
        throw err;
      });
    },
    async deployLive(stack: Stack) {
      const registry = new ReleaseRegistry(stack.db);
      const live = await registry.live();
      if (!live.get('api')) {
        for (const r of DEMO_RELEASES) {
          for (const [component, artifact] of Object.entries(components(r.version))) await driver.rollout({ component: component as 'api', version: r.version, artifact }, () => undefined);
          await registry.record({ version: r.version, components: components(r.version), commit: r.version === 'v1' ? '1a2b3c4' : '5d6e7f8', migrations: r.version === 'v1' ? [] : [{ name: '003_orders_index', breaksOlderCode: false }], actor: 'demo-ci' });
        }
      } else {
        await driver.whenResumed(); // the stack started the live releases again (DeploymentDriver.resume)
      }
      const now = (await registry.live()).get('api')?.version;
      const story = now === 'v2' ? "v2's checkouts fail half the time: TrafiReleaseHighErrorRate fires within about 2 minutes; " : '';
      return `${haproxy.url} (haproxy: storefront ${now} live, demo shoppers go through it; releases v1, v2 in ${join(opts.dataDir, 'releases')}; ${story}roll back with POST /api/v1/rollbacks or the plugin's Rollback page)`;
    },
    async stop() {
      await driver.close();
      await haproxy.stop();
    },
  };
  return releases;
}
