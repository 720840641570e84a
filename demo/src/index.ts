// @trafi-ops/demo: the demo storefront and its job types, for the end-to-end tests of other
// workspaces (dashboards); `npm start` is src/start.ts.
export { createDemoPlatform, serveDemoPlatform, startDemoTraffic, type DemoPlatformDeps } from './platform.ts';
export { DEMO_TENANTS, demoBatch, demoJobTypes } from './jobs.ts';
export { DEMO_TENANT_ORDERS, seedTenantData } from './tenant-data.ts';
