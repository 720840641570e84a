// Queue status (story 11.4): depth per state, DLQ, throughput, waits and run times, unhealthy queues.
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { METRICS, RECORDING_RULES } from '@trafi-ops/contracts';
import { COLORS, base, grid, instant, labelVariable, query, thresholds } from './panels.ts';

const { jobDuration, jobWait, queueDlqJobs, queueJobs, queueOldestWaitingAge } = METRICS;
const { queueOutcomeJobsPerMinute, queueUnhealthy } = RECORDING_RULES;

export function queues() {
  return base('trafi-queues', 'Trafi · Queues', 'Jobs per queue and state, DLQ, throughput and health (story 11.4).')
    .withVariable(labelVariable('queue', 'Queue', queueJobs.name))
    .withPanel(
      new stat.PanelBuilder().title('Waiting').gridPos(grid(0, 0, 6, 4))
        .withTarget(query(`sum by (queue) (${queueJobs.name}{queue=~"$queue",state=~"waiting|prioritized"})`, '{{queue}}'))
        .thresholds(thresholds([[null, COLORS.ok], [100, COLORS.warn], [1000, COLORS.bad]])),
    )
    .withPanel(
      new stat.PanelBuilder().title('Active').gridPos(grid(6, 0, 6, 4))
        .withTarget(query(`sum by (queue) (${queueJobs.name}{queue=~"$queue",state="active"})`, '{{queue}}'))
        .thresholds(thresholds([[null, COLORS.info]])),
    )
    .withPanel(
      new stat.PanelBuilder().title('Dead-letter queue').gridPos(grid(12, 0, 6, 4))
        .withTarget(query(`${queueDlqJobs.name}{queue=~"$queue"}`, '{{queue}}'))
        .thresholds(thresholds([[null, COLORS.ok], [1, COLORS.warn], [100, COLORS.bad]])),
    )
    .withPanel(
      new stat.PanelBuilder().title('Oldest waiting job').gridPos(grid(18, 0, 6, 4)).unit('s')
        .withTarget(query(`${queueOldestWaitingAge.name}{queue=~"$queue"}`, '{{queue}}'))
        .thresholds(thresholds([[null, COLORS.ok], [60, COLORS.warn], [300, COLORS.bad]])),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Jobs by state').gridPos(grid(0, 4, 12, 8))
        .withTarget(query(`${queueJobs.name}{queue=~"$queue",state=~"waiting|active|delayed|prioritized|failed"}`, '{{queue}} {{state}}')),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Jobs per minute by outcome').gridPos(grid(12, 4, 12, 8))
        .withTarget(query(`${queueOutcomeJobsPerMinute}{queue=~"$queue"}`, '{{queue}} {{outcome}}')),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Wait before first attempt (p95)').gridPos(grid(0, 12, 12, 8)).unit('s')
        .withTarget(query(`histogram_quantile(0.95, sum by (queue, le) (rate(${jobWait.name}_bucket{queue=~"$queue"}[$__rate_interval])))`, '{{queue}}')),
    )
    .withPanel(
      new timeseries.PanelBuilder().title('Run time per attempt (p95)').gridPos(grid(12, 12, 12, 8)).unit('s')
        .withTarget(query(`histogram_quantile(0.95, sum by (queue, le) (rate(${jobDuration.name}_bucket{queue=~"$queue"}[$__rate_interval])))`, '{{queue}}')),
    )
    .withPanel(
      new table.PanelBuilder().title('Unhealthy queues').description(`${queueUnhealthy}: backlog growing, stalled, oldest job waiting, DLQ growing.`).gridPos(grid(0, 20, 24, 6))
        .withTarget(instant(`${queueUnhealthy}{queue=~"$queue"}`, 'A'))
        .withTransformation({ id: 'organize', options: { excludeByName: { Time: true, Value: true, __name__: true } } }),
    );
}
