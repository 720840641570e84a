// @trafi-ops/devstack: real services for the tests and for `npm start`, each on a free loopback
// port and stopped by whoever started it. It knows none of our packages: rule files, configs and
// scrape targets are parameters.
export { waitFor, sleep } from './wait.ts';
export { freePort } from './ports.ts';
export { Proc } from './proc.ts';
export { dropPrefix, ensureRedis, reachable, spawnRedisServer, type LocalRedis } from './redis.ts';
export { canCreateNetns, createNetns, createNetnsHosts, type NetNs, type NetnsHost, type NetnsHosts } from './netns.ts';
export { startDelayProxy, type DelayProxy } from './delay-proxy.ts';
export { startRedisCluster, type ClusterNode, type RedisCluster, type RedisClusterOptions } from './redis-cluster.ts';
export { prometheusConfig, startPrometheus, type Prometheus, type PrometheusConfigOptions, type ProbeJob, type ScrapeJob } from './prometheus.ts';
export { startVictoriaMetrics, type VictoriaMetrics, type VictoriaMetricsOptions } from './victoria-metrics.ts';
export { alertmanagerAlerts, startAlertmanager, type Alertmanager, type AlertmanagerOptions, type AmAlertStatus } from './alertmanager.ts';
export { haproxyConfig, startHaproxy, type Haproxy } from './haproxy.ts';
export { startReceiver, type PagerDutyEvent, type Received, type Receiver, type SlackMessage } from './receiver.ts';
export { startKubeStandIn, type KubeStandIn } from './kube-api.ts';
export { startBlackbox, type Blackbox, type BlackboxOptions } from './blackbox.ts';
