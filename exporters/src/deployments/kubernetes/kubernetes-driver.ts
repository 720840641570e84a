// The Kubernetes driver (@kubernetes/client-node): a component is a Deployment; rolling it to a
// release sets its container's image to the release's digest and annotates the pod template with
// the release (a strategic merge patch, as `kubectl set image` sends), then waits for the rollout
// the way `kubectl rollout status` does, and reads readiness from the pods' Ready condition.
// Kubernetes' rolling update is the zero-downtime switch (keep maxUnavailable at 0); the driver
// has no old instances of its own to retire.
import { AppsV1Api, CoreV1Api, KubeConfig, PatchStrategy, setHeaderOptions, type V1Deployment } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Artifact, Component } from '@trafi-ops/contracts';
import { DeploymentDriver, type InstanceReadiness, type Target } from '../driver.ts';

export const RELEASE_ANNOTATION = 'trafi.io/release';

export interface KubernetesDriverOptions {
  kubeConfig: KubeConfig;
  namespace: string;
  /** The Deployment (and its container) per component. */
  deployments: Partial<Record<Component, { name: string; container: string }>>;
  rolloutTimeoutMs?: number;
  pollMs?: number;
}

interface Rollout {
  name: string;
  generation: number;
}

export class KubernetesDriver extends DeploymentDriver<Rollout> {
  readonly name = 'kubernetes';
  protected readonly apps: AppsV1Api;
  protected readonly core: CoreV1Api;

  constructor(protected readonly opts: KubernetesDriverOptions) {
    super();
    this.apps = opts.kubeConfig.makeApiClient(AppsV1Api);
    this.core = opts.kubeConfig.makeApiClient(CoreV1Api);
  }

  /** A kubeconfig for one API server and bearer token (a CI secret, or a token file outside the cluster). */
  static kubeConfig(server: string, token: string, tls: { skipTLSVerify?: boolean; caFile?: string } = {}): KubeConfig {
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'target', server, skipTLSVerify: tls.skipTLSVerify ?? false, caFile: tls.caFile }],
      users: [{ name: 'trafi-ops', token }],
      contexts: [{ name: 'target', cluster: 'target', user: 'trafi-ops' }],
      currentContext: 'target',
    });
    return kc;
  }

  /** The pod's own service account (token, CA, API address from KUBERNETES_SERVICE_HOST), or undefined outside a pod. */
  static inCluster(): KubeConfig | undefined {
    if (!process.env.KUBERNETES_SERVICE_HOST) return undefined;
    const kc = new KubeConfig();
    kc.loadFromCluster();
    return kc;
  }

  async artifactPresent(component: Component, artifact: Artifact): Promise<boolean> {
    return Boolean(artifact.image && this.opts.deployments[component]);
  }

  async readiness(component: Component): Promise<InstanceReadiness[]> {
    const d = await this.deployment(component);
    const selector = Object.entries(d.spec?.selector.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const pods = await this.core.listNamespacedPod({ namespace: this.opts.namespace, labelSelector: selector });
    return pods.items.map((p) => ({
      instance: p.metadata?.name ?? '?',
      ready: p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
    }));
  }

  protected async startInstances(target: Target): Promise<Rollout[]> {
    const { name, container } = this.target(target.component);
    const patch = {
      metadata: { annotations: { [RELEASE_ANNOTATION]: target.version } },
      spec: { template: { metadata: { annotations: { [RELEASE_ANNOTATION]: target.version } }, spec: { containers: [{ name: container, image: target.artifact.image }] } } },
    };
    const patched = await this.apps.patchNamespacedDeployment({ name, namespace: this.opts.namespace, body: patch }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    return [{ name, generation: patched.metadata?.generation ?? 0 }];
  }

  /** `kubectl rollout status`: the controller saw the new generation, every replica is updated and available, no old one is left. */
  protected async waitReady(target: Target, fresh: Rollout[]): Promise<void> {
    const end = Date.now() + (this.opts.rolloutTimeoutMs ?? 600_000);
    for (const r of fresh) {
      for (;;) {
        const d = await this.apps.readNamespacedDeployment({ name: r.name, namespace: this.opts.namespace });
        const s = d.status ?? {};
        const want = d.spec?.replicas ?? 1;
        const stuck = s.conditions?.find((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded');
        if (stuck) throw new Error(`deployment ${r.name}: ${stuck.message ?? 'progress deadline exceeded'}`);
        if ((s.observedGeneration ?? 0) >= r.generation && (s.updatedReplicas ?? 0) === want && (s.availableReplicas ?? 0) === want && (s.replicas ?? 0) === want) break;
        if (Date.now() > end) throw new Error(`deployment ${r.name} (${target.version}) did not finish its rollout in time: ${s.updatedReplicas ?? 0}/${want} updated, ${s.availableReplicas ?? 0} available`);
        await sleep(this.opts.pollMs ?? 1000);
      }
    }
  }

  protected async switchTraffic(): Promise<Rollout[]> {
    return []; // the Service follows the ready pods: the rolling update already switched
  }

  protected async retire(): Promise<void> {}

  protected target(component: Component): { name: string; container: string } {
    const t = this.opts.deployments[component];
    if (!t) throw new Error(`no Kubernetes Deployment is configured for ${component}`);
    return t;
  }

  protected async deployment(component: Component): Promise<V1Deployment> {
    return this.apps.readNamespacedDeployment({ name: this.target(component).name, namespace: this.opts.namespace });
  }
}
