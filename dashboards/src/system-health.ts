// System health (story 11.5): service and dependency status as a strict grid, error rate and
// latency percentiles, colour thresholds green / yellow (amber, the plugin's warning colour) / red, refresh configurable.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { EXTERNAL_SERIES, METRICS, RECORDING_RULES } from '@trafi-ops/contracts';
import { COLORS, base, grid, labelVariable, query, thresholds, upDown } from './panels.ts';

const { dependencyLatency, dependencyUp, httpRequests, workerLastSeen } = METRICS;
const { serviceErrorRatio5m, serviceLatencyP50, serviceLatencyP95, serviceLatencyP99 } = RECORDING_RULES;

export function systemHealth() {
  return base('trafi-system-health', 'Trafi · System health', 'Services, PostgreSQL and Redis status, error rate and latency (story 11.5).')
    .withVariable(labelVariable('service', 'Service', httpRequests.name))
    .withPanel(
      new stat.PanelBuilder().title('Services').description('Prometheus scrape status per job (up).').gridPos(grid(0, 0, 8, 4))
        .withTarget(query(EXTERNAL_SERIES.up, '{{job}}')).mappings(upDown('UP', 'DOWN')).thresholds(thresholds([[null, COLORS.bad], [1, COLORS.ok]]))
        .colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Dependencies').description(`PostgreSQL and Redis probes from the exporters (${dependencyUp.name}).`).gridPos(grid(8, 0, 8, 4))
        .withTarget(query(dependencyUp.name, '{{dependency}}')).mappings(upDown('UP', 'DOWN')).thresholds(thresholds([[null, COLORS.bad], [1, COLORS.ok]]))
        .colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Dependency latency').gridPos(grid(16, 0, 8, 4)).unit('s')
        .withTarget(query(dependencyLatency.name, '{{dependency}}'))
        .thresholds(thresholds([[null, COLORS.ok], [0.1, COLORS.warn], [0.5, COLORS.bad]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Error rate (5xx, 5m)').gridPos(grid(0, 4, 8, 4)).unit('percentunit').decimals(2)
        .withTarget(query(`${serviceErrorRatio5m}{service=~"$service"}`, '{{service}}'))
        .thresholds(thresholds([[null, COLORS.ok], [0.01, COLORS.warn], [0.05, COLORS.bad]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Firing alerts').gridPos(grid(8, 4, 8, 4))
        .withTarget(query(`count(${EXTERNAL_SERIES.alerts}{alertstate="firing"}) or vector(0)`, 'firing'))
        .thresholds(thresholds([[null, COLORS.ok], [1, COLORS.bad]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Workers alive').description('Workers with a heartbeat in the last minute, per queue.').gridPos(grid(16, 4, 8, 4))
        .withTarget(query(`count by (queue) (time() - ${workerLastSeen.name} < 60)`, '{{queue}}'))
        .thresholds(thresholds([[null, COLORS.bad], [1, COLORS.ok]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Latency p50 / p95 / p99').gridPos(grid(0, 8, 12, 8)).unit('s')
        .withTarget(query(`${serviceLatencyP50}{service=~"$service"}`, 'p50 {{service}}', 'A'))
        .withTarget(query(`${serviceLatencyP95}{service=~"$service"}`, 'p95 {{service}}', 'B'))
        .withTarget(query(`${serviceLatencyP99}{service=~"$service"}`, 'p99 {{service}}', 'C'))
        .thresholds(thresholds([[null, COLORS.ok], [0.5, COLORS.warn], [1, COLORS.bad]])),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Requests by status code').gridPos(grid(12, 8, 12, 8)).unit('reqps')
        .withTarget(query(`sum by (service, code) (rate(${httpRequests.name}{service=~"$service"}[$__rate_interval]))`, '{{service}} {{code}}')),
    );
}
