// Releases and rollbacks (story 11.12): the registry, the preflight, the rollback service with its
// verification and alert, and the drivers (local haproxy + processes, Kubernetes).
export { ReleaseRegistry, ScopeBusyError, type NewRelease } from './registry.ts';
export { preflight, migrationsAfter, type PreflightResult } from './preflight.ts';
export { DeploymentDriver, type InstanceReadiness, type StepReporter, type Target } from './driver.ts';
export { PrometheusAnalysis, analysisQueries, type AnalysisConfig } from './analysis.ts';
export { AlertmanagerRollbackAlerter, type RollbackAlerter } from './rollback-alert.ts';
export { RollbackService, type RollbackServiceDeps } from './rollback-service.ts';
export { LocalDriver, type LocalDriverOptions, type LocalInstance } from './local/local-driver.ts';
export { HaproxyRuntime } from './local/haproxy-runtime.ts';
export { KubernetesDriver, RELEASE_ANNOTATION, type KubernetesDriverOptions } from './kubernetes/kubernetes-driver.ts';
export { createRollbacks } from './wiring.ts';
