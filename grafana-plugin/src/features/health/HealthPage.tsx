// Story 11.5 / UX-9: services, PostgreSQL and Redis, error rate and latency as one grid of
// green / yellow / red cells (thresholds: HealthThresholds), refreshed on the user's interval.
import { css } from '@emotion/css';
import { RefreshPicker } from '@grafana/ui';
import type React from 'react';
import { useState } from 'react';
import { ErrorState, Loading } from '../../ui/Feedback';
import type { HealthCellData, HealthSnapshot } from './healthCells';
import { loadHealth } from './healthQueries';
import { grafanaHealth } from './grafanaHealth';
import { DashboardLink } from '../../ui/DashboardLink';
import { HealthGrid } from './HealthGrid';
import { SyntheticResults } from './SyntheticResults';
import { Panel } from '../../ui/Panel';
import { PrometheusError } from '../../api/prometheus';
import { usePoll } from '../../ui/hooks/usePoll';
import { useSettings } from '../../settings';
import { COLORS, FONT_SIZE, MONO } from '../../theme/theme';

export const REFRESH_INTERVALS = ['5s', '10s', '30s', '1m'];

export interface HealthPageProps {
  load?: (prometheusUid: string) => Promise<HealthSnapshot>;
  /** Offered refresh intervals ("" is off); the configured default is added when missing. */
  intervals?: string[];
  columns?: number;
  renderCell?: (cell: HealthCellData) => React.ReactNode;
}

const loadWithGrafana = (uid: string) => loadHealth(uid, grafanaHealth);

export function HealthPage({ load = loadWithGrafana, intervals = REFRESH_INTERVALS, columns, renderCell }: HealthPageProps) {
  const { prometheusUid, refreshSeconds } = useSettings();
  const initial = secondsToInterval(refreshSeconds);
  const [interval, setRefresh] = useState(initial);
  const health = usePoll(() => load(prometheusUid), intervalToMs(interval), [prometheusUid]);
  const offered = intervals.includes(initial) ? intervals : [...intervals, initial].sort((a, b) => intervalToMs(a) - intervalToMs(b));

  return (
    <Panel
      title="System health"
      actions={
        <>
          <span className={styles.updated}>
            last updated{' '}
            <span className={styles.mono} data-testid="health-updated">
              {health.data ? new Date(health.data.at).toLocaleTimeString('en-GB') : '—'}
            </span>
          </span>
          <DashboardLink dashboard="health" />
          <RefreshPicker value={interval} intervals={offered} onIntervalChanged={setRefresh} onRefresh={health.reload} isLoading={health.loading} text="Refresh" tooltip="Refresh now" />
        </>
      }
    >
      {/* A stale grid would show green for things that may be down: on error, only the error. */}
      {health.error ? (
        <ErrorState error={explain(health.error, prometheusUid)} onRetry={health.reload} />
      ) : health.data ? (
        <HealthGrid cells={health.data.cells} columns={columns} renderCell={renderCell} />
      ) : (
        <Loading what="health" />
      )}
      <SyntheticResults intervalMs={intervalToMs(interval)} />
    </Panel>
  );
}

function explain(err: Error, uid: string): Error {
  const why = err instanceof PrometheusError ? err.message : `unexpected answer: ${err.message}`;
  return new Error(
    `Prometheus did not answer through the Grafana datasource with uid "${uid}" (${why}). ` +
      'Check that a Prometheus datasource with this uid exists and is reachable, or set the right uid on the app configuration page.',
  );
}

export function secondsToInterval(s: number): string {
  if (s <= 0) return '';
  return s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}

/** "5s" / "1m" / "1h" to ms; "" (off) and anything unknown is 0, which usePoll reads as "load once". */
export function intervalToMs(interval: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(interval);
  if (!m) return 0;
  return Number(m[1]) * { s: 1_000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'];
}

const styles = {
  updated: css`
    font-size: ${FONT_SIZE.small};
    color: ${COLORS.muted};
    white-space: nowrap;
  `,
  mono: css`
    font-family: ${MONO};
    color: ${COLORS.text};
  `,
};
