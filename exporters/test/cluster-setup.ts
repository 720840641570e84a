// globalSetup of the exporters-cluster project: one Redis Cluster for the whole project run,
// its nodes provided to the suites (helpers.ts: CLUSTER_NODES), stopped and deleted afterwards.
import type { TestProject } from 'vitest/node';
import { startRedisCluster } from '@trafi-ops/devstack';

export default async function setup(project: TestProject) {
  const cluster = await startRedisCluster();
  project.provide('redisClusterNodes', cluster.nodesEnv);
  return () => cluster.stop();
}
