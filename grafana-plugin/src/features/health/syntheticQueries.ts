// What the Health page's synthetic block asks Prometheus: the latest result of every synthetic
// check per location, from the external runners (k6 checks by remote write, blackbox probes by
// scrape; a probe's check is its target). Built from the metric catalogue of @trafi-ops/contracts.
import { EXTERNAL_SERIES } from '@trafi-ops/contracts';
import { instantQuery, viaPrometheus, type Sample } from '../../api/prometheus';

export const SYNTHETIC_QUERIES = {
  // k6 runs every 5 minutes: the last result within two intervals stands until the next run.
  k6: `min by (synthetic, check, location) (last_over_time(${EXTERNAL_SERIES.k6Checks}[10m]))`,
  probes: `min by (instance, location) (${EXTERNAL_SERIES.probeSuccess}{job="synthetics-blackbox"})`,
} as const;

export interface SyntheticResult { source: string; check: string; location: string; ok: boolean }

export function syntheticResults(k6: Sample[], probes: Sample[]): SyntheticResult[] {
  const rows = [
    ...k6.map((s) => ({ source: s.labels.synthetic ?? 'k6', check: s.labels.check ?? '', location: s.labels.location ?? '', ok: s.value >= 1 })),
    ...probes.map((s) => ({ source: 'blackbox', check: s.labels.instance ?? '', location: s.labels.location ?? '', ok: s.value >= 1 })),
  ];
  // Failures first, then by check and location: what is broken is at the top.
  return rows.sort((a, b) => Number(a.ok) - Number(b.ok) || a.source.localeCompare(b.source) || a.check.localeCompare(b.check) || a.location.localeCompare(b.location));
}

export function loadSyntheticResults(uid: string): Promise<SyntheticResult[]> {
  return viaPrometheus(uid, async () => {
    const [k6, probes] = await Promise.all([instantQuery(uid, SYNTHETIC_QUERIES.k6), instantQuery(uid, SYNTHETIC_QUERIES.probes)]);
    return syntheticResults(k6, probes);
  });
}
