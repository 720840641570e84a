// What the Event flow page asks Prometheus: events per store and type over the last hour and day
// and each store's freshness (recording rules of the metric catalogue; test/components/queries.test.ts
// checks them). The verdict, gaps and the Profit Engine gate come from the ops API.
import { RECORDING_RULES } from '@trafi-ops/contracts';
import { instantQuery, viaPrometheus } from '../../api/prometheus';

export const EVENT_FLOW_QUERIES = {
  events1h: RECORDING_RULES.storeEventTypeEvents1h,
  events1d: RECORDING_RULES.storeEventTypeEvents1d,
  freshness: RECORDING_RULES.storeEventsFreshness,
} as const;

export interface StoreCounts {
  /** Events per type over the window, by store. */
  lastHour: Record<string, Record<string, number>>;
  lastDay: Record<string, Record<string, number>>;
  /** Seconds since the store's last event of any type. */
  freshness: Record<string, number>;
}

export function loadEventFlowCounts(uid: string): Promise<StoreCounts> {
  return viaPrometheus(uid, async () => {
    const [h, d, f] = await Promise.all([instantQuery(uid, EVENT_FLOW_QUERIES.events1h), instantQuery(uid, EVENT_FLOW_QUERIES.events1d), instantQuery(uid, EVENT_FLOW_QUERIES.freshness)]);
    const byStore = (samples: typeof h) => {
      const out: Record<string, Record<string, number>> = {};
      for (const s of samples) {
        const { store, event_type: type } = s.labels;
        if (store && type && Number.isFinite(s.value)) (out[store] ??= {})[type] = s.value;
      }
      return out;
    };
    const freshness: Record<string, number> = {};
    for (const s of f) if (s.labels.store && Number.isFinite(s.value)) freshness[s.labels.store] = s.value;
    return { lastHour: byStore(h), lastDay: byStore(d), freshness };
  });
}
