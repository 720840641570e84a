// Event flow (story 11.7): per store, events by type, freshness, and the overdue types.
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { METRICS, RECORDING_RULES } from '@trafi-ops/contracts';
import { COLORS, base, grid, instant, labelVariable, query, thresholds, upDown } from './panels.ts';

const { eventFlowGap, eventFlowHealthy, eventsReceived } = METRICS;
const { storeEventsFreshness, storeEventTypeEvents1d, storeEventTypeEvents1h } = RECORDING_RULES;

export function eventFlow() {
  return base('trafi-event-flow', 'Trafi · Event flow', 'Storefront events per store and type, freshness and gaps (story 11.7).')
    .withVariable(labelVariable('store', 'Store', eventsReceived.name))
    .withPanel(
      new stat.PanelBuilder().title('Store event flow').gridPos(grid(0, 0, 12, 5))
        .withTarget(query(`${eventFlowHealthy.name}{store=~"$store"}`, '{{store}}')).mappings(upDown('HEALTHY', 'GAP'))
        .thresholds(thresholds([[null, COLORS.bad], [1, COLORS.ok]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Since the last event').gridPos(grid(12, 0, 12, 5)).unit('s')
        .withTarget(query(`${storeEventsFreshness}{store=~"$store"}`, '{{store}}'))
        .thresholds(thresholds([[null, COLORS.ok], [300, COLORS.warn], [3600, COLORS.bad]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Events per minute by type').gridPos(grid(0, 5, 24, 8))
        .withTarget(query(`sum by (store, event_type) (rate(${eventsReceived.name}{store=~"$store"}[$__rate_interval])) * 60`, '{{store}} {{event_type}}')),
    )
    .withPanel(
      new table.PanelBuilder().title('Events in the last hour and day').gridPos(grid(0, 13, 14, 8))
        .withTarget(instant(`${storeEventTypeEvents1h}{store=~"$store"}`, 'A'))
        .withTarget(instant(`${storeEventTypeEvents1d}{store=~"$store"}`, 'B'))
        .withTransformation({ id: 'merge', options: {} })
        .withTransformation({ id: 'organize', options: { excludeByName: { Time: true }, renameByName: { 'Value #A': 'Last hour', 'Value #B': 'Last day' } } }),
    )
    .withPanel(
      new table.PanelBuilder().title('Overdue event types').description('Why a store is unhealthy: each silent event type and how its expectation was set.').gridPos(grid(14, 13, 10, 8))
        .withTarget(instant(`${eventFlowGap.name}{store=~"$store"}`, 'A'))
        .withTransformation({ id: 'organize', options: { excludeByName: { Time: true, Value: true, __name__: true, job: true, instance: true } } }),
    );
}
