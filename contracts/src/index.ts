// @trafi-ops/contracts: the ops API's contract (one file per resource, endpoints.ts for the
// routes) and the metric catalogue. The API validates with it, the plugin types its client
// from it; it depends on nothing but zod, so the browser bundle pulls in no server code.
export * from './common.ts';
export * from './errors.ts';
export * from './tenant.ts';
export * from './runs.ts';
export * from './queues.ts';
export * from './dlq.ts';
export * from './audit.ts';
export * from './event-flow.ts';
export * from './alerts.ts';
export * from './support.ts';
export * from './diagnostics.ts';
export * from './deployments.ts';
export * from './endpoints.ts';
export * from './metrics.ts';
export * from './status-colors.ts';
export * from './run-log.ts';
export * from './synthetic.ts';
