// @trafi-ops/devstack: real services for the tests and for `npm start`, each on a free loopback
// port and stopped by whoever started it. It knows none of our packages: rule files, configs and
// scrape targets are parameters.
export { waitFor, sleep } from './wait.ts';
export { freePort } from './ports.ts';
export { Proc } from './proc.ts';
export { dropPrefix, ensureRedis, reachable, spawnRedisServer, type LocalRedis } from './redis.ts';
export { prometheusConfig, startPrometheus, type Prometheus, type PrometheusConfigOptions, type ProbeJob, type ScrapeJob } from './prometheus.ts';
export { alertmanagerAlerts, startAlertmanager, type Alertmanager, type AlertmanagerOptions, type AmAlertStatus } from './alertmanager.ts';
export { startReceiver, type PagerDutyEvent, type Received, type Receiver, type SlackMessage } from './receiver.ts';
export { startBlackbox, type Blackbox, type BlackboxOptions } from './blackbox.ts';
export { createNetns, type NetNs } from './netns.ts';
