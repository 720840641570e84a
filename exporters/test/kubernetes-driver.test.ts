// The Kubernetes driver against a local stand-in for the API endpoints it uses (no cluster can
// run here): the image patch it sends, the rollout it waits for, the readiness it reads, a
// stuck rollout, a wrong token; and a rollback through the RollbackService on this driver.
// The stand-in speaks plain HTTP, which client-node accepts only with skipTLSVerify.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { AuditLog } from '../src/db/audit-log.ts';
import { openDatabase, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { KubernetesDriver, RELEASE_ANNOTATION } from '../src/deployments/kubernetes/kubernetes-driver.ts';
import { preflight } from '../src/deployments/preflight.ts';
import { ReleaseRegistry } from '../src/deployments/registry.ts';
import { RollbackService } from '../src/deployments/rollback-service.ts';
import { startKubeStandIn, type KubeStandIn } from '@trafi-ops/devstack';
import { logger } from './helpers.ts';

const digest = (c: string) => `registry.example/trafi/storefront@sha256:${c.repeat(64)}`;
const OLD = digest('a');
const NEW = digest('b');
const STUCK = digest('c');
let kube: KubeStandIn;
let driver: KubernetesDriver;
let dir: string;
let db: Database;

beforeAll(async () => {
  kube = await startKubeStandIn({
    namespace: 'shop', token: 'kube-token-0123456789', stuckImages: [STUCK],
    deployments: [{ name: 'storefront', container: 'storefront', image: OLD, replicas: 3 }, { name: 'workers', container: 'worker', image: OLD, replicas: 2 }],
  });
  driver = new KubernetesDriver({ kubeConfig: KubernetesDriver.kubeConfig(kube.url, kube.token, { skipTLSVerify: true }), namespace: 'shop', deployments: { api: { name: 'storefront', container: 'storefront' }, workers: { name: 'workers', container: 'worker' } }, pollMs: 50, rolloutTimeoutMs: 20_000 });
  dir = await mkdtemp(join(tmpdir(), 'trafi-kube-'));
  db = await openDatabase({ dataDir: dir });
  await migrate(db);
});
afterAll(async () => {
  await kube?.close();
  await db?.close();
  await rm(dir, { recursive: true, force: true });
});

test('a rollout patches the image and the release annotation, waits for every replica, then reads readiness', async () => {
  const steps: string[] = [];
  await driver.rollout({ component: 'api', version: 'v7', artifact: { image: NEW } }, (name) => steps.push(name));
  expect(steps).toEqual(['start', 'ready', 'switch', 'retire']);
  const patch = kube.requests.find((r) => r.method === 'PATCH')!;
  expect(patch.path).toBe('/apis/apps/v1/namespaces/shop/deployments/storefront');
  expect(patch.contentType).toBe('application/strategic-merge-patch+json');
  expect(patch.body).toEqual({
    metadata: { annotations: { [RELEASE_ANNOTATION]: 'v7' } },
    spec: { template: { metadata: { annotations: { [RELEASE_ANNOTATION]: 'v7' } }, spec: { containers: [{ name: 'storefront', image: NEW }] } } },
  });
  // Done means what `kubectl rollout status` means: every pod is the new one and ready, no old one left.
  const d = kube.deployment('storefront');
  expect(d.pods.map((p) => [p.image, p.ready])).toEqual([[NEW, true], [NEW, true], [NEW, true]]);
  const readiness = await driver.readiness('api');
  expect(readiness).toHaveLength(3);
  expect(readiness.every((r) => r.ready)).toBe(true);
  expect(kube.requests.some((r) => r.path.startsWith('/api/v1/namespaces/shop/pods?labelSelector=app%3Dstorefront') || r.path === '/api/v1/namespaces/shop/pods?labelSelector=app=storefront')).toBe(true);
  // The other Deployment was not touched.
  expect(kube.deployment('workers').image).toBe(OLD);
});

test('a rollout that cannot progress fails with the controller message', async () => {
  await expect(driver.rollout({ component: 'workers', version: 'v8', artifact: { image: STUCK } }, () => undefined)).rejects.toThrow(/has timed out progressing/);
  expect((await driver.readiness('workers')).some((r) => !r.ready)).toBe(true);
});

test('artifacts are image digests of a configured Deployment; a wrong token is refused', async () => {
  expect(await driver.artifactPresent('api', { image: NEW })).toBe(true);
  expect(await driver.artifactPresent('api', { directory: '/srv/releases/v7' })).toBe(false);
  expect(await driver.artifactPresent('dashboard', { image: NEW })).toBe(false);
  const wrong = new KubernetesDriver({ kubeConfig: KubernetesDriver.kubeConfig(kube.url, "not-the-token", { skipTLSVerify: true }), namespace: 'shop', deployments: { api: { name: 'storefront', container: 'storefront' } } });
  await expect(wrong.readiness('api')).rejects.toThrow(/401/);
});

test('a rollback through the service on the Kubernetes driver: steps, readiness, a new release', async () => {
  const registry = new ReleaseRegistry(db);
  await registry.record({ version: 'v1', components: { api: { image: OLD } }, commit: 'abc1234', migrations: [], actor: 'ci' });
  await registry.record({ version: 'v2', components: { api: { image: NEW } }, commit: 'abc5678', migrations: [], actor: 'ci' });
  const service = new RollbackService({ registry, driver, audit: new AuditLog(db), logger });
  const checked = await preflight(registry, driver, { scope: 'api', targetVersion: 'v1' });
  expect(checked.preflight).toMatchObject({ ok: true, plan: [{ component: 'api', from: 'v2', to: 'v1', artifact: { image: OLD } }] });
  const planned = service.plan(checked, 'api', 'back to v1', { user: 'alice', role: 'operator' }, Date.now());
  await service.start(planned, checked, { user: 'alice', role: 'operator' }, async () => undefined);
  const final = (await service.settled(planned.id))!;
  expect(final.status, JSON.stringify(final.steps)).toBe('succeeded');
  expect(final.verification).toMatchObject({ status: 'passed', readiness: [{ ready: true }, { ready: true }, { ready: true }] });
  expect(final.steps.find((s) => s.name === 'verify analysis')).toMatchObject({ status: 'skipped' });
  expect(kube.deployment('storefront').image).toBe(OLD);
  expect(kube.deployment('storefront').templateAnnotations[RELEASE_ANNOTATION]).toBe('v1');
  expect((await registry.live()).get('api')).toMatchObject({ version: 'v1', rollbackId: planned.id });
});
