// SLOs and error budgets (story 11.8): budget left, burn rates against the alert thresholds,
// error ratios over the windows of the SLO specs (alert-rules/slos).
import * as common from '@grafana/grafana-foundation-sdk/common';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { RECORDING_RULES, sloBurnRate, sloErrorRatio } from '@trafi-ops/contracts';
import { COLORS, base, grid, labelVariable, query, thresholds } from './panels.ts';

const { sloErrorBudgetRemaining, sloObjective } = RECORDING_RULES;

export function slos() {
  return base('trafi-slos', 'Trafi · SLOs and error budgets', 'Error budget remaining and burn rate per SLO (story 11.8).')
    .withVariable(labelVariable('slo', 'SLO', sloObjective))
    .withPanel(
      new stat.PanelBuilder().title('Error budget remaining (30 days)').gridPos(grid(0, 0, 12, 6)).unit('percentunit').decimals(1)
        .withTarget(query(`${sloErrorBudgetRemaining}{slo=~"$slo"}`, '{{slo}}'))
        .thresholds(thresholds([[null, COLORS.bad], [0, COLORS.warn], [0.25, COLORS.ok]])).colorMode(common.BigValueColorMode.Background),
    )
    .withPanel(
      new stat.PanelBuilder().title('Objective').gridPos(grid(12, 0, 12, 6)).unit('percentunit').decimals(2)
        .withTarget(query(`${sloObjective}{slo=~"$slo"}`, '{{slo}}')).thresholds(thresholds([[null, COLORS.neutral]])),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Burn rate (1 = budget spent in exactly 30 days)').gridPos(grid(0, 6, 12, 9))
        .withTarget(query(`${sloBurnRate('1h')}{slo=~"$slo"}`, '{{slo}} 1h', 'A'))
        .withTarget(query(`${sloBurnRate('6h')}{slo=~"$slo"}`, '{{slo}} 6h', 'B'))
        .withTarget(query(`${sloBurnRate('1d')}{slo=~"$slo"}`, '{{slo}} 1d', 'C'))
        .thresholds(thresholds([[null, COLORS.ok], [1, COLORS.warn], [14.4, COLORS.bad]]))
        .thresholdsStyle(new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Line)),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Error ratio over 5m / 1h / 30d').gridPos(grid(12, 6, 12, 9)).unit('percentunit')
        .withTarget(query(`${sloErrorRatio('5m')}{slo=~"$slo"}`, '{{slo}} 5m', 'A'))
        .withTarget(query(`${sloErrorRatio('1h')}{slo=~"$slo"}`, '{{slo}} 1h', 'B'))
        .withTarget(query(`${sloErrorRatio('30d')}{slo=~"$slo"}`, '{{slo}} 30d', 'C')),
    );
}
