// Synthetic monitoring (story 11.9): the latest result per check and location, the success
// ratio trends (1h / 1d / 7d recording rules), p95 durations, the funnel's steps and the
// blackbox probes, all from the external runners (k6 by remote write, blackbox by scrape).
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { EXTERNAL_SERIES, RECORDING_RULES } from '@trafi-ops/contracts';
import { COLORS, base, grid, instant, labelVariable, query, thresholds, upDown } from './panels.ts';

const { k6Checks, k6HttpReqDurationP95, k6HttpReqFailed, probeDuration, probeSuccess } = EXTERNAL_SERIES;
const { syntheticDurationP95, syntheticSuccess1d, syntheticSuccess1h, syntheticSuccess7d } = RECORDING_RULES;
const BLACKBOX = 'job="synthetics-blackbox"';

export function synthetics() {
  return base('trafi-synthetics', 'Trafi · Synthetics', 'Synthetic checks from external locations: blackbox probes every minute, the k6 checkout funnel every 5 minutes (story 11.9).')
    .withVariable(labelVariable('location', 'Location', k6Checks))
    .withPanel(
      new stat.PanelBuilder().title('Checkout funnel: latest run per step').gridPos(grid(0, 0, 12, 6))
        .withTarget(query(`min by (group, location) (last_over_time(${k6Checks}{synthetic="checkout-funnel", location=~"$location"}[10m]))`, '{{group}} · {{location}}'))
        .mappings(upDown('PASS', 'FAIL')).thresholds(thresholds([[null, COLORS.bad], [1, COLORS.ok]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Health probes: latest result').gridPos(grid(12, 0, 12, 6))
        .withTarget(query(`${probeSuccess}{${BLACKBOX}, location=~"$location"}`, '{{instance}} · {{location}}'))
        .mappings(upDown('UP', 'DOWN')).thresholds(thresholds([[null, COLORS.bad], [1, COLORS.ok]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new table.PanelBuilder().title('Success ratio per check and location').description('Share of passing results: last hour, day and week (recording rules).').gridPos(grid(0, 6, 14, 9))
        .withTarget(instant(`${syntheticSuccess1h}{location=~"$location"}`, 'A'))
        .withTarget(instant(`${syntheticSuccess1d}{location=~"$location"}`, 'B'))
        .withTarget(instant(`${syntheticSuccess7d}{location=~"$location"}`, 'C'))
        .withTransformation({ id: 'merge', options: {} })
        .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { 'Value #A': '1h', 'Value #B': '1d', 'Value #C': '7d' } } })
        .unit('percentunit'),
    )
    .withPanel(
      new table.PanelBuilder().title('p95 duration per check and location (1h)').gridPos(grid(14, 6, 10, 9)).unit('s')
        .withTarget(instant(`${syntheticDurationP95}{location=~"$location"}`, 'A'))
        .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { Value: 'p95' } } }),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('k6 request p95 by request').gridPos(grid(0, 15, 12, 8)).unit('ms')
        .withTarget(query(`${k6HttpReqDurationP95}{location=~"$location"}`, '{{synthetic}} {{name}} · {{location}}')),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Probe duration').gridPos(grid(12, 15, 12, 8)).unit('s')
        .withTarget(query(`${probeDuration}{${BLACKBOX}, location=~"$location"}`, '{{instance}} · {{location}}')),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('k6 failed requests').gridPos(grid(0, 23, 24, 7)).unit('percentunit')
        .withTarget(query(`${k6HttpReqFailed}{location=~"$location"}`, '{{synthetic}} {{name}} · {{location}}')),
    );
}
