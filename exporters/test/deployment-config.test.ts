// The deployment driver from the environment: bad settings stop start-up naming the variable;
// the product's own entry (main.ts, a child process) with DEPLOY_DRIVER=kubernetes rolls a
// Deployment of the local API stand-in back through its ops API; a stack with DEPLOY_DRIVER=local
// starts the live release again behind a real haproxy (its instances ended with the last
// process) and stops it with the stack.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort, startHaproxy, startKubeStandIn, waitFor, type Haproxy, type KubeStandIn } from '@trafi-ops/devstack';
import { ConfigError, loadConfig } from '../src/config.ts';
import { openDatabase } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { driverFromConfig } from '../src/deployments/config.ts';
import { KubernetesDriver } from '../src/deployments/kubernetes/kubernetes-driver.ts';
import { LocalDriver } from '../src/deployments/local/local-driver.ts';
import { ReleaseRegistry } from '../src/deployments/registry.ts';
import { startStack } from '../src/stack.ts';
import { REDIS_URL, dropPrefix, logger, redisFor, uniquePrefix } from './helpers.ts';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const digest = (c: string) => `registry.example/trafi/storefront@sha256:${c.repeat(64)}`;
const DEPLOYER = 'deployer-token-config-0123';
const OPERATOR = 'operator-token-config-0123';
let dir: string;
const redis = redisFor();
const prefixes: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'trafi-deploy-config-'));
});
afterAll(async () => {
  for (const p of prefixes) await dropPrefix(redis, p);
  redis.disconnect();
  await rm(dir, { recursive: true, force: true });
});

const configError = (env: Record<string, string>) => {
  try {
    driverFromConfig(loadConfig(env));
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('no ConfigError');
};

test('a missing or bad setting names its variable; unset DEPLOY_DRIVER builds no driver', async () => {
  expect(driverFromConfig(loadConfig({}))).toBeUndefined();
  expect(configError({ DEPLOY_DRIVER: 'local' })).toBe('DEPLOY_HAPROXY_SOCKET: required with DEPLOY_DRIVER=local');
  expect(configError({ DEPLOY_DRIVER: 'kubernetes', KUBE_API_URL: 'https://kube.example:6443', KUBE_TOKEN_FILE: '/x', KUBE_NAMESPACE: 'shop' })).toBe('KUBE_DEPLOYMENTS: required with DEPLOY_DRIVER=kubernetes');
  expect(configError({ DEPLOY_DRIVER: 'kubernetes', KUBE_DEPLOYMENTS: 'api=storefront/storefront', KUBE_NAMESPACE: 'shop' })).toMatch(/^KUBE_API_URL: required outside a Kubernetes pod/);
  expect(configError({ DEPLOY_DRIVER: 'kubernetes', KUBE_DEPLOYMENTS: 'api=storefront/storefront', KUBE_API_URL: 'https://kube.example:6443', KUBE_NAMESPACE: 'shop' })).toBe('KUBE_TOKEN_FILE: required with DEPLOY_DRIVER=kubernetes');
  expect(configError({ DEPLOY_DRIVER: 'kubernetes', KUBE_DEPLOYMENTS: 'api=storefront/storefront', KUBE_API_URL: 'https://kube.example:6443', KUBE_NAMESPACE: 'shop', KUBE_TOKEN_FILE: join(dir, 'missing') })).toMatch(/^KUBE_TOKEN_FILE: cannot read .*missing \(ENOENT\)$/);
  // What the schema checks names the variable and the value it had.
  expect(() => loadConfig({ DEPLOY_DRIVER: 'ansible' })).toThrow(/DEPLOY_DRIVER: .*"ansible"/);
  expect(() => loadConfig({ KUBE_DEPLOYMENTS: 'api=storefront' })).toThrow(/KUBE_DEPLOYMENTS: comma-separated component=deployment\/container .*"api=storefront"/);
  expect(() => loadConfig({ KUBE_DEPLOYMENTS: 'db=postgres/postgres' })).toThrow(/KUBE_DEPLOYMENTS/);
  await writeFile(join(dir, 'token'), 'kube-token\n');
  const built = driverFromConfig(loadConfig({ DEPLOY_DRIVER: 'kubernetes', KUBE_DEPLOYMENTS: 'api=storefront/storefront, workers=workers/worker', KUBE_API_URL: 'https://kube.example:6443', KUBE_NAMESPACE: 'shop', KUBE_TOKEN_FILE: join(dir, 'token') }));
  expect(built).toBeInstanceOf(KubernetesDriver);
  expect(driverFromConfig(loadConfig({ DEPLOY_DRIVER: 'local', DEPLOY_HAPROXY_SOCKET: join(dir, 'admin.sock') }))).toBeInstanceOf(LocalDriver);
});

test('main.ts with DEPLOY_DRIVER=kubernetes: a rollback through its ops API moves the Deployment', async () => {
  const kube: KubeStandIn = await startKubeStandIn({ namespace: 'shop', token: 'kube-token-config-0123', deployments: [{ name: 'storefront', container: 'storefront', image: digest('b'), replicas: 2 }] });
  await writeFile(join(dir, 'kube-token'), kube.token);
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN], {
    env: {
      ...process.env, REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: join(dir, 'main'), DATABASE_URL: '', API_PORT: String(port), METRICS_PORT: '0', LOG_LEVEL: 'warn',
      OPS_API_TOKENS: `ci@deployer:${DEPLOYER},alice@operator:${OPERATOR}`,
      DEPLOY_DRIVER: 'kubernetes', KUBE_API_URL: kube.url, KUBE_TOKEN_FILE: join(dir, 'kube-token'), KUBE_SKIP_TLS_VERIFY: 'true', KUBE_NAMESPACE: 'shop', KUBE_DEPLOYMENTS: 'api=storefront/storefront',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const api = `http://127.0.0.1:${port}/api/v1`;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(api + path, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as any };
  };
  try {
    await waitFor('main.ts to serve', async () => (await fetch(`http://127.0.0.1:${port}/readyz`).catch(() => undefined))?.ok === true, 60_000, 200).catch((err) => {
      throw new Error(`${err.message}\n${out}`);
    });
    for (const [version, c] of [['v1', 'a'], ['v2', 'b']] as const) {
      expect((await call('POST', '/deployments', DEPLOYER, { version, components: { api: { image: digest(c) } }, commit: `${c.repeat(7)}`, migrations: [] })).status).toBe(201);
    }
    const started = await call('POST', '/rollbacks', OPERATOR, { scope: 'api', targetVersion: 'v1', reason: 'v2 answers 503 on checkout' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const done = await waitFor('the rollback to finish', async () => {
      const r = (await call('GET', `/rollbacks/${started.body.rollback.id}`, OPERATOR)).body.rollback;
      return r.status !== 'running' && r.status !== 'verifying' && r;
    }, 30_000, 200);
    expect(done.status, done.error).toBe('succeeded');
    const deployment = kube.deployment('storefront');
    expect(deployment.image).toBe(digest('a'));
    expect(deployment.pods.map((p) => [p.image, p.ready])).toEqual([[digest('a'), true], [digest('a'), true]]);
    expect(done.verification.readiness).toHaveLength(2);
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
    await kube.close();
  }
}, 90_000);

test('DEPLOY_DRIVER=local: the live release starts again behind haproxy at start, and stops with the stack', async () => {
  const haproxy: Haproxy = await startHaproxy({ dir: join(dir, 'haproxy'), port: await freePort() });
  // A release directory whose instance serves /healthz and tells its release.
  const release = join(dir, 'releases', 'r7');
  await mkdir(release, { recursive: true });
  await writeFile(join(release, 'server.mjs'), "import { createServer } from 'node:http';\nconst s = createServer((q, r) => { r.setHeader('x-release', process.env.RELEASE_VERSION); r.end('ok'); }).listen(Number(process.env.PORT), process.env.HOST);\nprocess.on('SIGTERM', () => s.close(() => process.exit(0)));\n");
  await writeFile(join(release, 'release.json'), JSON.stringify({ command: [process.execPath, 'server.mjs'] }));
  // What an earlier run left: r7 recorded as live (its instance ended with that process).
  const dataDir = join(dir, 'local');
  const seeded = await openDatabase({ dataDir: join(dataDir, 'pglite') });
  await migrate(seeded);
  await new ReleaseRegistry(seeded).record({ version: 'r7', components: { api: { directory: release } }, commit: 'c0ffee1', migrations: [], actor: 'ci' });
  await seeded.close();
  const prefix = uniquePrefix();
  prefixes.push(prefix);
  const config = loadConfig({ REDIS_URL, REDIS_PREFIX: prefix, DATA_DIR: dataDir, API_PORT: '0', METRICS_PORT: '0', DEPLOY_DRIVER: 'local', DEPLOY_HAPROXY_SOCKET: haproxy.socket, DEPLOY_HAPROXY_BACKEND: haproxy.backend });
  const stack = await startStack(config, { types: [], logger, tokens: `alice@operator:${OPERATOR}` });
  try {
    const res = await waitFor('haproxy to serve r7', async () => {
      const r = await fetch(haproxy.url).catch(() => undefined);
      return r?.status === 200 && r;
    }, 30_000, 100);
    expect(res.headers.get('x-release')).toBe('r7');
    const live = await (await fetch(`${stack.apiUrl}/api/v1/deployments/live`, { headers: { authorization: `Bearer ${OPERATOR}` } })).json() as any;
    expect(live.items.find((l: any) => l.component === 'api')).toMatchObject({ version: 'r7' });
  } finally {
    await stack.stop();
  }
  // The stack built the driver, so its stop stopped the instance: haproxy has nothing to send to.
  await waitFor('the instance to be gone', async () => (await fetch(haproxy.url)).status === 503, 10_000, 100);
  await haproxy.stop();
}, 60_000);
