// The deployment driver from the environment (part of the product's ConfigSchema): DEPLOY_DRIVER
// picks it, its settings are checked at start, and a missing or bad one stops start-up with a
// ConfigError naming the variable. Unset, the stack has no driver and rollbacks answer 503.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { Component } from '@trafi-ops/contracts';
import { ConfigError, readConfigFile } from '../config-error.ts';
import type { DeploymentDriver } from './driver.ts';
import { KubernetesDriver } from './kubernetes/kubernetes-driver.ts';
import { LocalDriver } from './local/local-driver.ts';

const KUBE_DEPLOYMENT = /^(api|workers|dashboard)=[a-z0-9.-]+\/[a-z0-9-]+$/;
const IN_CLUSTER_NAMESPACE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export const DeploymentConfigShape = {
  /** `local` (haproxy and release directories on this host) or `kubernetes`; unset: no rollbacks. */
  DEPLOY_DRIVER: z.enum(['local', 'kubernetes']).optional(),
  /** local: haproxy's admin socket (`stats socket … level admin`) and the backend the api instances are servers of. */
  DEPLOY_HAPROXY_SOCKET: z.string().min(1).optional(),
  DEPLOY_HAPROXY_BACKEND: z.string().min(1).default('storefront'),
  /** local: the Prometheus file_sd file the driver lists its instances in (with their `release` label). */
  DEPLOY_SCRAPE_TARGETS_FILE: z.string().min(1).optional(),
  /** local: the symlink the Grafana plugin directory is served from (the `dashboard` component). */
  DEPLOY_DASHBOARD_LINK: z.string().min(1).optional(),
  DEPLOY_READY_TIMEOUT_SECONDS: z.coerce.number().positive().max(3600).default(60),
  /** kubernetes: the API server; unset: in-cluster (the pod's service account). */
  KUBE_API_URL: z.string().url().optional(),
  /** kubernetes with KUBE_API_URL: a file holding the bearer token, and the server's CA (PEM). */
  KUBE_TOKEN_FILE: z.string().min(1).optional(),
  KUBE_CA_FILE: z.string().min(1).optional(),
  /** kubernetes: for a plain-HTTP or self-signed API server only (tests); never in production. */
  KUBE_SKIP_TLS_VERIFY: z.enum(['true', 'false']).default('false'),
  /** kubernetes: the namespace; unset in a pod: the service account's. */
  KUBE_NAMESPACE: z.string().regex(/^[a-z0-9-]{1,63}$/, 'a Kubernetes namespace name').optional(),
  /** kubernetes: `component=deployment/container`, comma-separated: `api=storefront/storefront,workers=workers/worker`. */
  KUBE_DEPLOYMENTS: z.string().optional().refine((v) => !v || v.split(',').every((d) => KUBE_DEPLOYMENT.test(d.trim())), 'comma-separated component=deployment/container (component: api, workers, dashboard)'),
};

const DeploymentSettingsSchema = z.object(DeploymentConfigShape);
export type DeploymentSettings = z.infer<typeof DeploymentSettingsSchema>;

/** The driver DEPLOY_DRIVER names, built and checked, or undefined when it is unset. */
export function driverFromConfig(c: DeploymentSettings, onOutput?: (instance: string, line: string) => void): DeploymentDriver | undefined {
  if (c.DEPLOY_DRIVER === 'local') {
    const socket = required(c, 'DEPLOY_HAPROXY_SOCKET');
    return new LocalDriver({
      haproxy: { socket, backend: c.DEPLOY_HAPROXY_BACKEND },
      scrapeTargetsFile: c.DEPLOY_SCRAPE_TARGETS_FILE,
      dashboardLink: c.DEPLOY_DASHBOARD_LINK,
      readyTimeoutMs: c.DEPLOY_READY_TIMEOUT_SECONDS * 1000,
      onOutput,
    });
  }
  if (c.DEPLOY_DRIVER === 'kubernetes') {
    const deployments = Object.fromEntries(
      required(c, 'KUBE_DEPLOYMENTS').split(',').map((d) => {
        const [component, rest] = d.trim().split('=') as [Component, string];
        const [name, container] = rest.split('/') as [string, string];
        return [component, { name, container }];
      }),
    );
    return new KubernetesDriver({ kubeConfig: kubeConfig(c), namespace: c.KUBE_NAMESPACE ?? inClusterNamespace(), deployments, rolloutTimeoutMs: c.DEPLOY_READY_TIMEOUT_SECONDS * 1000 });
  }
  return undefined;
}

function kubeConfig(c: DeploymentSettings) {
  if (!c.KUBE_API_URL) {
    const kc = KubernetesDriver.inCluster();
    if (!kc) throw new ConfigError('KUBE_API_URL: required outside a Kubernetes pod (no KUBERNETES_SERVICE_HOST here)');
    return kc;
  }
  const token = readConfigFile('KUBE_TOKEN_FILE', required(c, 'KUBE_TOKEN_FILE')).trim();
  if (c.KUBE_CA_FILE) readConfigFile('KUBE_CA_FILE', c.KUBE_CA_FILE); // unreadable: stop now, not at the first API call
  return KubernetesDriver.kubeConfig(c.KUBE_API_URL, token, { skipTLSVerify: c.KUBE_SKIP_TLS_VERIFY === 'true', caFile: c.KUBE_CA_FILE });
}

function inClusterNamespace(): string {
  try {
    return readFileSync(IN_CLUSTER_NAMESPACE, 'utf8').trim();
  } catch {
    throw new ConfigError(`KUBE_NAMESPACE: required (not in a pod: ${IN_CLUSTER_NAMESPACE} is missing)`);
  }
}

function required<K extends keyof DeploymentSettings>(c: DeploymentSettings, name: K): NonNullable<DeploymentSettings[K]> {
  const v = c[name];
  if (v === undefined || v === '') throw new ConfigError(`${name}: required with DEPLOY_DRIVER=${c.DEPLOY_DRIVER}`);
  return v as NonNullable<DeploymentSettings[K]>;
}
