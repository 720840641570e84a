// SLOs and error budgets (story 11.8): budget left, burn rates against the alert thresholds,
// error ratios over the windows of the SLO specs (alert-rules/slos).
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { COLORS, base, grid, labelVariable, query, thresholds } from './panels.ts';

export function slos() {
  return base('trafi-slos', 'Trafi · SLOs and error budgets', 'Error budget remaining and burn rate per SLO (story 11.8).')
    .withVariable(labelVariable('slo', 'SLO', 'slo:objective:ratio'))
    .withPanel(
      new stat.PanelBuilder().title('Error budget remaining (30 days)').gridPos(grid(0, 0, 12, 6)).unit('percentunit').decimals(1)
        .withTarget(query('slo:error_budget_remaining:ratio{slo=~"$slo"}', '{{slo}}'))
        .thresholds(thresholds([[null, COLORS.bad], [0, COLORS.warn], [0.25, COLORS.ok]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Objective').gridPos(grid(12, 0, 12, 6)).unit('percentunit').decimals(2)
        .withTarget(query('slo:objective:ratio{slo=~"$slo"}', '{{slo}}')).thresholds(thresholds([[null, COLORS.neutral]])),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Burn rate (1 = budget spent in exactly 30 days)').gridPos(grid(0, 6, 12, 9))
        .withTarget(query('slo:burn_rate:rate1h{slo=~"$slo"}', '{{slo}} 1h', 'A'))
        .withTarget(query('slo:burn_rate:rate6h{slo=~"$slo"}', '{{slo}} 6h', 'B'))
        .withTarget(query('slo:burn_rate:rate1d{slo=~"$slo"}', '{{slo}} 1d', 'C'))
        .thresholds(thresholds([[null, COLORS.ok], [1, COLORS.warn], [14.4, COLORS.bad]]))
        .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line)),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Error ratio over 5m / 1h / 30d').gridPos(grid(12, 6, 12, 9)).unit('percentunit')
        .withTarget(query('slo:sli_error:ratio_rate5m{slo=~"$slo"}', '{{slo}} 5m', 'A'))
        .withTarget(query('slo:sli_error:ratio_rate1h{slo=~"$slo"}', '{{slo}} 1h', 'B'))
        .withTarget(query('slo:sli_error:ratio_rate30d{slo=~"$slo"}', '{{slo}} 30d', 'C')),
    );
}
