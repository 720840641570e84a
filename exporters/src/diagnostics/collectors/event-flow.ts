// Event flow health per store of the tenant: today's verdict (EventFlowHealth, which is the
// Profit Engine gate) and, from Prometheus, how much of the period the store was healthy and how
// many events of each type arrived in it.
import { METRICS, type StoreFlowVerdict } from '@trafi-ops/contracts';
import type { EventFlowHealth } from '../../events/flow-health.ts';
import { promString, type PrometheusApi } from '../prometheus-api.ts';

export async function collectEventFlow(flow: EventFlowHealth | undefined, prom: PrometheusApi | undefined, stores: string[], from: number, to: number): Promise<StoreFlowVerdict[]> {
  const all = flow ? await flow.all(to) : [];
  const range = `${Math.max(60, Math.round((to - from) / 1000))}s`;
  return Promise.all(
    stores.map(async (store): Promise<StoreFlowVerdict> => {
      const now = all.find((s) => s.store === store);
      const sel = `store=${promString(store)}`;
      const [share, counts] = prom
        ? await Promise.all([
            prom.scalar(`avg(avg_over_time(${METRICS.eventFlowHealthy.name}{${sel}}[${range}]))`, to),
            prom.query(`sum by (event_type) (increase(${METRICS.eventsReceived.name}{${sel}}[${range}]))`, to),
          ])
        : [null, []];
      const inPeriod = new Map(counts.map((c) => [c.metric.event_type ?? '', Number(c.value[1])]));
      const types = (now?.types ?? []).map((t) => ({ eventType: t.eventType, total: t.total, inPeriod: inPeriod.get(t.eventType) ?? null, ageSeconds: t.ageSeconds, status: t.status }));
      const healthy = now?.healthy ?? false;
      return { store, healthy, profitEngineGate: healthy ? 'open' : 'closed', healthyShare: share, reasons: now ? now.reasons : ['no events received from this store'], types };
    }),
  );
}
